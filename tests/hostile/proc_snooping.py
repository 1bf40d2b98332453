"""proc: read the fork server's and init's /proc entries (environ, cmdline, memory, fds).

Both functions are correct; every read must fail.
"""

import os

import numpy as np

_parent = os.getppid()
for path in (
    f"/proc/{_parent}/environ",
    f"/proc/{_parent}/cmdline",
    f"/proc/{_parent}/maps",
    f"/proc/{_parent}/mem",
    f"/proc/{_parent}/status",
    "/proc/1/environ",
    "/proc/1/cmdline",
    "/proc/self/environ",
    "/proc/self/maps",
):
    try:
        with open(path, "rb") as handle:
            data = handle.read(4096)
        print(f"ESCAPED read {path}: {data[:120]!r}")
    except OSError as exc:
        print(f"blocked: open {path}: {type(exc).__name__}")
for folder in (f"/proc/{_parent}/fd", "/proc"):
    try:
        print(f"ESCAPED listdir {folder}: {sorted(os.listdir(folder))[:10]}")
    except OSError as exc:
        print(f"blocked: listdir {folder}: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
