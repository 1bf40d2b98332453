"""protocol: while loading, write a reply frame whose JSON header is 5,000 nested lists straight
to the worker's reply pipe (json.loads raises RecursionError on it, not ValueError).

Nothing was checked yet, so nothing may score; the grader must report and carry on.
"""

import gc
import os
import struct
import sys

import numpy as np

_kind = sys.modules["autograder.isolation.worker"].Worker
_fd = next(o for o in gc.get_objects() if isinstance(o, _kind)).resp_fd
_header = b"[" * 5000
os.write(_fd, struct.pack(">II", len(_header), 0) + _header)


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
