"""signal: predict raises SIGSEGV on itself, then dereferences NULL through ctypes."""

import ctypes
import os
import signal

import numpy as np


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    os.kill(os.getpid(), signal.SIGSEGV)
    ctypes.string_at(0)
