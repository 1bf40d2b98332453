"""The slope of the squared error for each weight of a network with one output node.

prediction = input_data · weights (no hidden layer); error = prediction - target;
slope = 2 * input_data * error, one number per weight.
"""

import numpy as np


def predict_linear(input_data, weights):
    prediction = (input_data * np.asarray(weights)).sum()
    return max(prediction, 0)


def slope(input_data, target, weights):
    """Return the slope of the squared error (prediction - target) ** 2 for each weight.

    slope = 2 * input_data * error, where error = prediction - target.

    Args:
        input_data: 1-D numpy array of n numbers.
        target: the true value, a single number.
        weights: n weights, a list or 1-D numpy array.

    Returns:
        A 1-D numpy array of n slopes, one per weight.

    Example:
        input_data = np.array([1, 2, 3])
        target = 0
        weights = np.array([0, 2, 1])
        the prediction is 7 and the error 7 - 0 = 7, so slope returns np.array([14, 28, 42]).
    """
    prediction = predict_linear(input_data, weights)
    return 2 * np.asarray(input_data) * (prediction - target)
