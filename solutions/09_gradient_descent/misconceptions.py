"""Known-wrong answers to 09_gradient_descent, each with the lesson it teaches.

Every implementation has the graded function's signature, update_weights(input_data, target,
weights, learning_rate) or train(input_data, target, weights, learning_rate, n_updates); its
docstring is the message a student reads.
"""

import numpy as np

from autograder.checks import misconception


def _error(input_data, target, weights):
    return float(np.dot(input_data, weights)) - target


def _slope(input_data, target, weights):
    return 2 * np.asarray(input_data) * _error(input_data, target, weights)


def _step(input_data, target, weights, learning_rate):
    return np.asarray(weights) - learning_rate * _slope(input_data, target, weights)


# --- update_weights ------------------------------------------------------------------------


@misconception("update_weights", id="adds-the-slope", hint="Subtract the step: weights - learning_rate * slope.", common=True)
def adds_the_slope(input_data, target, weights, learning_rate):
    """It looks like you added the slope instead of subtracting it: that climbs the loss
    (gradient ascent), so every step makes the prediction worse."""
    return np.asarray(weights) + learning_rate * _slope(input_data, target, weights)


@misconception("update_weights", id="updates-in-place", hint="Build new weights, e.g. new_weights = weights - learning_rate * slope, and return them.", common=True)
def updates_in_place(input_data, target, weights, learning_rate):
    """It looks like you change the weights you were given in place (weights[i] = ... in a loop)
    and return them: the caller's weights change too, so it can no longer compare the start
    with the end."""
    slopes = _slope(input_data, target, weights)
    for i in range(len(weights)):
        weights[i] = weights[i] - learning_rate * slopes[i]
    return np.asarray(weights)


@misconception("update_weights", id="no-factor-2", hint="The slope is 2 * input_data * error: keep the factor 2.", common=True)
def update_without_2(input_data, target, weights, learning_rate):
    """It looks like the slope lacks its factor 2, so each step is half as long as it should be."""
    return np.asarray(weights) - learning_rate * np.asarray(input_data) * _error(input_data, target, weights)


@misconception("update_weights", id="learning-rate-ignored", hint="Multiply the slope by learning_rate before subtracting it.")
def learning_rate_ignored(input_data, target, weights, learning_rate):
    """It looks like the whole slope is subtracted, without multiplying it by the learning rate:
    the steps are far too large and the loss explodes."""
    return np.asarray(weights) - _slope(input_data, target, weights)


# --- train ---------------------------------------------------------------------------------


@misconception("train", id="history-after-update", hint="In the loop, record the MSE of the current weights first, then update them.", common=True)
def history_after_update(input_data, target, weights, learning_rate, n_updates):
    """It looks like each MSE is measured after its update: the history should start with the
    loss of the starting weights, measured before the first update."""
    current = np.array(weights)
    history = []
    for _ in range(n_updates):
        current = _step(input_data, target, current, learning_rate)
        history.append(_error(input_data, target, current) ** 2)
    return current, history


@misconception("train", id="adds-the-slope", hint="Each update subtracts learning_rate * slope from the weights.", common=True)
def train_ascends(input_data, target, weights, learning_rate, n_updates):
    """It looks like every update adds the slope instead of subtracting it: the loss climbs
    instead of falling."""
    current = np.array(weights)
    history = []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = current + learning_rate * _slope(input_data, target, current)
    return current, history


@misconception("train", id="weights-not-carried-over", hint="Assign the new weights back (weights = update_weights(...)) so the next update starts from them.", common=True)
def weights_not_carried_over(input_data, target, weights, learning_rate, n_updates):
    """It looks like every update starts again from the starting weights: the new weights are
    computed but never used by the next update, so training never gets past the first step."""
    current = np.array(weights)
    history = []
    for _ in range(n_updates):
        history.append(_error(input_data, target, weights) ** 2)
        current = _step(input_data, target, weights, learning_rate)
    return current, history


@misconception("train", id="one-update-too-few", hint="range(n_updates) runs the loop exactly n_updates times.")
def one_update_too_few(input_data, target, weights, learning_rate, n_updates):
    """It looks like the loop runs one time too few (range(1, n_updates)): n_updates updates and
    n_updates MSE values are asked for."""
    current = np.array(weights)
    history = []
    for _ in range(1, n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = _step(input_data, target, current, learning_rate)
    return current, history


@misconception("train", id="history-of-errors", hint="Record the squared error (error ** 2), the MSE of the one row.")
def history_of_errors(input_data, target, weights, learning_rate, n_updates):
    """It looks like the history holds the plain errors, not the MSE (the squared errors)."""
    current = np.array(weights)
    history = []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current))
        current = _step(input_data, target, current, learning_rate)
    return current, history


@misconception("train", id="updates-in-place", hint="Start from a copy, e.g. current = np.array(weights), and update that.", common=True)
def train_in_place(input_data, target, weights, learning_rate, n_updates):
    """It looks like training changes the weights you were given in place (weights[i] = ... in a
    loop): the caller's starting weights are lost."""
    history = []
    for _ in range(n_updates):
        history.append(_error(input_data, target, weights) ** 2)
        slopes = _slope(input_data, target, weights)
        for i in range(len(weights)):
            weights[i] = weights[i] - learning_rate * slopes[i]
    return np.asarray(weights), history


@misconception("train", id="pair-swapped", hint="Return the weights first and the history second: return final_weights, mse_history.")
def pair_swapped(input_data, target, weights, learning_rate, n_updates):
    """It looks like the pair comes back the other way round, (mse_history, final_weights): train
    returns the final weights first."""
    current = np.array(weights)
    history = []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = _step(input_data, target, current, learning_rate)
    return history, current
