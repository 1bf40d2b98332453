"""How wrong a network is: the error of one prediction and the mean squared error of many.

error = prediction - target; the mean squared error (MSE) is the mean of the squared errors.
"""

import numpy as np


def prediction_error(prediction, target):
    """Return the error of one prediction: prediction - target.

    Positive when the prediction is too high, negative when it is too low, 0 when it is right.

    Args:
        prediction: a single number (int or float).
        target: the true value, a single number.

    Returns:
        A single number.

    Example:
        the network of exercise 01 predicts 0 for the customer [40, 0]; with target 3,
        prediction_error(0, 3) returns -3.
    """
    return prediction - target


def mean_squared_error(predictions, targets):
    """Return the mean squared error: the mean over all rows of (prediction - target) ** 2.

    Args:
        predictions: list or 1-D numpy array of numbers, one per row (at least one row).
        targets: list or 1-D numpy array of numbers, as long as predictions.

    Returns:
        A single number, never negative; 0 exactly when every prediction equals its target.

    Example:
        errors [1 - 0, 2 - 4] = [1, -2], squares [1, 4], mean (1 + 4) / 2 = 2.5, so
        mean_squared_error([1, 2], [0, 4]) returns 2.5.
    """
    total = 0.0
    for prediction, target in zip(predictions, targets):
        total += (prediction - target) ** 2
    return total / len(predictions)
