"""Public checks for 08_slopes: the worked example and the properties a slope has.

The prediction is a dot product: it is linear in the weights. The slope has one entry per
weight, is 0 everywhere when the prediction equals the target, and agrees with finite
differences of the squared error: moving weight i by ±h changes the loss by about ±h times its
slope (exactly, for a squared error and a central difference). None of these checks needs the
reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_equal_shape, expect_number, expect_unmodified, input_data, node_weights, numbers, scale_factors

WIDTHS = range(1, 6)  # number of inputs n; the lesson uses 3
LESSON = (np.array([1, 2, 3]), 0, np.array([0, 2, 1]))  # prediction 7, error 7, slope [14, 28, 42]
STEP = 1 / 64  # the finite difference's step: exact in binary


def _for_each_width(make):
    """One strategy per width, built once (strategies made per example are slow to draw)."""
    return st.one_of([make(n) for n in WIDTHS])


def _data_and_weights():
    return _for_each_width(lambda n: st.tuples(input_data(size=n, min_value=-10, max_value=10), node_weights(size=n)))


def _slope_arguments():
    return _for_each_width(lambda n: st.tuples(input_data(size=n, min_value=-10, max_value=10), numbers(min_value=-100, max_value=100), node_weights(size=n)))


def _dot(data, weights):
    return float(sum(float(x) * float(w) for x, w in zip(np.asarray(data), np.asarray(weights))))


def _loss(data, target, weights):
    return (_dot(data, weights) - float(target)) ** 2


def _slopes(got, n):
    """`got` as a float array; Mismatch unless it holds one number per weight."""
    expect_equal_shape(got, (n,), rule=f"returns one slope per weight: a 1-D array of {n} numbers")
    return np.asarray(got, dtype=np.float64)


# --- predict_linear ------------------------------------------------------------------------


@check("predict_linear", "gives 7 for the lesson's input [1, 2, 3] and weights [0, 2, 1]", examples=st.just((LESSON[0], LESSON[2])))
def predict_lesson_example(predict_linear, data, weights):
    expect_close(predict_linear(data, weights), 7, rule="1*0 + 2*2 + 3*1 is 7")


@check("predict_linear", "gives 0 when every input is 0", examples=_for_each_width(lambda n: st.tuples(st.just(np.zeros(n)), node_weights(size=n))))
def predict_zero_input(predict_linear, data, weights):
    expect_close(predict_linear(data, weights), 0, rule="every product input × weight is 0, so their sum is 0")


@check("predict_linear", "gives input_data[i] when weight i is 1 and the others are 0", examples=_for_each_width(lambda n: st.tuples(input_data(size=n), st.integers(0, n - 1))))
def predict_picks_one_input(predict_linear, data, index):
    weights = [0] * len(data)
    weights[index] = 1
    expect_close(predict_linear(data, weights), float(data[index]), rule=f"only weight {index} is 1, so the dot product is input_data[{index}] = {data[index]}")


@check(
    "predict_linear",
    "scales with the weights, signs included: predict_linear(x, c * w) == c * predict_linear(x, w)",
    examples=st.tuples(_data_and_weights(), scale_factors(), st.sampled_from((1, -1))).map(lambda t: (*t[0], t[1] * t[2])),
)
def predict_linear_in_weights(predict_linear, data, weights, factor):
    base = expect_number(predict_linear(data, weights), "returns a number")
    expect_close(
        predict_linear(data, factor * np.asarray(weights, dtype=np.float64)),
        factor * base,
        rule=f"the prediction is a plain dot product (no activation), so multiplying the weights by {factor} "
        f"multiplies it by {factor} (it was {base})",
    )


@check("predict_linear", "does not modify its arguments", examples=_data_and_weights())
def predict_leaves_arguments_alone(predict_linear, data, weights):
    predict_linear(data, weights)
    expect_unmodified(predict_linear, ("input_data", "weights"))


# --- slope ---------------------------------------------------------------------------------


@check("slope", "gives [14, 28, 42] for the lesson's input [1, 2, 3], target 0 and weights [0, 2, 1]", examples=st.just(LESSON))
def slope_lesson_example(slope, data, target, weights):
    got = slope(data, target, weights)
    _slopes(got, 3)
    expect_close(got, np.array([14, 28, 42]), rule="the prediction is 7 and the error 7 - 0 = 7, so the slopes are 2 * [1, 2, 3] * 7")


@check("slope", "returns one slope per weight", examples=_slope_arguments())
def slope_shape(slope, data, target, weights):
    _slopes(slope(data, target, weights), len(data))


@check("slope", "is 0 for every weight when the prediction equals the target", examples=_data_and_weights())
def slope_zero_at_target(slope, data, weights):
    target = _dot(data, weights)
    got = slope(data, target, weights)
    _slopes(got, len(data))
    expect_close(got, np.zeros(len(data)), rule=f"the target {target} is exactly the prediction, so the error and every slope are 0")


@check("slope", "agrees with finite differences of the squared error (moving one weight a little each way)", examples=_slope_arguments())
def slope_finite_differences(slope, data, target, weights):
    got = _slopes(slope(data, target, weights), len(data))
    base = np.asarray(weights, dtype=np.float64)
    estimate = np.empty(len(data))
    for i in range(len(data)):
        up, down = base.copy(), base.copy()
        up[i] += STEP
        down[i] -= STEP
        estimate[i] = (_loss(data, target, up) - _loss(data, target, down)) / (2 * STEP)
    if not np.allclose(got, estimate, rtol=1e-6, atol=1e-6 * (1 + np.abs(estimate).max())):
        raise Mismatch(
            f"moving weight i from w to w ± {STEP} changes the squared error by (loss(w + {STEP}) - loss(w - {STEP})) / "
            f"(2 * {STEP}) per unit: that is the slope (the factor 2 and the sign of prediction - target included)",
            expected=np.round(estimate, 6),
            got=got,
        )


@check("slope", "does not modify its arguments", examples=_slope_arguments())
def slope_leaves_arguments_alone(slope, data, target, weights):
    slope(data, target, weights)
    expect_unmodified(slope, ("input_data", "target", "weights"))


CHECKS = [
    predict_lesson_example,
    predict_zero_input,
    predict_picks_one_input,
    predict_linear_in_weights,
    predict_leaves_arguments_alone,
    slope_lesson_example,
    slope_shape,
    slope_zero_at_target,
    slope_finite_differences,
    slope_leaves_arguments_alone,
]
