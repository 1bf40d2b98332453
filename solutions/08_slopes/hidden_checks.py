"""Hidden checks for 08_slopes: agree with the reference where classes go wrong.

Drawn widths (one input to eight), integer and float values, weights as lists and as arrays,
predictions above and below the target, large inputs, and the lesson's own numbers.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_data, node_weights, numbers, reference_check

LESSON_INPUT, LESSON_WEIGHTS = np.array([1, 2, 3]), np.array([0, 2, 1])


def _vectors(size, *, lo=-10, hi=10, integer=None, kind=None):
    """A vector of `size` numbers with the number type and container fixed or drawn."""

    @st.composite
    def build(draw):
        whole = draw(st.booleans()) if integer is None else integer
        values = draw(st.lists(numbers(min_value=lo, max_value=hi, integers=whole, floats=not whole), min_size=size, max_size=size))
        container = draw(st.sampled_from(("array", "list"))) if kind is None else kind
        return values if container == "list" else np.array(values, dtype=np.int64 if whole else np.float64)

    return build()


def _pairs(*, widths=range(1, 6), data=None, weights=None):
    data = data or (lambda n: input_data(size=n, min_value=-10, max_value=10))
    weights = weights or (lambda n: node_weights(size=n))
    return st.one_of([st.tuples(data(n), weights(n)) for n in widths])


def _triples(*, widths=range(1, 6), data=None, target=None, weights=None):
    data = data or (lambda n: input_data(size=n, min_value=-10, max_value=10))
    weights = weights or (lambda n: node_weights(size=n))
    target = numbers(min_value=-100, max_value=100) if target is None else target
    return st.one_of([st.tuples(data(n), target, weights(n)) for n in widths])


def _integers(n):
    return _vectors(n, integer=True, kind="array")


def _floats(n):
    return _vectors(n, integer=False, kind="array")


CHECKS = [
    reference_check("predict_linear", "matches the reference on drawn inputs and weights", examples=_pairs()),
    reference_check("predict_linear", "matches the reference with integer inputs and weights", examples=_pairs(data=_integers, weights=lambda n: _vectors(n, integer=True))),
    reference_check("predict_linear", "matches the reference with float inputs and weights", examples=_pairs(data=_floats, weights=lambda n: _vectors(n, integer=False))),
    reference_check("predict_linear", "matches the reference with the weights as lists", examples=_pairs(weights=lambda n: _vectors(n, kind="list"))),
    reference_check("predict_linear", "matches the reference with one input and with six to eight inputs", examples=_pairs(widths=(1, 6, 7, 8))),
    reference_check(
        "predict_linear", "matches the reference for large inputs (up to 100000)", examples=_pairs(data=lambda n: _vectors(n, lo=-100_000, hi=100_000, integer=True, kind="array"))
    ),
    reference_check("slope", "matches the reference on drawn inputs, targets and weights", examples=_triples()),
    reference_check("slope", "matches the reference with integer inputs, targets and weights", examples=_triples(data=_integers, target=numbers(min_value=-100, max_value=100, floats=False), weights=lambda n: _vectors(n, integer=True))),
    reference_check("slope", "matches the reference with float inputs and weights", examples=_triples(data=_floats, weights=lambda n: _vectors(n, integer=False))),
    reference_check("slope", "matches the reference with the weights as lists", examples=_triples(weights=lambda n: _vectors(n, kind="list"))),
    reference_check("slope", "matches the reference with the weights as numpy arrays", examples=_triples(weights=lambda n: _vectors(n, kind="array"))),
    reference_check("slope", "matches the reference when the target is 0", examples=_triples(target=st.just(0))),
    reference_check("slope", "matches the reference when the prediction is too low (large targets)", examples=_triples(target=numbers(min_value=500, max_value=1000))),
    reference_check("slope", "matches the reference with one input and with six to eight inputs", examples=_triples(widths=(1, 6, 7, 8))),
    reference_check(
        "slope", "matches the reference for the lesson's input and weights with other targets", examples=st.tuples(st.just(LESSON_INPUT), numbers(min_value=-100, max_value=100), st.just(LESSON_WEIGHTS))
    ),
]
