"""Forward propagation: how a network with one hidden layer turns an input into a prediction.

Each node's value is the dot product of the values feeding into it and the weights on those
connections. In this exercise no activation function is used anywhere.
"""

import numpy as np


def node_value(input_data, node_weights):
    """Return the value of one node: the dot product of input_data and node_weights.

    Multiply every input by the weight on its connection to the node, then add the products.

    Args:
        input_data: 1-D numpy array of n numbers (ints or floats); n = 2 in the lesson.
        node_weights: list or 1-D numpy array of n numbers, one weight per input.

    Returns:
        A single number (a Python or numpy int or float).

    Example (a customer aged 40 who is not retired):
        node_value(np.array([40, 0]), [1, 1]) returns 40, because 40*1 + 0*1 = 40.
    """
    # TODO: multiply each input by its weight and add up the products.
    raise NotImplementedError("node_value is not written yet")


def predict(input_data, weights):
    """Return the prediction of a network with one hidden layer of two nodes, no activation.

    hidden node 0 = dot product of input_data and weights['node0']
    hidden node 1 = dot product of input_data and weights['node1']
    output        = dot product of [hidden node 0, hidden node 1] and weights['output']

    Args:
        input_data: 1-D numpy array of n numbers.
        weights: dict with keys 'node0' and 'node1' (n weights each, one per input) and
            'output' (2 weights, one per hidden node); each a list or 1-D numpy array.

    Returns:
        The output node's value, a single number.

    Example:
        input_data = np.array([40, 0])
        weights = {'node0': [1, 1], 'node1': [1, -1], 'output': [1, -1]}
        hidden layer: [40*1 + 0*1, 40*1 + 0*(-1)] = [40, 40]
        output: 40*1 + 40*(-1) = 0, so predict(input_data, weights) returns 0.
    """
    # TODO: compute both hidden node values, then the output node from them.
    raise NotImplementedError("predict is not written yet")
