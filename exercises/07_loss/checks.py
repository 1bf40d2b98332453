"""Public checks for 07_loss: the worked examples and the properties every error and loss has.

The error is positive exactly when the prediction is too high. The MSE is never negative, is 0
exactly when the predictions equal the targets, is a mean (repeating every row leaves it as it
is) and is a mean of squares (doubling every error multiplies it by 4). None of these checks
needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_number, expect_unmodified, numbers


def _rows(n, *, low=-100, high=100):
    """n numbers, all ints or all floats, as a list or a 1-D numpy array."""
    return st.tuples(st.booleans(), st.sampled_from(("list", "array"))).flatmap(
        lambda kind: st.lists(numbers(min_value=low, max_value=high, integers=kind[0], floats=not kind[0]), min_size=n, max_size=n).map(
            lambda values: values if kind[1] == "list" else np.array(values)
        )
    )


def _pairs(*, max_rows=8):
    """(predictions, targets) of the same length, 1 to max_rows rows."""
    return st.integers(1, max_rows).flatmap(lambda n: st.tuples(_rows(n), _rows(n)))


def _floats(values):
    return np.asarray(values, dtype=np.float64)


def _as_kind(like, values):
    """`values` in the container `like` came in (a list or an array)."""
    return list(values) if isinstance(like, list) else np.asarray(values)


# --- prediction_error ----------------------------------------------------------------------


@check("prediction_error", "gives -3 for the lesson's prediction 0 and target 3", examples=st.just((0, 3)))
def error_lesson_example(prediction_error, prediction, target):
    expect_close(prediction_error(prediction, target), -3, rule="the network predicts 0 and the target is 3, so the error is 0 - 3 = -3")


@check("prediction_error", "is 0 when the prediction equals the target", numbers())
def error_zero_when_right(prediction_error, value):
    expect_close(prediction_error(value, value), 0, rule=f"the prediction {value} is exactly the target, so the error is 0")


@check(
    "prediction_error",
    "is positive when the prediction is too high and negative when it is too low",
    numbers(),
    numbers(min_value=0.5, max_value=100),
)
def error_sign(prediction_error, target, excess):
    got = expect_number(prediction_error(target + excess, target), "returns a number")
    if got <= 0:
        raise Mismatch(
            f"the prediction is {excess} above the target, so the error (prediction - target) must be positive",
            expected="a number > 0",
            got=got,
        )


@check("prediction_error", "says how far the prediction is from the target: target + error == prediction", numbers(), numbers())
def error_adds_back(prediction_error, prediction, target):
    got = expect_number(prediction_error(prediction, target), "returns a number")
    expect_close(got + target, prediction, rule=f"the error is prediction - target, so target + error must give back the prediction {prediction} (the error was {got})")


# --- mean_squared_error --------------------------------------------------------------------


@check("mean_squared_error", "gives 2.5 for the lesson's predictions [1, 2] and targets [0, 4]", examples=st.just(([1, 2], [0, 4])))
def mse_lesson_example(mean_squared_error, predictions, targets):
    expect_close(mean_squared_error(predictions, targets), 2.5, rule="the errors are [1, -2], their squares [1, 4] and their mean (1 + 4) / 2 = 2.5")


@check("mean_squared_error", "is never negative", examples=_pairs())
def mse_never_negative(mean_squared_error, predictions, targets):
    got = expect_number(mean_squared_error(predictions, targets), "returns a number")
    if got < 0:
        raise Mismatch("a mean of squares can never be negative", expected="a number >= 0", got=got)


@check("mean_squared_error", "is 0 when every prediction equals its target", examples=st.integers(1, 8).flatmap(lambda n: _rows(n).map(lambda rows: (rows,))))
def mse_zero_when_right(mean_squared_error, rows):
    copy = list(rows) if isinstance(rows, list) else rows.copy()
    expect_close(mean_squared_error(rows, copy), 0, rule="every prediction equals its target, so every error and the MSE are 0")


@check("mean_squared_error", "is more than 0 when a prediction differs from its target", examples=_pairs())
def mse_positive_when_wrong(mean_squared_error, predictions, targets):
    if np.array_equal(_floats(predictions), _floats(targets)):
        targets = _as_kind(targets, _floats(targets) + 1)
    got = expect_number(mean_squared_error(predictions, targets), "returns a number")
    if got <= 0:
        raise Mismatch("at least one prediction differs from its target, so its squared error and the MSE are above 0", expected="a number > 0", got=got)


@check("mean_squared_error", "is the square of the error for a single row", numbers(), numbers())
def mse_one_row(mean_squared_error, prediction, target):
    error = float(prediction) - float(target)
    expect_close(mean_squared_error([prediction], [target]), error**2, rule=f"with one row the MSE is that row's error squared: ({prediction} - {target})² = {error**2}")


@check("mean_squared_error", "is a mean: repeating every row twice gives the same MSE", examples=_pairs())
def mse_is_a_mean(mean_squared_error, predictions, targets):
    base = expect_number(mean_squared_error(predictions, targets), "returns a number")
    twice = _as_kind(predictions, [*predictions, *predictions]), _as_kind(targets, [*targets, *targets])
    expect_close(
        mean_squared_error(*twice),
        base,
        rule=f"every row twice has the same mean squared error (it was {base}); a sum instead of a mean would double",
    )


@check("mean_squared_error", "grows four-fold when every error doubles (the errors are squared)", examples=_pairs())
def mse_squares(mean_squared_error, predictions, targets):
    base = expect_number(mean_squared_error(predictions, targets), "returns a number")
    doubled = _as_kind(predictions, 2 * _floats(predictions) - _floats(targets))
    expect_close(
        mean_squared_error(doubled, targets),
        4 * base,
        rule=f"moving each prediction twice as far from its target doubles every error, and (2·error)² = 4·error², "
        f"so the MSE must be 4 times {base}",
    )


@check("mean_squared_error", "does not modify its arguments", examples=_pairs())
def mse_leaves_arguments_alone(mean_squared_error, predictions, targets):
    mean_squared_error(predictions, targets)
    expect_unmodified(mean_squared_error, ("predictions", "targets"))


CHECKS = [
    error_lesson_example,
    error_zero_when_right,
    error_sign,
    error_adds_back,
    mse_lesson_example,
    mse_never_negative,
    mse_zero_when_right,
    mse_positive_when_wrong,
    mse_one_row,
    mse_is_a_mean,
    mse_squares,
    mse_leaves_arguments_alone,
]
