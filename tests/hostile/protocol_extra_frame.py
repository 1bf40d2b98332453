"""protocol: node_value writes one extra, well-formed reply frame (value 0.0) straight to the
worker's reply pipe before returning its real answer, so every later reply arrives one call late.

node_value may earn only what its answers earn; predict, graded after it, must keep full
marks, which needs the grader to notice the unrequested frame and restart the worker.
"""

import gc
import json
import os
import struct
import sys

import numpy as np

HEADER = json.dumps({"op": "result", "value": {"f": (0.0).hex()}, "modified": [], "buf": []}).encode()
_sent = []


def _reply_fd():
    kind = sys.modules["autograder.isolation.worker"].Worker
    return next(o for o in gc.get_objects() if isinstance(o, kind)).resp_fd


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    if not _sent:
        _sent.append(True)
        os.write(_reply_fd(), struct.pack(">II", len(HEADER), 0) + HEADER)
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
