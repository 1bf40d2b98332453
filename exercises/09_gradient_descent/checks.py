"""Public checks for 09_gradient_descent: the worked examples and the properties of descent.

A small enough step lowers the loss (for this network the error after a step is the error
before times 1 - 2·learning_rate·|input_data|², so any learning rate below 1 / |input_data|²
lowers it); a learning rate of 0 changes nothing; 0 updates give back the weights and an empty
history; the history is the loss before each update, so it starts with the starting loss and
falls at every step when the learning rate is small; training n updates and then m more is
training n + m. None of these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_equal_shape, expect_number, expect_unmodified, input_data, node_weights, numbers

WIDTHS = range(1, 6)  # number of inputs n; the lesson uses 3
DATA, TARGET, WEIGHTS = np.array([1, 2, 3]), 0, np.array([0, 2, 1])  # prediction 7, slopes [14, 28, 42]
UPDATE = ("input_data", "target", "weights", "learning_rate")
TRAIN = UPDATE + ("n_updates",)
# Fractions c of 1 / |input_data|²: a step of c / |input_data|² multiplies the error by 1 - 2c.
SMALL = st.sampled_from((1 / 16, 1 / 8, 1 / 4, 3 / 8))


def _dot(data, weights):
    return float(sum(float(x) * float(w) for x, w in zip(np.asarray(data), np.asarray(weights))))


def _loss(data, target, weights):
    return (_dot(data, weights) - float(target)) ** 2


def _for_each_width(make):
    """One strategy per width, built once (strategies made per example are slow to draw)."""
    return st.one_of([make(n) for n in WIDTHS])


def _problems(n):
    """(input_data, target, weights) with input_data not all 0 and the prediction off its target."""
    return st.tuples(input_data(size=n, min_value=-10, max_value=10), node_weights(size=n), numbers(min_value=0.5, max_value=50), st.sampled_from((1, -1))).filter(
        lambda t: float(np.dot(t[0], t[0])) >= 1
    ).map(lambda t: (t[0], _dot(t[0], t[1]) + t[3] * t[2], t[1]))


def _small_steps():
    """(input_data, target, weights, learning_rate) whose step lowers the loss."""
    return _for_each_width(lambda n: st.tuples(_problems(n), SMALL)).map(lambda t: (*t[0], t[1] / float(np.dot(t[0][0], t[0][0]))))


def _update_arguments():
    return _for_each_width(
        lambda n: st.tuples(input_data(size=n, min_value=-10, max_value=10), numbers(min_value=-100, max_value=100), node_weights(size=n), st.sampled_from((0, 0.001, 0.01, 0.05)))
    )


def _weights(got, n):
    expect_equal_shape(got, (n,), rule=f"returns the new weights: a 1-D array of {n} numbers, one per weight")
    return np.asarray(got, dtype=np.float64)


def _trained(got, n, n_updates):
    """(final weights, history) as float arrays; Mismatch unless `got` is that pair."""
    rule = f"returns a tuple (final_weights, mse_history): {n} weights and a list of {n_updates} MSE values"
    if got is None:
        raise Mismatch(rule + " (it returned None: is a `return` missing?)", expected="(final_weights, mse_history)", got=None)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(rule, expected="(final_weights, mse_history)", got=got)
    weights, history = got
    expect_equal_shape(weights, (n,), rule=rule + " (the first item is not the weights)")
    if not isinstance(history, (list, tuple, np.ndarray)):
        raise Mismatch(rule + " (the second item is not a list)", expected=f"a list of {n_updates} numbers", got=history)
    if len(history) != n_updates:
        raise Mismatch(rule + f" (one MSE per update: {n_updates} values)", expected=f"a list of {n_updates} numbers", got=history)
    return np.asarray(weights, dtype=np.float64), [expect_number(value, rule) for value in history]


# --- update_weights ------------------------------------------------------------------------


@check("update_weights", "gives about [-0.14, 1.72, 0.58] for the lesson's data with learning rate 0.01", examples=st.just((DATA, TARGET, WEIGHTS, 0.01)))
def update_lesson_example(update_weights, data, target, weights, rate):
    got = update_weights(data, target, weights, rate)
    _weights(got, 3)
    expect_close(got, np.array([-0.14, 1.72, 0.58]), rule="the slopes are [14, 28, 42], so the new weights are [0, 2, 1] - 0.01 * [14, 28, 42]")


@check("update_weights", "gives [-3.5, -5, -9.5] for the lesson's data with learning rate 0.25 (a step too far)", examples=st.just((DATA, TARGET, WEIGHTS, 0.25)))
def update_overshoot_example(update_weights, data, target, weights, rate):
    got = update_weights(data, target, weights, rate)
    _weights(got, 3)
    expect_close(got, np.array([-3.5, -5.0, -9.5]), rule="the new weights are [0, 2, 1] - 0.25 * [14, 28, 42] = [-3.5, -5, -9.5]")


@check("update_weights", "lowers the loss with a small enough learning rate", examples=_small_steps())
def update_lowers_the_loss(update_weights, data, target, weights, rate):
    before = _loss(data, target, weights)
    after = _loss(data, target, _weights(update_weights(data, target, weights, rate), len(data)))
    if not after < before:
        raise Mismatch(
            f"a step against the slope with learning rate {rate} (below 1 / |input_data|²) must lower the squared error, "
            f"which was {before} before the step; it is {after} with the weights returned",
            expected=f"a loss below {before}",
            got=after,
        )


@check("update_weights", "leaves the weights as they are when the learning rate is 0", examples=_for_each_width(lambda n: st.tuples(input_data(size=n), numbers(), node_weights(size=n))))
def update_rate_zero(update_weights, data, target, weights):
    got = update_weights(data, target, weights, 0)
    _weights(got, len(data))
    expect_close(got, np.asarray(weights), rule="a step of size 0 moves no weight")


@check("update_weights", "does not modify its arguments", examples=_update_arguments())
def update_leaves_arguments_alone(update_weights, data, target, weights, rate):
    update_weights(data, target, weights, rate)
    expect_unmodified(update_weights, UPDATE, rule="must return new weights and leave the weights it was given as they were (no weights[i] -= ... or weights -= ...)")


# --- train ---------------------------------------------------------------------------------


@check(
    "train",
    "gives ([17.5, 37, 53.5], [49, 1764]) for the lesson's data with learning rate 0.25 and 2 updates",
    examples=st.just((DATA, TARGET, WEIGHTS, 0.25, 2)),
)
def train_lesson_example(train, data, target, weights, rate, n_updates):
    got = train(data, target, weights, rate, n_updates)
    final, history = _trained(got, 3, 2)
    expect_close(
        history,
        [49.0, 1764.0],
        rule="the MSE before the first update is 7² = 49; after it the prediction is -42, so the MSE before the second update is 1764",
    )
    expect_close(final, np.array([17.5, 37.0, 53.5]), rule="the weights go [0, 2, 1] -> [-3.5, -5, -9.5] -> [17.5, 37, 53.5]")


@check("train", "lowers the lesson's loss at every one of 20 updates with learning rate 0.01", examples=st.just((DATA, TARGET, WEIGHTS, 0.01, 20)))
def train_lesson_curve(train, data, target, weights, rate, n_updates):
    _, history = _trained(train(data, target, weights, rate, n_updates), 3, 20)
    expect_close(history[0], 49.0, rule="the first MSE is measured before any update: the prediction is 7, so it is 7² = 49")
    expect_close(history[1], 25.4016, rule="the second MSE is measured after one update: the prediction is 5.04, so it is 5.04² = 25.4016")
    rising = [i for i in range(1, 20) if not history[i] < history[i - 1]]
    if rising:
        raise Mismatch(f"with learning rate 0.01 every update lowers the loss, but the history does not fall at update {rising[0] + 1}", expected="a falling history", got=history)


@check("train", "gives back the weights unchanged and an empty history for 0 updates", examples=_update_arguments())
def train_zero_updates(train, data, target, weights, rate):
    final, _ = _trained(train(data, target, weights, rate, 0), len(data), 0)
    expect_close(final, np.asarray(weights), rule="with no update the final weights are the starting weights")


@check("train", "starts the history with the loss of the starting weights (measured before the first update)", examples=st.tuples(_update_arguments(), st.integers(1, 5)).map(lambda t: (*t[0], t[1])))
def train_history_before(train, data, target, weights, rate, n_updates):
    _, history = _trained(train(data, target, weights, rate, n_updates), len(data), n_updates)
    expect_close(
        history[0],
        _loss(data, target, weights),
        rule="each MSE is measured before its update, so the first is the squared error of the starting weights",
    )


@check("train", "lowers the loss at every update when the learning rate is small", examples=st.tuples(_small_steps(), st.integers(2, 6)).map(lambda t: (*t[0], t[1])))
def train_falls(train, data, target, weights, rate, n_updates):
    _, history = _trained(train(data, target, weights, rate, n_updates), len(data), n_updates)
    rising = [i for i in range(1, n_updates) if not history[i] < history[i - 1]]
    if rising:
        raise Mismatch(
            f"with learning rate {rate} (below 1 / |input_data|²) every update lowers the loss, but the history does not fall at update {rising[0] + 1}",
            expected="a falling history",
            got=history,
        )


@check(
    "train",
    "continues where it stopped: n updates, then m more from there, is n + m updates",
    examples=st.tuples(_small_steps(), st.integers(1, 3), st.integers(1, 3)).map(lambda t: (*t[0], t[1], t[2])),
)
def train_continues(train, data, target, weights, rate, first, more):
    middle, start = _trained(train(data, target, weights, rate, first), len(data), first)
    final, rest = _trained(train(data, target, middle, rate, more), len(data), more)
    got = train(data, target, weights, rate, first + more)
    at_once, history = _trained(got, len(data), first + more)
    expected = (final, start + rest)
    if not (np.allclose(at_once, final, rtol=1e-6, atol=1e-9) and np.allclose(history, expected[1], rtol=1e-6, atol=1e-9)):
        raise Mismatch(
            f"training {first} updates and then {more} more from the weights reached must give the same weights and history "
            f"as {first + more} updates at once",
            expected=expected,
            got=got,
        )


@check("train", "does not modify its arguments", examples=st.tuples(_update_arguments(), st.integers(0, 4)).map(lambda t: (*t[0], t[1])))
def train_leaves_arguments_alone(train, data, target, weights, rate, n_updates):
    train(data, target, weights, rate, n_updates)
    expect_unmodified(train, TRAIN, rule="must train new weights and leave the weights it was given as they were (no weights[i] -= ... or weights -= ...)")


CHECKS = [
    update_lesson_example,
    update_overshoot_example,
    update_lowers_the_loss,
    update_rate_zero,
    update_leaves_arguments_alone,
    train_lesson_example,
    train_lesson_curve,
    train_zero_updates,
    train_history_before,
    train_falls,
    train_continues,
    train_leaves_arguments_alone,
]
