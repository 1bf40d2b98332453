"""mutate: as mutate_arguments.py, but also replace the worker's own before/after comparison
(autograder.isolation.worker._same) so the mutation is never reported.

The worker is untrusted, so this wins the "does not modify its arguments" check back.
"""

import sys

import numpy as np

sys.modules["autograder.isolation.worker"]._same = lambda before, after: True


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
