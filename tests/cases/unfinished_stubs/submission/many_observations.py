"""Applying a network to many observations: one prediction per row of input data.

The network has one hidden layer of two ReLU nodes and a linear output node, as in 03_relu.
"""

import numpy as np


def relu(input):
    """Ready-made, correct ReLU for one number: input if it is positive, else 0.

    Provided so that a mistake in 03_relu does not carry over; it is not graded here.
    """
    return input if input > 0 else 0


def predict_rows(input_rows, weights):
    """Return the network's prediction for every row, as a list in the same order as the rows.

    For each row: hidden outputs = [relu(row · weights['node0']), relu(row · weights['node1'])]
    and prediction = hidden outputs · weights['output'] (no activation on the output node).

    Args:
        input_rows: list of 1-D numpy arrays, each with n numbers (one observation per row);
            may be empty.
        weights: dict with keys 'node0' and 'node1' (n weights each) and 'output'
            (2 weights); each a list or 1-D numpy array.

    Returns:
        A list of numbers, one prediction per row, in the order of input_rows ([] for no rows).

    Example:
        input_rows = [np.array([3, 5]), np.array([1, -1]), np.array([0, 0]), np.array([8, 4])]
        weights = {'node0': [2, 4], 'node1': [4, -5], 'output': [2, 7]}
        row [3, 5]: hidden inputs [26, -13] -> outputs [26, 0] -> prediction 26*2 + 0*7 = 52
        predict_rows(input_rows, weights) returns [52, 63, 0, 148].
    """
    # TODO: make one prediction per row, in order, and return them as a list.
    raise NotImplementedError("predict_rows is not written yet")
