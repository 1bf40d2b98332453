"""shadow (the exercise file that comes with numpy.py, hypothesis.py, conftest.py ...): it
imports those names and reports its folder and where each module came from.

Both functions are correct.
"""

import os

import numpy as np

try:
    import hypothesis  # the student's hypothesis.py, if it had been copied next to this file
except Exception as exc:  # noqa: BLE001 - report whatever stopped it
    hypothesis = exc

_here = os.path.dirname(os.path.abspath(__file__))
print(f"files next to the submission: {sorted(os.listdir(_here))}")
print(f"numpy from: {np.__file__}")
print(f"hypothesis from: {getattr(hypothesis, '__file__', hypothesis)}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
