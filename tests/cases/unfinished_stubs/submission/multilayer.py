"""Multi-layer neural networks: two hidden layers of two ReLU nodes each, then a linear output.

The first hidden layer reads input_data; the second reads the first layer's outputs; the output
node reads the second layer's outputs.
"""

import numpy as np


def relu(input):
    """Ready-made, correct ReLU for one number: input if it is positive, else 0.

    Provided so that a mistake in 03_relu does not carry over; it is not graded here.
    """
    return input if input > 0 else 0


def predict_with_network(input_data, weights):
    """Return the prediction of a network with two hidden layers of two ReLU nodes each.

    hidden layer 1 = [relu(input_data · weights['node0_0']), relu(input_data · weights['node0_1'])]
    hidden layer 2 = [relu(layer 1 · weights['node1_0']), relu(layer 1 · weights['node1_1'])]
    prediction     = hidden layer 2 · weights['output']   (no activation on the output node)

    Args:
        input_data: 1-D numpy array of n numbers (n = 2 in the lesson).
        weights: dict with keys 'node0_0' and 'node0_1' (n weights each), 'node1_0' and
            'node1_1' (2 weights each) and 'output' (2 weights); each a list or 1-D numpy array.

    Returns:
        The prediction, a single number.

    Example:
        input_data = np.array([3, 5])
        weights = {'node0_0': [2, 4], 'node0_1': [4, -5], 'node1_0': [-1, 1],
                   'node1_1': [1, 1], 'output': [-3, 7]}
        hidden layer 1: [relu(26), relu(-13)] = [26, 0]
        hidden layer 2: [relu(-26), relu(26)] = [0, 26]
        prediction: 0*(-3) + 26*7 = 182, so predict_with_network returns 182.
    """
    # TODO: compute hidden layer 1, then hidden layer 2 from it, then the output node.
    raise NotImplementedError("predict_with_network is not written yet")
