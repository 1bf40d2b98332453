"""mutate: node_value computes the right value, then zeroes input_data and node_weights in place
(trying to corrupt whatever the grader compares with next).

Only node_value's "does not modify its arguments" check may fail; predict is untouched.
"""

import numpy as np


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    value = _dot(input_data, node_weights)
    input_data[...] = 0
    node_weights[:] = [0] * len(node_weights)
    return value


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
