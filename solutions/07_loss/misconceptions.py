"""Known-wrong answers to 07_loss, each with the lesson it teaches.

Every implementation has the graded function's signature, prediction_error(prediction, target)
or mean_squared_error(predictions, targets); its docstring is the message a student reads.
"""

import numpy as np

from autograder.checks import misconception

# --- prediction_error ----------------------------------------------------------------------


@misconception("prediction_error", id="sign-flipped", hint="Subtract the target from the prediction: prediction - target.", common=True)
def target_minus_prediction(prediction, target):
    """It looks like you computed target - prediction: the error's sign is flipped, so a prediction
    that is too high gets a negative error, and gradient descent would later move the wrong way."""
    return target - prediction


@misconception("prediction_error", id="absolute-error", hint="Keep the sign: return prediction - target, not its size.")
def absolute_error(prediction, target):
    """It looks like you return the size of the error, abs(prediction - target); the sign says
    whether the prediction is too high or too low, and learning needs it."""
    return abs(prediction - target)


@misconception("prediction_error", id="squared-error", hint="The error is the plain difference; squaring comes in the MSE.")
def squared_error(prediction, target):
    """It looks like you squared the error; the error itself is prediction - target (the MSE
    squares it later)."""
    return (prediction - target) ** 2


# --- mean_squared_error --------------------------------------------------------------------


def _errors(predictions, targets):
    return np.asarray(predictions, dtype=np.float64) - np.asarray(targets, dtype=np.float64)


@misconception("mean_squared_error", id="sum-instead-of-mean", hint="Divide the sum of the squared errors by the number of rows: np.mean.", common=True)
def sum_of_squares(predictions, targets):
    """It looks like you add up the squared errors without dividing by the number of rows: that
    is the sum of squared errors, which grows with the size of the data set."""
    return np.sum(_errors(predictions, targets) ** 2)


@misconception("mean_squared_error", id="mean-absolute-error", hint="Square each error before taking the mean: np.mean(errors ** 2).", common=True)
def mean_absolute(predictions, targets):
    """It looks like you averaged the absolute errors (the mean absolute error), not their squares."""
    return np.mean(np.abs(_errors(predictions, targets)))


@misconception("mean_squared_error", id="no-square", hint="Square each error before averaging, so errors of opposite signs cannot cancel.")
def mean_error(predictions, targets):
    """It looks like you averaged the plain errors: errors of opposite signs cancel out, and the
    result can be negative."""
    return np.mean(_errors(predictions, targets))


@misconception("mean_squared_error", id="square-of-the-mean", hint="Square each error first, then take the mean of the squares.")
def square_of_mean(predictions, targets):
    """It looks like you squared the mean error instead of averaging the squared errors: errors of
    opposite signs cancel before they are squared."""
    return np.mean(_errors(predictions, targets)) ** 2


@misconception("mean_squared_error", id="root-mean-squared", hint="Return the mean of the squared errors itself, without np.sqrt.")
def root_mean_squared(predictions, targets):
    """It looks like you took the square root of the mean squared error: that is the RMSE, a
    different (if related) measure."""
    return np.sqrt(np.mean(_errors(predictions, targets) ** 2))


@misconception("mean_squared_error", id="first-row-only", hint="Use every row: the mean runs over all predictions and targets.")
def first_row_only(predictions, targets):
    """It looks like only the first row's squared error is returned."""
    return float(_errors(predictions, targets)[0] ** 2)
