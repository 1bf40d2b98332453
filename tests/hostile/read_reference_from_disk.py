"""read: open the reference solution, the hidden checks, the example cache and the Hypothesis
database by their real paths (the course root is also easy to find from the worker's own
modules) and print them.

Both functions are correct; every read must fail and no reference text may reach a result.
"""

import os
import sys

import numpy as np

REFERENCE = "@@REFERENCE@@"
COURSE = "@@COURSE@@"
found = os.path.dirname(os.path.dirname(sys.modules["autograder"].__file__))
print(f"course root found from the worker's modules: {found == COURSE}")
targets = [
    REFERENCE,
    os.path.join(COURSE, "solutions", "01_forward_propagation", "hidden_checks.py"),
    os.path.join(COURSE, "solutions", "01_forward_propagation", "misconceptions.py"),
    os.path.join(found, "solutions", "01_forward_propagation", "forward_propagation.py"),
    os.path.join(COURSE, "course.toml"),
]
for path in targets:
    try:
        with open(path) as handle:
            print(f"ESCAPED read {path}:\n{handle.read()}")
    except OSError as exc:
        print(f"blocked: open {path}: {type(exc).__name__}")
for folder in (os.path.join(COURSE, "solutions"), os.path.join(COURSE, ".autograder-cache"), os.path.join(COURSE, ".hypothesis"), COURSE):
    try:
        print(f"ESCAPED listdir {folder}: {sorted(os.listdir(folder))[:20]}")
    except OSError as exc:
        print(f"blocked: listdir {folder}: {type(exc).__name__}")
try:
    _cached = [os.path.join(COURSE, ".autograder-cache", n) for n in os.listdir(os.path.join(COURSE, ".autograder-cache"))]
except OSError:
    _cached = [os.path.join(COURSE, ".autograder-cache", "x.json")]
for path in _cached[:3]:
    try:
        with open(path) as handle:
            print(f"ESCAPED read {path}: {handle.read(300)}")
    except OSError as exc:
        print(f"blocked: open {path}: {type(exc).__name__}")
try:
    fd = os.open(REFERENCE, os.O_PATH)
    print(f"O_PATH handle on the reference: {fd}")
    try:
        print(f"ESCAPED read through /proc/self/fd: {open(f'/proc/self/fd/{fd}').read()}")
    except OSError as exc:
        print(f"blocked: reopen via /proc/self/fd: {type(exc).__name__}")
except OSError as exc:
    print(f"blocked: O_PATH open: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
