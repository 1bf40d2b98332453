"""thread: node_value starts a thread that keeps writing forged reply frames (claiming the
answer 0.0) and garbage to every fd from 3 to 20, long after node_value returned.

node_value may earn only what `return 0.0` earns honestly; predict, graded after node_value,
must keep full marks.
"""

import json
import os
import struct
import threading
import time

import numpy as np

HEADER = json.dumps({"op": "result", "value": {"f": (0.0).hex()}, "modified": [], "buf": []}).encode()
FRAME = struct.pack(">II", len(HEADER), 0) + HEADER
GARBAGE = struct.pack(">II", 0xFFFFFFF0, 0xFFFFFFF0) + b"\xff" * 64
_started = []


def _forge():
    while True:
        for fd in range(3, 21):
            for data in (FRAME, GARBAGE):
                try:
                    os.write(fd, data)
                except OSError:
                    pass
        time.sleep(0.001)


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    if not _started:
        _started.append(threading.Thread(target=_forge, daemon=True))
        _started[0].start()
    return 0.0


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
