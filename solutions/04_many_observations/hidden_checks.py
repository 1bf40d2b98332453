"""Hidden checks for 04_many_observations: agree with the reference where classes go wrong.

Row-specific families: no rows at all, exactly one row, many rows (a skipped or reordered row
shows), plus the usual number families and the lesson's own rows and weights.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_rows, numbers, reference_check

from lesson import ROWS, ROWS_NETWORK, one_hidden_layer, weights


def _vectors(size, *, lo=-100, hi=100, integer=None, kind=None, zeros=False):
    """A vector of `size` numbers with the number type and container fixed or drawn."""

    @st.composite
    def build(draw):
        whole = draw(st.booleans()) if integer is None else integer
        element = numbers(min_value=lo, max_value=hi, integers=whole, floats=not whole)
        if zeros:
            element = st.one_of(st.just(0 if whole else 0.0), element)
        values = draw(st.lists(element, min_size=size, max_size=size))
        container = draw(st.sampled_from(("array", "list"))) if kind is None else kind
        if container == "list":
            return values
        return np.array(values, dtype=np.int64 if whole else np.float64)

    return build()


def _network(n, lo=-10, hi=10, **options):
    """Weights of the lesson's one-hidden-layer network for n inputs, each vector drawn by _vectors."""
    return st.fixed_dictionaries({key: _vectors(size, lo=lo, hi=hi, **options) for key, size in one_hidden_layer(n).items()})


def _rows(n, *, min_rows=1, max_rows=6, **options):
    return st.lists(_vectors(n, kind="array", **options), min_size=min_rows, max_size=max_rows)


def _arguments(*, widths=range(1, 5), rows=None, network=None):
    """(input_rows, weights), each family given as a function of the width n."""
    rows = rows or (lambda n: input_rows(size=n))
    network = network or (lambda n: weights(n_inputs=n))
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(rows(n), network(n)) for n in widths])


CHECKS = [
    reference_check("predict_rows", "matches the reference on drawn rows and weights", examples=_arguments()),
    reference_check(
        "predict_rows",
        "matches the reference with integer rows and weights",
        examples=_arguments(rows=lambda n: _rows(n, integer=True), network=lambda n: _network(n, integer=True)),
    ),
    reference_check(
        "predict_rows",
        "matches the reference with float rows and weights",
        examples=_arguments(rows=lambda n: _rows(n, integer=False), network=lambda n: _network(n, integer=False)),
    ),
    reference_check(
        "predict_rows",
        "matches the reference with negative rows",
        examples=_arguments(rows=lambda n: _rows(n, lo=-100, hi=-1e-3)),
    ),
    reference_check(
        "predict_rows",
        "matches the reference when rows and weights contain zeros",
        examples=_arguments(rows=lambda n: _rows(n, zeros=True), network=lambda n: _network(n, zeros=True)),
    ),
    reference_check(
        "predict_rows",
        "matches the reference for large rows (values up to 100000)",
        examples=_arguments(
            rows=lambda n: _rows(n, lo=-100_000, hi=100_000, integer=True), network=lambda n: _network(n, integer=True)
        ),
    ),
    reference_check(
        "predict_rows", "matches the reference with the weights as lists", examples=_arguments(network=lambda n: _network(n, kind="list"))
    ),
    reference_check(
        "predict_rows",
        "matches the reference with the weights as numpy arrays",
        examples=_arguments(network=lambda n: _network(n, kind="array")),
    ),
    reference_check(
        "predict_rows", "matches the reference for a single row", examples=_arguments(rows=lambda n: _rows(n, min_rows=1, max_rows=1))
    ),
    reference_check("predict_rows", "gives [] for no rows", examples=st.tuples(st.just([]), weights(n_inputs=2))),
    reference_check(
        "predict_rows", "matches the reference for many rows (10 to 30)", examples=_arguments(rows=lambda n: _rows(n, min_rows=10, max_rows=30))
    ),
    reference_check(
        "predict_rows",
        "matches the reference with one number and with five to eight numbers per row",
        examples=_arguments(widths=(1, 5, 6, 8)),
    ),
    reference_check(
        "predict_rows",
        "matches the reference for the lesson's rows with other weights",
        examples=st.tuples(st.just(ROWS), weights(n_inputs=2)),
    ),
    reference_check(
        "predict_rows",
        "matches the reference for the lesson's weights with other rows",
        examples=st.tuples(_rows(2, max_rows=8), st.just(ROWS_NETWORK)),
    ),
]
