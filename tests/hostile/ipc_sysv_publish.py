"""leave state (student A): publish a message in System V shared memory under a fixed key,
for a later submission graded on the same machine (student B, ipc_sysv_collect.py).

Both functions are correct.
"""

import ctypes

import numpy as np

KEY = int("@@IPC_KEY@@")
MESSAGE = b"@@TOKEN@@ says: node_value is a dot product\0"
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_id = _libc.shmget(KEY, 4096, 0o1666)  # IPC_CREAT | rw for everyone
if _id < 0:
    print(f"blocked: shmget: errno {ctypes.get_errno()}")
else:
    _address = _libc.shmat(_id, None, 0)
    if _address in (None, ctypes.c_void_p(-1).value):
        print(f"blocked: shmat: errno {ctypes.get_errno()}")
    else:
        ctypes.memmove(_address, MESSAGE, len(MESSAGE))
        print("published a message in System V shared memory")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
