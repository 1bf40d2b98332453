"""output: node_value prints 50 MB (once per worker) and then answers correctly."""

import numpy as np

_flooded = []


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    if not _flooded:
        _flooded.append(True)
        print("x" * (50 << 20))
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
