"""Public checks for 10_backprop: the worked example and the properties of a gradient.

Every slope is 0 when the prediction equals the target; a switched-off hidden node (input < 0)
gets slope 0 for its weights; and the slopes agree with central finite differences of the
squared error, drawn away from ReLU's kink (there the loss is quadratic in each weight, so the
difference is exact up to rounding). None of these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_unmodified, input_data, numbers

from lesson import NETWORK, weights

WIDTHS = range(1, 5)
KEYS = ("node0", "node1", "output")
STEP = 1 / 64  # exact in binary; inputs up to 10 move a hidden input by at most 10/64 < 1
LESSON = (np.array([1, 3]), 1, NETWORK)


def _floats(values):
    return np.asarray(values, dtype=np.float64)


def _forward(data, network):
    x = _floats(data)
    z = np.array([float(np.dot(x, _floats(network["node0"]))), float(np.dot(x, _floats(network["node1"])))])
    return z, float(np.dot(np.maximum(z, 0), _floats(network["output"])))


def _loss(data, target, network):
    return (_forward(data, network)[1] - float(target)) ** 2


def _slopes(got, network):
    rule = "returns a dict with the keys 'node0', 'node1' and 'output', each an array with one slope per weight"
    if not isinstance(got, dict) or set(got) != set(KEYS):
        raise Mismatch(rule, expected="{'node0': ..., 'node1': ..., 'output': ...}", got=got)
    found = {}
    for key in KEYS:
        try:
            value = np.asarray(got[key], dtype=np.float64)
        except (TypeError, ValueError):
            raise Mismatch(rule, expected=f"{len(network[key])} numbers for {key!r}", got=got) from None
        if value.shape != (len(network[key]),) or not np.all(np.isfinite(value)):
            raise Mismatch(rule, expected=f"{len(network[key])} numbers for {key!r}", got=got)
        found[key] = value
    return found


def _arguments(n, *, kink_margin=None):
    drawn = st.tuples(input_data(size=n, min_value=-10, max_value=10), numbers(min_value=-50, max_value=50), weights(n_inputs=n))
    if kink_margin is not None:
        drawn = drawn.filter(lambda t: np.all(np.abs(_forward(t[0], t[2])[0]) >= kink_margin))
    return drawn


def _for_each_width(**options):
    return st.one_of([_arguments(n, **options) for n in WIDTHS])


@check("gradients", "gives the lesson's slopes for input [1, 3] and target 1", examples=st.just(LESSON))
def lesson_example(gradients, data, target, network):
    got = gradients(data, target, network)
    found = _slopes(got, network)
    expected = {"node0": [6, 18], "node1": [0, 0], "output": [24, 0]}
    for key in KEYS:
        expect_close(found[key], np.array(expected[key]), rule=f"hidden outputs [4, 0], output error 2 * (4 - 1) = 6; the slopes of {key!r} are {expected[key]}")


@check("gradients", "gives 0 for every weight when the prediction equals the target", examples=_for_each_width())
def zero_at_target(gradients, data, _target, network):
    target = _forward(data, network)[1]
    found = _slopes(gradients(data, target, network), network)
    for key in KEYS:
        expect_close(found[key], np.zeros(len(network[key])), rule=f"the target {target} is the prediction, so the error and every slope are 0")


@check("gradients", "gives 0 for the weights of a switched-off hidden node (its input is negative)", examples=_for_each_width(kink_margin=1e-6))
def dead_node(gradients, data, target, network):
    z, _ = _forward(data, network)
    found = _slopes(gradients(data, target, network), network)
    for j, key in enumerate(("node0", "node1")):
        if z[j] < 0:
            expect_close(found[key], np.zeros(len(network[key])), rule=f"hidden node {j}'s input is {z[j]} < 0, so ReLU's slope there is 0 and no gradient reaches {key!r}")


@check("gradients", "agrees with finite differences of the squared error (away from ReLU's kink)", examples=_for_each_width(kink_margin=1))
def finite_differences(gradients, data, target, network):
    found = _slopes(gradients(data, target, network), network)
    for key in KEYS:
        estimate = np.empty(len(network[key]))
        for i in range(len(network[key])):
            up, down = _floats(network[key]).copy(), _floats(network[key]).copy()
            up[i] += STEP
            down[i] -= STEP
            estimate[i] = (_loss(data, target, dict(network, **{key: up})) - _loss(data, target, dict(network, **{key: down}))) / (2 * STEP)
        if not np.allclose(found[key], estimate, rtol=1e-6, atol=1e-6 * (1 + np.abs(estimate).max())):
            raise Mismatch(
                f"moving each weight of {key!r} by ± {STEP} changes the squared error by (loss(w + {STEP}) - loss(w - {STEP})) / (2 * {STEP}) "
                "per unit: that is its slope",
                expected={k: (np.round(estimate, 6) if k == key else "...") for k in KEYS},
                got=found,
            )


@check("gradients", "does not modify its arguments", examples=_for_each_width())
def leaves_arguments_alone(gradients, data, target, network):
    gradients(data, target, network)
    expect_unmodified(gradients, ("input_data", "target", "weights"))


CHECKS = [lesson_example, zero_at_target, dead_node, finite_differences, leaves_arguments_alone]
