"""09_gradient_descent written by students who share a misconception but not the library's code."""

import numpy as np


def _error(input_data, target, weights):
    return sum(float(x) * float(w) for x, w in zip(input_data, weights)) - target


def _slopes(input_data, target, weights):
    error = _error(input_data, target, weights)
    return [2 * float(x) * error for x in input_data]


def _step(input_data, target, weights, learning_rate):
    return np.array([w - learning_rate * s for w, s in zip(weights, _slopes(input_data, target, weights))], dtype=float)


# --- update_weights ------------------------------------------------------------------------


def adds_the_slope(input_data, target, weights, learning_rate):
    return np.array([w + learning_rate * s for w, s in zip(weights, _slopes(input_data, target, weights))], dtype=float)


def updates_in_place(input_data, target, weights, learning_rate):
    slopes = _slopes(input_data, target, weights)
    for i, s in enumerate(slopes):
        weights[i] -= learning_rate * s
    return np.asarray(weights)


def update_without_2(input_data, target, weights, learning_rate):
    error = _error(input_data, target, weights)
    return np.array([w - learning_rate * float(x) * error for x, w in zip(input_data, weights)], dtype=float)


def learning_rate_ignored(input_data, target, weights, learning_rate):
    return np.array([w - s for w, s in zip(weights, _slopes(input_data, target, weights))], dtype=float)


# --- train ---------------------------------------------------------------------------------


def history_after_update(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights), []
    for _ in range(n_updates):
        current = _step(input_data, target, current, learning_rate)
        history.append(_error(input_data, target, current) ** 2)
    return current, history


def train_ascends(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights), []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = adds_the_slope(input_data, target, current, learning_rate)
    return current, history


def weights_not_carried_over(input_data, target, weights, learning_rate, n_updates):
    new_weights, history = np.array(weights), []
    for _ in range(n_updates):
        history.append(_error(input_data, target, weights) ** 2)
        new_weights = _step(input_data, target, weights, learning_rate)
    return new_weights, history


def one_update_too_few(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights), []
    for _ in range(n_updates - 1):
        history.append(_error(input_data, target, current) ** 2)
        current = _step(input_data, target, current, learning_rate)
    return current, history


def history_of_errors(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights), []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current))
        current = _step(input_data, target, current, learning_rate)
    return current, history


def train_in_place(input_data, target, weights, learning_rate, n_updates):
    history = []
    for _ in range(n_updates):
        history.append(_error(input_data, target, weights) ** 2)
        updates_in_place(input_data, target, weights, learning_rate)
    return np.asarray(weights), history


def pair_swapped(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights), []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = _step(input_data, target, current, learning_rate)
    return history, current


VARIANTS = {
    ("update_weights", "adds-the-slope"): adds_the_slope,
    ("update_weights", "updates-in-place"): updates_in_place,
    ("update_weights", "no-factor-2"): update_without_2,
    ("update_weights", "learning-rate-ignored"): learning_rate_ignored,
    ("train", "history-after-update"): history_after_update,
    ("train", "adds-the-slope"): train_ascends,
    ("train", "weights-not-carried-over"): weights_not_carried_over,
    ("train", "one-update-too-few"): one_update_too_few,
    ("train", "history-of-errors"): history_of_errors,
    ("train", "updates-in-place"): train_in_place,
    ("train", "pair-swapped"): pair_swapped,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_loop(input_data, target, weights, learning_rate):
    return _step(input_data, target, weights, learning_rate)


def correct_numpy(input_data, target, weights, learning_rate):
    slope = 2 * np.asarray(input_data) * (np.dot(input_data, weights) - target)
    return np.asarray(weights) - learning_rate * slope


def correct_train(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights, dtype=float), []
    for _ in range(n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = correct_numpy(input_data, target, current, learning_rate)
    return current, history


def correct_train_while(input_data, target, weights, learning_rate, n_updates):
    current, history = list(weights), []
    while len(history) < n_updates:
        history.append((np.dot(input_data, current) - target) ** 2)
        current = _step(input_data, target, current, learning_rate)
    return np.asarray(current, dtype=float), history


CORRECT = {"update_weights": [correct_loop, correct_numpy], "train": [correct_train, correct_train_while]}


# --- wrong in ways no misconception describes ----------------------------------------------


def sign_of_the_slope(input_data, target, weights, learning_rate):
    return np.asarray(weights) - learning_rate * np.sign(_slopes(input_data, target, weights))


def double_step(input_data, target, weights, learning_rate):
    return _step(input_data, target, weights, 2 * learning_rate)


def history_reversed(input_data, target, weights, learning_rate, n_updates):
    final, history = correct_train(input_data, target, weights, learning_rate, n_updates)
    return final, history[::-1]


def growing_learning_rate(input_data, target, weights, learning_rate, n_updates):
    current, history = np.array(weights, dtype=float), []
    for step in range(n_updates):
        history.append(_error(input_data, target, current) ** 2)
        current = _step(input_data, target, current, learning_rate * (step + 1))
    return current, history


UNKNOWN = {"update_weights": [sign_of_the_slope, double_step], "train": [history_reversed, growing_learning_rate]}
