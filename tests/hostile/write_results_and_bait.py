"""write: overwrite a results.json the grader might upload, add files next to it, overwrite the
submitted file itself and the session folder around the scratch folder.

The bait folder and its files are world-writable: only the sandbox stands in the way.
Both functions are correct; every write must fail.
"""

import json
import os

import numpy as np

BAIT = "@@BAIT@@"
FAKE = json.dumps({"score": 100, "tests": [{"name": "everything", "score": 100, "max_score": 100, "status": "passed"}]})
for path, mode in (
    (os.path.join(BAIT, "out", "results.json"), "w"),
    (os.path.join(BAIT, "out", "results.json"), "a"),
    (os.path.join(BAIT, "out", "extra_results.json"), "x"),
    (os.path.join(BAIT, "keep.txt"), "w"),
    ("../files/forward_propagation.py", "w"),
    ("../results.json", "x"),
    (os.path.join(os.path.dirname(os.getcwd()), "..", "results.json"), "x"),
):
    try:
        with open(path, mode) as handle:
            handle.write(FAKE)
        print(f"ESCAPED write {path} ({mode})")
    except OSError as exc:
        print(f"blocked: write {path} ({mode}): {type(exc).__name__}")
try:
    os.truncate(os.path.join(BAIT, "keep.txt"), 0)
    print("ESCAPED truncate keep.txt")
except OSError as exc:
    print(f"blocked: truncate: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
