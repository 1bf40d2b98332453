"""signal: ignore SIGTERM, SIGINT, SIGHUP, SIGXCPU and SIGALRM at import, then spin in node_value."""

import signal

import numpy as np

for _name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGXCPU", "SIGALRM", "SIGUSR1"):
    signal.signal(getattr(signal, _name), signal.SIG_IGN)


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    while True:
        pass


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
