"""bomb: try 200 forks and a posix_spawn at import, keep every child alive, report how many worked.

Both functions are correct: the grade must not change, and no child may outlive the grading.
"""

import os
import time

import numpy as np

_children = 0
for _ in range(200):
    try:
        pid = os.fork()
    except OSError as exc:
        _error = type(exc).__name__
        continue
    if pid == 0:
        time.sleep(3600)
        os._exit(0)
    _children += 1
try:
    os.posix_spawn("/bin/sleep", ["sleep", "3600"], {})
    _children += 1
except OSError:
    pass
if _children:
    print(f"ESCAPED: {_children} child processes started")
else:
    print(f"blocked: every fork ({_error})")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
