"""Backpropagation through the one-hidden-layer ReLU network of exercise 03.

Forward: hidden inputs z = [input_data · node0, input_data · node1], outputs relu(z),
prediction = relu(z) · output. Backward: the slope of (prediction - target) ** 2 for every weight.
"""

import numpy as np


def gradients(input_data, target, weights):
    x = np.asarray(input_data, dtype=np.float64)
    hidden_in = np.array([x @ np.asarray(weights['node0'], dtype=np.float64), x @ np.asarray(weights['node1'], dtype=np.float64)])
    hidden_out = np.maximum(hidden_in, 0)
    output_weights = np.asarray(weights['output'], dtype=np.float64)
    output_error = 2 * (target - hidden_out @ output_weights)
    sent_back = output_error * output_weights * (hidden_in > 0)
    return {'node0': sent_back[0] * x, 'node1': sent_back[1] * x, 'output': output_error * hidden_out}
