"""The slope of the squared error for each weight of a network with one output node.

prediction = input_data · weights (no hidden layer); error = prediction - target;
slope = 2 * input_data * error, one number per weight.
"""

import numpy as np


def predict_linear(input_data, weights):
    """Return the prediction of a network with no hidden layer: the dot product of the arguments.

    Args:
        input_data: 1-D numpy array of n numbers.
        weights: n weights, a list or 1-D numpy array.

    Returns:
        The prediction, a single number (no activation function).

    Example:
        input_data = np.array([1, 2, 3])
        weights = np.array([0, 2, 1])
        1*0 + 2*2 + 3*1 = 7, so predict_linear returns 7.
    """
    # TODO: return the dot product of input_data and weights.
    raise NotImplementedError("predict_linear is not written yet")


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
    # TODO: compute the prediction and the error, then return 2 * input_data * error.
    raise NotImplementedError("slope is not written yet")
