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
    error = predictions[0] - targets[0]
    return error ** 2
