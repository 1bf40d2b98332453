"""write: change the mode and timestamps of files the grader's user owns (the bait folder,
the submission folder), which Landlock does not cover. (The test names no file of the course
itself here: other test processes read the reference at the same time.)

Both functions are correct; the files must keep their mode and timestamps.
"""

import os

import numpy as np

BAIT = "@@BAIT@@"
for path, mode in (
    (os.path.join(BAIT, "keep.txt"), 0),
    (os.path.join(BAIT, "out"), 0),
    (BAIT, 0o700),
    ("../files", 0o777),
):
    try:
        os.chmod(path, mode)
        print(f"ESCAPED chmod {path} {mode:o}")
    except OSError as exc:
        print(f"blocked: chmod {path}: {type(exc).__name__}")
for path in (os.path.join(BAIT, "sub", "deep.txt"), os.path.join(BAIT, "out", "results.json")):
    try:
        os.utime(path, (0, 0))
        print(f"ESCAPED utime {path}")
    except OSError as exc:
        print(f"blocked: utime {path}: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
