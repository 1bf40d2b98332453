"""Activation functions: tanh on the hidden layer lets the network capture non-linear patterns.

Each hidden node computes its input (a dot product), then its output = tanh(input). The output
node is a plain dot product of the hidden outputs and the output weights.
"""

import numpy as np


def predict_with_tanh(input_data, weights):
    """Return the prediction of a one-hidden-layer network with tanh on the two hidden nodes.

    hidden output 0 = tanh(dot product of input_data and weights['node0'])
    hidden output 1 = tanh(dot product of input_data and weights['node1'])
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
        hidden inputs [40, 40]; hidden outputs [tanh(40), tanh(40)] = [1.0, 1.0]
        prediction 1.0*1 + 1.0*(-1) = 0.0, so predict_with_tanh returns 0.0.
    """
    # TODO: compute each hidden node's input, apply np.tanh, then compute the output node.
    raise NotImplementedError("predict_with_tanh is not written yet")
