"""Backpropagation through the one-hidden-layer ReLU network of exercise 03.

Forward: hidden inputs z = [input_data · node0, input_data · node1], outputs relu(z),
prediction = relu(z) · output. Backward: the slope of (prediction - target) ** 2 for every weight.
"""

import numpy as np


def gradients(input_data, target, weights):
    """Return the slope of the squared error for every weight, as a dict with the keys of weights.

    output error     = 2 * (prediction - target)
    slopes of output = output error * hidden outputs (after ReLU)
    slopes of node j = output error * weights['output'][j] * relu_slope(z_j) * input_data,
    where relu_slope(z) is 1 for z > 0 and 0 otherwise.

    Args:
        input_data: 1-D numpy array of n numbers.
        target: the true value, a single number.
        weights: dict with keys 'node0' and 'node1' (n weights each) and 'output' (2 weights);
            each a list or 1-D numpy array.

    Returns:
        A dict with keys 'node0', 'node1' and 'output', each a 1-D numpy array of slopes.

    Example:
        input_data = np.array([1, 3]), target = 1 and the weights of exercise 03: hidden inputs
        [4, -2], outputs [4, 0], prediction 4, output error 6; the slopes are [24, 0] for
        'output', [6, 18] for 'node0' and [0, 0] for 'node1'.
    """
    x = np.asarray(input_data, dtype=np.float64)
    hidden_in = np.array([x @ np.asarray(weights['node0'], dtype=np.float64), x @ np.asarray(weights['node1'], dtype=np.float64)])
    hidden_out = np.maximum(hidden_in, 0)
    output_weights = np.asarray(weights['output'], dtype=np.float64)
    output_error = 2 * (hidden_out @ output_weights - target)
    sent_back = output_error * output_weights * (hidden_in > 0)
    return {'node0': sent_back[0] * x, 'node1': sent_back[1] * x, 'output': output_error * hidden_out}
