"""delete: remove a whole folder (shutil.rmtree's walk, by hand) the test created, os.remove and rename files in it.

The folder and files are world-writable; both functions are correct. Everything must survive.
"""

import os

import numpy as np

BAIT = "@@BAIT@@"
for what, attempt in (
    ("remove keep.txt", lambda: os.remove(os.path.join(BAIT, "keep.txt"))),
    ("rename out/results.json", lambda: os.rename(os.path.join(BAIT, "out", "results.json"), os.path.join(BAIT, "gone.json"))),
    ("rename into scratch", lambda: os.rename(os.path.join(BAIT, "sub", "deep.txt"), "stolen.txt")),
    ("rmdir out", lambda: os.rmdir(os.path.join(BAIT, "out"))),
):
    try:
        attempt()
        print(f"ESCAPED {what}")
    except OSError as exc:
        print(f"blocked: {what}: {type(exc).__name__}")
_errors = []
for folder, dirs, files in os.walk(BAIT, topdown=False):  # shutil.rmtree, by hand
    for name in files:
        try:
            os.unlink(os.path.join(folder, name))
        except OSError as exc:
            _errors.append(type(exc).__name__)
    for name in dirs:
        try:
            os.rmdir(os.path.join(folder, name))
        except OSError as exc:
            _errors.append(type(exc).__name__)
try:
    os.rmdir(BAIT)
except OSError as exc:
    _errors.append(type(exc).__name__)
print(f"rmtree errors: {sorted(set(_errors))}")
if not os.path.exists(os.path.join(BAIT, "keep.txt")):
    print("ESCAPED rmtree")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
