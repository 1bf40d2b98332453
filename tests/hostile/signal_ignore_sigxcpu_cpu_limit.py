"""signal: ignore SIGXCPU (the CPU limit's warning), then spin in node_value. Graded with a
1 s CPU limit and a long wall clock, so only RLIMIT_CPU's hard limit (SIGKILL) can stop it.
"""

import signal

import numpy as np

signal.signal(signal.SIGXCPU, signal.SIG_IGN)


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    while True:
        pass


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
