"""read: plant a symlink and a hard link to the reference in the scratch folder (the worker's
cwd, where it may write), read through them, and return the text as numbers so any bytes
that got through would show up in a result.

node_value returns the reference's bytes as an array when a read works, else the right value.
"""

import os

import numpy as np

REFERENCE = "@@REFERENCE@@"
BAIT = "@@BAIT@@"
_stolen = b""
for name, make in (("ref_symlink.py", os.symlink), ("ref_hardlink.py", os.link)):
    try:
        make(REFERENCE, name)
        print(f"made {name}")
    except OSError as exc:
        print(f"blocked: make {name}: {type(exc).__name__}")
        continue
    try:
        with open(name, "rb") as handle:
            _stolen = handle.read()
        print(f"ESCAPED read through {name}:\n{_stolen.decode()}")
    except OSError as exc:
        print(f"blocked: read through {name}: {type(exc).__name__}")
try:
    os.symlink(BAIT, "bait_link")
    with open("bait_link/keep.txt", "a") as handle:
        handle.write("written through a symlink\n")
    print("ESCAPED write through a symlink to the bait folder")
except OSError as exc:
    print(f"blocked: write through a symlink: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    if _stolen:
        return np.frombuffer(_stolen, dtype=np.uint8)
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
