"""Gradient descent for a network with one output node: one update, then many.

new weights = weights - learning_rate * slope, where slope = 2 * input_data * error and
error = prediction - target. Training repeats the update and records the MSE before each one.
"""

import numpy as np


def predict_linear(input_data, weights):
    """Ready-made, correct prediction of the one-node network (exercise 08): the dot product.

    Provided so that a mistake in 08_slopes does not carry over; it is not graded here.
    """
    return float(np.dot(input_data, weights))


def slope(input_data, target, weights):
    """Ready-made, correct slope of the squared error for each weight (exercise 08).

    Provided so that a mistake in 08_slopes does not carry over; it is not graded here.
    """
    error = predict_linear(input_data, weights) - target
    return 2 * np.asarray(input_data) * error


def update_weights(input_data, target, weights, learning_rate):
    """Return the weights after one step of gradient descent, as a new array.

    new weights = weights - learning_rate * slope(input_data, target, weights)
    The arguments are left as they were.

    Args:
        input_data: 1-D numpy array of n numbers.
        target: the true value, a single number.
        weights: n weights, a list or 1-D numpy array.
        learning_rate: the size of the step, a number >= 0.

    Returns:
        A new 1-D numpy array of n weights.

    Example:
        input_data = np.array([1, 2, 3])
        target = 0
        weights = np.array([0, 2, 1])
        the slopes are [14, 28, 42]; with learning_rate 0.01 the new weights are about
        [-0.14, 1.72, 0.58] and the new prediction 5.04. With learning_rate 0.25 the step
        overshoots: update_weights(input_data, target, weights, 0.25) returns np.array([-3.5, -5.0, -9.5]).
    """
    step = learning_rate * slope(input_data, target, weights)
    new_weights = np.asarray(weights) - step
    return new_weights


def train(input_data, target, weights, learning_rate, n_updates):
    mse_history = []
    for _ in range(n_updates):
        mse_history.append((predict_linear(input_data, weights) - target) ** 2)
        slopes = slope(input_data, target, weights)
        for i in range(len(weights)):
            weights[i] = weights[i] - learning_rate * slopes[i]
    return np.asarray(weights), mse_history
