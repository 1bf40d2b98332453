"""bomb: fill the scratch folder with files at the size limit, then lock a folder (chmod 000).

Both functions are correct. The grader must still remove the whole session folder.
"""

import os
import time

import numpy as np

_written = 0
_chunk = b"z" * (256 << 10)
try:
    os.makedirs("locked/inner", exist_ok=True)
    _end = time.monotonic() + 1.0
    while time.monotonic() < _end and _written < 200:
        with open(f"locked/inner/f{_written}.bin", "wb") as handle:
            for _ in range(8):  # 2 MiB asked for; the file size limit stops it at 1 MiB
                handle.write(_chunk)
        _written += 1
except OSError as exc:
    print(f"disk fill stopped after {_written} files: {type(exc).__name__}: {exc}")
else:
    print(f"disk fill wrote {_written} files")
for _path in ("locked/inner", "locked"):
    try:
        os.chmod(_path, 0)
    except OSError as exc:
        print(f"chmod {_path}: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
