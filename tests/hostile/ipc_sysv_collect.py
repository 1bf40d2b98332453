"""leave state (student B): read what an earlier submission left in System V shared memory.

Both functions are correct; the message must not be readable.
"""

import ctypes

import numpy as np

KEY = int("@@IPC_KEY@@")
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_id = _libc.shmget(KEY, 0, 0)
if _id < 0:
    print(f"blocked: shmget: errno {ctypes.get_errno()}")
else:
    _address = _libc.shmat(_id, None, 0o10000)  # SHM_RDONLY
    if _address in (None, ctypes.c_void_p(-1).value):
        print(f"blocked: shmat: errno {ctypes.get_errno()}")
    else:
        print(f"ESCAPED found in shared memory: {ctypes.string_at(_address).decode(errors='replace')}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
