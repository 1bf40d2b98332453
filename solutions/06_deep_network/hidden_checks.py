"""Hidden checks for 06_deep_network: agree with the reference where classes go wrong.

Network shapes that expose mistakes: deep, narrow (one node per layer), wide, non-square (a
transposed matrix cannot hide), a single layer (no ReLU at all), a batch of one row (the result
must stay 2-D). Weights stay small where many layers multiply, so that any correct order of
summation agrees with the reference to far better than the tolerance.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import batches, input_data, layers, numbers, reference_check

from lesson import DEEP_INPUT, DEEP_LAYERS

NON_SQUARE_WIDTHS = [(2, 3, 1), (3, 1, 2, 1), (1, 4, 2), (4, 2, 3, 1), (5, 2), (2, 5, 3, 4, 1), (3, 2)]


def _stack(widths, *, lo=-3, hi=3, integer=None, dtype=np.float64):
    """Layers chaining the widths (n_in, n_1, ..., n_out): layer k has shape (n_k+1, n_k)."""

    @st.composite
    def build(draw):
        stack = []
        for n_in, n_out in zip(widths, widths[1:]):
            whole = draw(st.booleans()) if integer is None else integer
            element = numbers(min_value=lo, max_value=hi, integers=whole, floats=not whole)
            values = draw(st.lists(element, min_size=n_in * n_out, max_size=n_in * n_out))
            stack.append(np.array(values, dtype=dtype).reshape(n_out, n_in))
        return stack

    return build()


def _random_stack(n_in, *, min_layers, max_layers, max_width, lo, hi):
    """Integer-valued float layers of drawn depth and widths (exact sums in any order)."""

    @st.composite
    def build(draw):
        depth = draw(st.integers(min_layers, max_layers))
        widths = [n_in] + [draw(st.integers(1, max_width)) for _ in range(depth)]
        return draw(_stack(tuple(widths), lo=lo, hi=hi, integer=True))

    return build()


def _integer_data(n, *, rows, lo, hi):
    """Integer input: 1-D when rows is None, else (rows, n); dtype int64."""
    shape = (n,) if rows is None else (rows, n)
    size = int(np.prod(shape))
    return st.lists(st.integers(lo, hi), min_size=size, max_size=size).map(lambda v: np.array(v, dtype=np.int64).reshape(shape))


def _observations(n):
    return input_data(size=n, min_value=-10, max_value=10)


def _one_and_many(n, **batch_options):
    """A 1-D observation or a 2-D batch of width n."""
    return st.one_of(_observations(n), batches(n_inputs=n, **batch_options))


def _over_widths(data, network, widths=range(1, 6)):
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(data(n), network(n)) for n in widths])


CHECKS = [
    reference_check(
        "forward",
        "matches the reference for one observation",
        examples=_over_widths(_observations, lambda n: layers(n_inputs=n, min_value=-3, max_value=3)),
    ),
    reference_check(
        "forward",
        "matches the reference for a batch of rows",
        examples=_over_widths(lambda n: batches(n_inputs=n), lambda n: layers(n_inputs=n, min_value=-3, max_value=3)),
    ),
    reference_check(
        "forward",
        "matches the reference for deep networks (5 to 8 layers)",
        examples=_over_widths(
            # integers throughout: values grow with depth, and exact sums keep every order equal
            lambda n: st.one_of(_integer_data(n, rows=None, lo=-10, hi=10), _integer_data(n, rows=3, lo=-10, hi=10)),
            lambda n: _random_stack(n, min_layers=5, max_layers=8, max_width=3, lo=-2, hi=2),
            widths=range(1, 4),
        ),
    ),
    reference_check(
        "forward",
        "matches the reference for narrow networks (one node per layer)",
        examples=_over_widths(
            _one_and_many, lambda n: layers(n_inputs=n, max_layers=6, max_width=1, min_value=-2, max_value=2), widths=(1,)
        ),
    ),
    reference_check(
        "forward",
        "matches the reference for wide layers (6 to 10 nodes)",
        examples=_over_widths(
            _one_and_many,
            lambda n: layers(n_inputs=n, max_layers=3, min_width=6, max_width=10, min_value=-1, max_value=1),
            widths=(2, 8),
        ),
    ),
    reference_check(
        "forward",
        "matches the reference for non-square layers",
        examples=st.one_of([st.tuples(_one_and_many(w[0]), _stack(w)) for w in NON_SQUARE_WIDTHS]),
    ),
    reference_check(
        "forward",
        "matches the reference for a single layer and one observation",
        examples=_over_widths(_observations, lambda n: layers(n_inputs=n, max_layers=1, min_value=-3, max_value=3)),
    ),
    reference_check(
        "forward",
        "matches the reference for a single layer and a batch",
        examples=_over_widths(lambda n: batches(n_inputs=n), lambda n: layers(n_inputs=n, max_layers=1, min_value=-3, max_value=3)),
    ),
    reference_check(
        "forward",
        "matches the reference for a batch of one row",
        examples=_over_widths(
            lambda n: batches(n_inputs=n, max_rows=1), lambda n: layers(n_inputs=n, min_value=-3, max_value=3)
        ),
    ),
    reference_check(
        "forward",
        "matches the reference for large integer inputs (up to 100000)",
        examples=_over_widths(
            lambda n: st.one_of(
                _integer_data(n, rows=None, lo=-100_000, hi=100_000), _integer_data(n, rows=3, lo=-100_000, hi=100_000)
            ),
            # integer weights keep every sum exact, so any correct order of operations agrees
            lambda n: st.one_of([_stack(w, integer=True) for w in [(n, 2, 1), (n, 3), (n, 1, 2, 2)]]),
            widths=(1, 2, 3),
        ),
    ),
    reference_check(
        "forward",
        "matches the reference with integer arrays for input_data and layers",
        examples=_over_widths(
            lambda n: st.one_of(_integer_data(n, rows=None, lo=-10, hi=10), _integer_data(n, rows=4, lo=-10, hi=10)),
            lambda n: st.one_of([_stack(w, integer=True, dtype=np.int64) for w in [(n, 2, 1), (n, 3, 2), (n, 2)]]),
            widths=(1, 2, 3),
        ),
    ),
    reference_check(
        "forward",
        "matches the reference for negative inputs",
        examples=_over_widths(
            lambda n: st.one_of(input_data(size=n, min_value=-10, max_value=-1e-3), batches(n_inputs=n, max_value=-1e-3)),
            lambda n: layers(n_inputs=n, min_value=-3, max_value=3),
        ),
    ),
    reference_check(
        "forward",
        "matches the reference for the lesson's layers with other inputs",
        examples=st.tuples(_one_and_many(2), st.just(DEEP_LAYERS)),
    ),
    reference_check(
        "forward",
        "matches the reference for the lesson's input [3, 5] with other layers",
        examples=st.tuples(st.just(DEEP_INPUT), layers(n_inputs=2, min_value=-3, max_value=3)),
    ),
]
