"""tamper: make numpy's equality functions always say "equal", then change the arguments in place.

A worker that compared the arguments before and after the call with the module's own
np.array_equal would see nothing; the worker keeps its own reference, taken before any
student code ran, so the "does not modify its arguments" check still fails.
"""

import numpy as np

np.array_equal = lambda *args, **kwargs: True
np.array_equiv = lambda *args, **kwargs: True


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    value = _dot(input_data, node_weights)
    for argument in (input_data, node_weights):
        if isinstance(argument, np.ndarray) and argument.size:  # only arrays: their comparison is the patched one
            argument[...] = argument + 1
    return value


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
