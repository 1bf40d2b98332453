"""kill: SIGKILL the fork server (our parent), every process we may signal (kill(-1)), the
parent's process group, and SIGSTOP it.

Both functions are correct; the grader must carry on as if nothing happened.
"""

import os
import signal

import numpy as np

_parent = os.getppid()
for what, attempt in (
    ("kill(ppid, SIGKILL)", lambda: os.kill(_parent, signal.SIGKILL)),
    ("kill(ppid, SIGSTOP)", lambda: os.kill(_parent, signal.SIGSTOP)),
    ("kill(-1, SIGKILL)", lambda: os.kill(-1, signal.SIGKILL)),
    ("killpg(parent's group)", lambda: os.killpg(os.getpgid(_parent), signal.SIGKILL)),
    ("kill(1, SIGTERM)", lambda: os.kill(1, signal.SIGTERM)),
    ("pidfd_send_signal", lambda: signal.pidfd_send_signal(os.pidfd_open(_parent), signal.SIGKILL)),
    ("setrlimit on parent", lambda: __import__("resource").prlimit(_parent, __import__("resource").RLIMIT_NOFILE, (0, 0))),
):
    try:
        attempt()
        print(f"ESCAPED {what}")
    except (OSError, AttributeError) as exc:
        print(f"blocked: {what}: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
