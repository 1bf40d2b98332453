"""Known-wrong answers to 08_slopes, each with the lesson it teaches.

Every implementation has the graded function's signature, predict_linear(input_data, weights)
or slope(input_data, target, weights); its docstring is the message a student reads.
"""

import numpy as np

from autograder.checks import misconception


def _dot(input_data, weights):
    return (np.asarray(input_data, dtype=np.float64) * np.asarray(weights, dtype=np.float64)).sum()


def _error(input_data, target, weights):
    return _dot(input_data, weights) - target


# --- predict_linear ------------------------------------------------------------------------


@misconception("predict_linear", id="no-sum", hint="Add up the products: (input_data * weights).sum() or np.dot(input_data, weights).")
def products_without_sum(input_data, weights):
    """It looks like you return the products input × weight without adding them up: the
    prediction is their sum, one number."""
    return np.asarray(input_data, dtype=np.float64) * np.asarray(weights, dtype=np.float64)


@misconception("predict_linear", id="relu-on-output", hint="This network has no activation: return the dot product as it is.", common=True)
def relu_on_output(input_data, weights):
    """It looks like you applied ReLU to the prediction; this network's output node is a plain
    dot product, so the prediction can be negative."""
    return max(0.0, _dot(input_data, weights))


@misconception("predict_linear", id="added-instead-of-multiplied", hint="Multiply each input by its weight, then add the products.")
def added_instead_of_multiplied(input_data, weights):
    """It looks like you added each input to its weight instead of multiplying them."""
    return (np.asarray(input_data, dtype=np.float64) + np.asarray(weights, dtype=np.float64)).sum()


@misconception("predict_linear", id="first-input-only", hint="The dot product runs over every input, not just the first.")
def first_input_only(input_data, weights):
    """It looks like only the first input and its weight are used."""
    return float(input_data[0]) * float(weights[0])


# --- slope ---------------------------------------------------------------------------------


@misconception("slope", id="no-factor-2", hint="The slope of error² is 2 · error: multiply by 2 as well.", common=True)
def slope_without_2(input_data, target, weights):
    """It looks like the factor 2 is missing: the slope of (prediction - target)² is
    2 · (prediction - target) · input, so every slope you return is half of what it should be."""
    return np.asarray(input_data, dtype=np.float64) * _error(input_data, target, weights)


@misconception("slope", id="sign-flipped", hint="Use error = prediction - target, as in exercise 07.", common=True)
def slope_sign_flipped(input_data, target, weights):
    """It looks like the error is target - prediction: every slope has the wrong sign, so a step
    against it would make the loss larger."""
    return 2 * np.asarray(input_data, dtype=np.float64) * (target - _dot(input_data, weights))


@misconception("slope", id="error-squared", hint="Use the error itself, not its square: slope = 2 * input_data * error.")
def slope_error_squared(input_data, target, weights):
    """It looks like you multiplied by the squared error; the slope of error² has the error
    itself in it (2 · error), not error²."""
    return 2 * np.asarray(input_data, dtype=np.float64) * _error(input_data, target, weights) ** 2


@misconception("slope", id="weights-instead-of-inputs", hint="Weight i multiplies input i, so its slope has input_data[i] in it.")
def slope_with_weights(input_data, target, weights):
    """It looks like you multiplied the error by the weights; how fast the prediction changes with
    weight i is input_data[i], so the slope is 2 · input_data · error."""
    return 2 * np.asarray(weights, dtype=np.float64) * _error(input_data, target, weights)


@misconception("slope", id="input-missing", hint="Multiply 2 · error by input_data: one slope per weight, each with its own input.")
def slope_without_input(input_data, target, weights):
    """It looks like every weight gets the same slope, 2 · error: the input each weight multiplies
    is missing."""
    return np.full(len(input_data), 2 * _error(input_data, target, weights))
