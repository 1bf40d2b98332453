"""07_loss written by students who share a misconception but not the library's code."""

import math

import numpy as np


# --- prediction_error ----------------------------------------------------------------------


def target_minus_prediction(prediction, target):
    error = target - prediction
    return error


def absolute_error(prediction, target):
    difference = prediction - target
    return -difference if difference < 0 else difference


def squared_error(prediction, target):
    difference = prediction - target
    return difference * difference


# --- mean_squared_error, with loops where the library uses numpy ---------------------------


def _differences(predictions, targets):
    return [float(p) - float(t) for p, t in zip(predictions, targets)]


def sum_of_squares(predictions, targets):
    total = 0.0
    for difference in _differences(predictions, targets):
        total += difference**2
    return total


def mean_absolute(predictions, targets):
    return sum(abs(d) for d in _differences(predictions, targets)) / len(predictions)


def mean_error(predictions, targets):
    return sum(_differences(predictions, targets)) / len(predictions)


def square_of_mean(predictions, targets):
    mean = sum(_differences(predictions, targets)) / len(predictions)
    return mean * mean


def root_mean_squared(predictions, targets):
    return math.sqrt(sum(d * d for d in _differences(predictions, targets)) / len(predictions))


def first_row_only(predictions, targets):
    error = float(predictions[0]) - float(targets[0])
    return error**2


VARIANTS = {
    ("prediction_error", "sign-flipped"): target_minus_prediction,
    ("prediction_error", "absolute-error"): absolute_error,
    ("prediction_error", "squared-error"): squared_error,
    ("mean_squared_error", "sum-instead-of-mean"): sum_of_squares,
    ("mean_squared_error", "mean-absolute-error"): mean_absolute,
    ("mean_squared_error", "no-square"): mean_error,
    ("mean_squared_error", "square-of-the-mean"): square_of_mean,
    ("mean_squared_error", "root-mean-squared"): root_mean_squared,
    ("mean_squared_error", "first-row-only"): first_row_only,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_negated(prediction, target):
    return -(target - prediction)


def correct_numpy(prediction, target):
    return np.subtract(prediction, target)


def correct_loop(predictions, targets):
    total = 0.0
    for p, t in zip(predictions, targets):
        total += (p - t) ** 2
    return total / len(predictions)


def correct_square(predictions, targets):
    return np.square(np.subtract(predictions, targets, dtype=float)).mean()


CORRECT = {"prediction_error": [correct_negated, correct_numpy], "mean_squared_error": [correct_loop, correct_square]}


# --- wrong in ways no misconception describes ----------------------------------------------


def off_by_one(prediction, target):
    return prediction - target + 1


def sum_of_both(prediction, target):
    return prediction + target


def largest_square(predictions, targets):
    return max(d * d for d in _differences(predictions, targets))


def one_row_too_many(predictions, targets):
    return sum(d * d for d in _differences(predictions, targets)) / (len(predictions) + 1)


UNKNOWN = {"prediction_error": [off_by_one, sum_of_both], "mean_squared_error": [largest_square, one_row_too_many]}
