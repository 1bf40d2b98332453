"""08_slopes written by students who share a misconception but not the library's code."""

import numpy as np


def _prediction(input_data, weights):
    total = 0.0
    for x, w in zip(input_data, weights):
        total += float(x) * float(w)
    return total


def _error(input_data, target, weights):
    return _prediction(input_data, weights) - target


# --- predict_linear ------------------------------------------------------------------------


def products_without_sum(input_data, weights):
    return np.array([float(x) * float(w) for x, w in zip(input_data, weights)])


def relu_on_output(input_data, weights):
    prediction = _prediction(input_data, weights)
    return prediction if prediction > 0 else 0.0


def added_instead_of_multiplied(input_data, weights):
    total = 0.0
    for i in range(len(input_data)):
        total += float(input_data[i]) + float(weights[i])
    return total


def first_input_only(input_data, weights):
    first = float(input_data[0])
    return first * weights[0]


# --- slope ---------------------------------------------------------------------------------


def slope_without_2(input_data, target, weights):
    error = _error(input_data, target, weights)
    return np.array([float(x) * error for x in input_data])


def slope_sign_flipped(input_data, target, weights):
    error = target - _prediction(input_data, weights)
    return np.array([2 * float(x) * error for x in input_data])


def slope_error_squared(input_data, target, weights):
    error = _error(input_data, target, weights)
    return 2 * np.asarray(input_data, dtype=float) * error * error


def slope_with_weights(input_data, target, weights):
    error = _error(input_data, target, weights)
    return np.array([2 * float(w) * error for w in weights])


def slope_without_input(input_data, target, weights):
    error = _error(input_data, target, weights)
    return np.array([2 * error for _ in input_data])


VARIANTS = {
    ("predict_linear", "no-sum"): products_without_sum,
    ("predict_linear", "relu-on-output"): relu_on_output,
    ("predict_linear", "added-instead-of-multiplied"): added_instead_of_multiplied,
    ("predict_linear", "first-input-only"): first_input_only,
    ("slope", "no-factor-2"): slope_without_2,
    ("slope", "sign-flipped"): slope_sign_flipped,
    ("slope", "error-squared"): slope_error_squared,
    ("slope", "weights-instead-of-inputs"): slope_with_weights,
    ("slope", "input-missing"): slope_without_input,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_loop(input_data, weights):
    return _prediction(input_data, weights)


def correct_dot(input_data, weights):
    return np.dot(input_data, weights)


def correct_slope_loop(input_data, target, weights):
    error = _error(input_data, target, weights)
    return np.array([2 * x * error for x in input_data])


def correct_slope_numpy(input_data, target, weights):
    return 2 * (np.dot(input_data, weights) - target) * np.asarray(input_data, dtype=float)


CORRECT = {"predict_linear": [correct_loop, correct_dot], "slope": [correct_slope_loop, correct_slope_numpy]}


# --- wrong in ways no misconception describes ----------------------------------------------


def plus_one(input_data, weights):
    return _prediction(input_data, weights) + 1


def largest_product(input_data, weights):
    return max(float(x) * float(w) for x, w in zip(input_data, weights))


def slope_plus_one(input_data, target, weights):
    return correct_slope_numpy(input_data, target, weights) + 1


def slope_quarter(input_data, target, weights):
    return correct_slope_numpy(input_data, target, weights) / 4


UNKNOWN = {"predict_linear": [plus_one, largest_product], "slope": [slope_plus_one, slope_quarter]}
