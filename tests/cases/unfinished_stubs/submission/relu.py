"""The rectified linear activation function (ReLU) and a one-hidden-layer network that uses it.

relu(x) keeps positive numbers and turns everything else into 0. The hidden nodes apply it to
their dot products; the output node stays a plain dot product.
"""

import numpy as np


def relu(input):
    """Return the rectified linear activation of one number: input if it is positive, else 0.

    Args:
        input: a single number (int or float, possibly a numpy scalar).

    Returns:
        A single number, never negative.

    Examples:
        relu(3) returns 3; relu(-3) returns 0.
    """
    # TODO: return input when it is greater than 0, and 0 otherwise.
    raise NotImplementedError("relu is not written yet")


def predict_with_relu(input_data, weights):
    """Return the prediction of a one-hidden-layer network with ReLU on the two hidden nodes.

    hidden output 0 = relu(dot product of input_data and weights['node0'])
    hidden output 1 = relu(dot product of input_data and weights['node1'])
    prediction      = dot product of [hidden output 0, hidden output 1] and weights['output']
    The output node has no activation function.

    Args:
        input_data: 1-D numpy array of n numbers (n = 2 in the lesson).
        weights: dict with keys 'node0' and 'node1' (n weights each, one per input) and
            'output' (2 weights, one per hidden node); each a list or 1-D numpy array.

    Returns:
        The prediction, a single number.

    Example:
        input_data = np.array([40, 0])
        weights = {'node0': [1, 1], 'node1': [1, -1], 'output': [1, -1]}
        hidden inputs [40, 40]; hidden outputs [relu(40), relu(40)] = [40, 40]
        prediction 40*1 + 40*(-1) = 0, so predict_with_relu returns 0.
    """
    # TODO: compute each hidden node's input, apply relu, then compute the output node.
    raise NotImplementedError("predict_with_relu is not written yet")
