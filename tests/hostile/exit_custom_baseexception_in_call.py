"""exit: node_value raises a BaseException named like pytest's Skipped, whose str() raises too."""

import numpy as np


class Skipped(BaseException):
    def __str__(self):
        raise RuntimeError("no message for you")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    raise Skipped()


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
