"""Hidden checks for 09_gradient_descent: agree with the reference where classes go wrong.

update_weights: drawn widths, integer and float values, weights as lists and as arrays, a
learning rate of 0, large learning rates. train: short and long runs, 0 updates, a learning
rate of 0, integer inputs, lists and arrays, and the lesson's data with other learning rates.
train returns a pair (final_weights, mse_history), compared part by part like any result made of
parts.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_data, node_weights, numbers, reference_check

LESSON = (np.array([1, 2, 3]), 0, np.array([0, 2, 1]))
RATES = st.sampled_from((0.001, 0.002, 0.005, 0.01, 0.02))


def _vectors(size, *, lo=-10, hi=10, integer=None, kind=None):
    """A vector of `size` numbers with the number type and container fixed or drawn."""

    @st.composite
    def build(draw):
        whole = draw(st.booleans()) if integer is None else integer
        values = draw(st.lists(numbers(min_value=lo, max_value=hi, integers=whole, floats=not whole), min_size=size, max_size=size))
        container = draw(st.sampled_from(("array", "list"))) if kind is None else kind
        return values if container == "list" else np.array(values, dtype=np.int64 if whole else np.float64)

    return build()


def _updates(*, widths=range(1, 6), data=None, target=None, weights=None, rate=RATES):
    data = data or (lambda n: input_data(size=n, min_value=-5, max_value=5))
    weights = weights or (lambda n: node_weights(size=n))
    target = numbers(min_value=-50, max_value=50) if target is None else target
    return st.one_of([st.tuples(data(n), target, weights(n), rate) for n in widths])


def _runs(updates=None, counts=st.integers(1, 6), **options):
    return st.tuples(_updates(**options) if updates is None else updates, counts).map(lambda t: (*t[0], t[1]))


def _integers(n):
    return _vectors(n, lo=-5, hi=5, integer=True, kind="array")


CHECKS = [
    reference_check("update_weights", "matches the reference on drawn inputs, targets and weights", examples=_updates()),
    reference_check("update_weights", "matches the reference with integer inputs, targets and weights", examples=_updates(data=_integers, target=numbers(min_value=-50, max_value=50, floats=False), weights=lambda n: _vectors(n, integer=True))),
    reference_check("update_weights", "matches the reference with the weights as lists", examples=_updates(weights=lambda n: _vectors(n, kind="list"))),
    reference_check("update_weights", "matches the reference with the weights as numpy arrays of floats", examples=_updates(weights=lambda n: _vectors(n, integer=False, kind="array"))),
    reference_check("update_weights", "matches the reference with learning rate 0", examples=_updates(rate=st.just(0))),
    reference_check("update_weights", "matches the reference with large learning rates (0.1 to 1)", examples=_updates(rate=st.sampled_from((0.1, 0.25, 0.5, 1.0)))),
    reference_check("update_weights", "matches the reference with one input and with six to eight inputs", examples=_updates(widths=(1, 6, 7, 8))),
    reference_check("update_weights", "matches the reference for the lesson's data with other learning rates", examples=st.tuples(*map(st.just, LESSON), RATES)),
    reference_check("train", "matches the reference on drawn data and runs of 1 to 6 updates", examples=_runs()),
    reference_check("train", "matches the reference on long runs (20 to 40 updates)", examples=_runs(counts=st.integers(20, 40), rate=st.sampled_from((0.001, 0.002, 0.005)))),
    reference_check("train", "matches the reference with 0 updates", examples=_runs(counts=st.just(0))),
    reference_check("train", "matches the reference with learning rate 0", examples=_runs(rate=st.just(0))),
    reference_check("train", "matches the reference with integer inputs, targets and weights", examples=_runs(data=_integers, target=numbers(min_value=-50, max_value=50, floats=False), weights=lambda n: _vectors(n, integer=True))),
    reference_check("train", "matches the reference with the weights as lists", examples=_runs(weights=lambda n: _vectors(n, kind="list"))),
    reference_check("train", "matches the reference with the weights as numpy arrays of floats", examples=_runs(weights=lambda n: _vectors(n, integer=False, kind="array"))),
    reference_check("train", "matches the reference for the lesson's data with other learning rates", examples=_runs(st.tuples(*map(st.just, LESSON), RATES), counts=st.integers(1, 25))),
]
