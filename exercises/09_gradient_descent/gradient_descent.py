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
    # TODO: subtract learning_rate times the slope from the weights, making a new array.
    raise NotImplementedError("update_weights is not written yet")


def train(input_data, target, weights, learning_rate, n_updates):
    """Run n_updates steps of gradient descent; return (final_weights, mse_history).

    mse_history holds one MSE per update, measured with the weights before that update; with
    n_updates = 0 the weights come back unchanged and the history is []. The arguments are left
    as they were.

    Args:
        input_data: 1-D numpy array of n numbers.
        target: the true value, a single number.
        weights: the starting weights, n numbers as a list or 1-D numpy array.
        learning_rate: the size of each step, a number >= 0.
        n_updates: how many steps to take, a whole number >= 0.

    Returns:
        A tuple (final_weights, mse_history): a 1-D numpy array of n weights and a list of
        n_updates numbers.

    Example:
        input_data = np.array([1, 2, 3])
        target = 0
        weights = np.array([0, 2, 1])
        with learning_rate 0.01 the history starts 49, 25.4016, 13.1682, ... and falls at
        every step; with learning_rate 0.25 every step overshoots:
        two updates give the final weights [17.5, 37.0, 53.5] and the history [49.0, 1764.0].
    """
    # TODO: n_updates times: record the MSE of the current weights, then update them.
    raise NotImplementedError("train is not written yet")
