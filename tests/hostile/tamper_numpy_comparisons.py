"""tamper: make every numpy comparison say "equal", then return the lesson's answer, 40.

Defeats a grader that compares in the student's process. It may earn only what `return 40.0`
earns honestly (tests/test_hostile.py grades that baseline too).
"""

import numpy as np

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *args, **kwargs: True
np.array_equiv = lambda *args, **kwargs: True
try:  # numpy.testing needs unittest, which a root-run worker may be unable to import
    np.testing.assert_allclose = lambda *args, **kwargs: None
    np.testing.assert_array_equal = lambda *args, **kwargs: None
except ImportError:
    pass
np.isfinite = lambda x, *args, **kwargs: np.ones(np.shape(x), dtype=bool)
np.all = lambda *args, **kwargs: True


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return 40.0


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
