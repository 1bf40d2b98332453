"""leave state: write files and a FIFO in /tmp, /var/tmp, /dev/shm and $HOME for the next
student (or to poison the grader), named after a token the test looks for afterwards.

Both functions are correct; nothing may be left behind.
"""

import os

import numpy as np

TOKEN = "@@TOKEN@@"
for folder in ("/tmp", "/var/tmp", "/dev/shm", os.environ.get("HOME", "/"), os.path.dirname(os.getcwd())):
    path = os.path.join(folder, f"{TOKEN}-left")
    try:
        with open(path, "w") as handle:
            handle.write("left for the next student")
        print(f"ESCAPED write {path}")
    except OSError as exc:
        print(f"blocked: write {path}: {type(exc).__name__}")
try:
    os.mkfifo(f"/tmp/{TOKEN}-fifo")
    print("ESCAPED mkfifo")
except OSError as exc:
    print(f"blocked: mkfifo: {type(exc).__name__}")
try:
    os.mkdir(f"/dev/shm/{TOKEN}-dir")
    print("ESCAPED mkdir /dev/shm")
except OSError as exc:
    print(f"blocked: mkdir /dev/shm: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
