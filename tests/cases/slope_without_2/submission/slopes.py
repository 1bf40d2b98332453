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
    products = np.asarray(input_data) * np.asarray(weights)
    return products.sum()


def slope(input_data, target, weights):
    error = predict_linear(input_data, weights) - target
    return input_data * error
