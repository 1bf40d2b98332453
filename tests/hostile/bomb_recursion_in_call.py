"""bomb: node_value lifts the recursion limit to a million and recurses without end."""

import sys

import numpy as np


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def _deeper(n):
    return _deeper(n + 1) + 1


def node_value(input_data, node_weights):
    sys.setrecursionlimit(10**6)
    return _deeper(0)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
