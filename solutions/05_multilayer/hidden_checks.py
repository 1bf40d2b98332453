"""Hidden checks for 05_multilayer: agree with the reference where classes go wrong.

The usual families of inputs and weights, the lesson's own numbers (which catch hard-coding),
and unusual widths (which catch mixed-up layer keys).
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_data, numbers, reference_check

from lesson import DEEP_INPUT, DEEP_NETWORK, network_weights, two_hidden_layers


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
    """Weights of the lesson's two-hidden-layer network for n inputs, each vector drawn by _vectors."""
    return st.fixed_dictionaries({key: _vectors(size, lo=lo, hi=hi, **options) for key, size in two_hidden_layers(n).items()})


def _arguments(*, widths=(2,), data=None, network=None):
    """(input_data, weights), each family given as a function of the width n."""
    data = data or (lambda n: input_data(size=n))
    network = network or (lambda n: _network(n))
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(data(n), network(n)) for n in widths])


CHECKS = [
    reference_check(
        "predict_with_network",
        "matches the reference on drawn inputs and weights",
        examples=st.tuples(input_data(size=2), network_weights()),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference with integer inputs and weights",
        examples=_arguments(data=lambda n: _vectors(n, integer=True, kind="array"), network=lambda n: _network(n, integer=True)),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference with float inputs and weights",
        examples=_arguments(data=lambda n: _vectors(n, integer=False, kind="array"), network=lambda n: _network(n, integer=False)),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference with negative inputs",
        examples=_arguments(data=lambda n: _vectors(n, lo=-100, hi=-1e-3, kind="array")),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference when inputs and weights contain zeros",
        examples=_arguments(data=lambda n: _vectors(n, kind="array", zeros=True), network=lambda n: _network(n, zeros=True)),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference for large inputs (up to 100000)",
        examples=_arguments(
            data=lambda n: _vectors(n, lo=-100_000, hi=100_000, integer=True, kind="array"),
            network=lambda n: _network(n, integer=True),
        ),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference with the weights as lists",
        examples=_arguments(network=lambda n: _network(n, kind="list")),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference with the weights as numpy arrays",
        examples=_arguments(network=lambda n: _network(n, kind="array")),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference with one, three and five inputs",
        examples=_arguments(widths=(1, 3, 5)),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference for the lesson's input [3, 5] with other weights",
        examples=st.tuples(st.just(DEEP_INPUT), network_weights()),
    ),
    reference_check(
        "predict_with_network",
        "matches the reference for the lesson's weights with other inputs",
        examples=st.tuples(input_data(size=2), st.just(DEEP_NETWORK)),
    ),
]
