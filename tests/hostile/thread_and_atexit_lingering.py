"""thread/atexit: register atexit hooks and start a non-daemon thread that tries to write
outside the scratch folder forever, and keeps writing inside it.

Both functions are correct. Nothing may be written outside scratch; the thread must not
outlive the grading.
"""

import atexit
import os
import threading
import time

import numpy as np

BAIT = "@@BAIT@@"
TOKEN = "@@TOKEN@@"


def _leave_marks():
    for path in (os.path.join(BAIT, "atexit.txt"), f"/tmp/{TOKEN}-atexit"):
        try:
            with open(path, "w") as handle:
                handle.write("atexit ran")
        except OSError:
            pass


atexit.register(_leave_marks)


def _linger():
    n = 0
    while True:
        n += 1
        for path in (os.path.join(BAIT, "thread.txt"), f"/tmp/{TOKEN}-thread", "inside_scratch.txt"):
            try:
                with open(path, "w") as handle:
                    handle.write(f"still here {n}")
            except OSError:
                pass
        time.sleep(0.05)


threading.Thread(target=_linger, daemon=False).start()


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
