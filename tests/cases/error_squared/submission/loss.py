"""How wrong a network is: the error of one prediction and the mean squared error of many.

error = prediction - target; the mean squared error (MSE) is the mean of the squared errors.
"""

import numpy as np


def prediction_error(prediction, target):
    return (prediction - target) ** 2


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
    errors = np.asarray(predictions) - np.asarray(targets)
    mse = np.mean(errors ** 2)
    return mse
