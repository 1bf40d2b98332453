"""Hidden checks for 02_activation_functions: agree with the reference where classes go wrong.

Besides the usual families (integers, floats, negatives, zeros, list or array weights, unusual
widths, the lesson's numbers), two ranges matter for tanh: saturation (large hidden inputs, where
tanh is +-1) and the nearly linear region around 0 (small inputs).
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_data, numbers, reference_check

from lesson import CUSTOMER, NETWORK, one_hidden_layer, weights


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


def _arguments(*, widths=range(1, 5), data=None, network=None):
    """(input_data, weights), each family given as a function of the width n."""
    data = data or (lambda n: input_data(size=n))
    network = network or (lambda n: weights(n_inputs=n))
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(data(n), network(n)) for n in widths])


CHECKS = [
    reference_check("predict_with_tanh", "matches the reference on drawn inputs and weights", examples=_arguments()),
    reference_check(
        "predict_with_tanh",
        "matches the reference with integer inputs and weights",
        examples=_arguments(
            data=lambda n: _vectors(n, lo=-5, hi=5, integer=True, kind="array"),
            network=lambda n: _network(n, lo=-3, hi=3, integer=True),
        ),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference with float inputs and weights",
        examples=_arguments(
            data=lambda n: _vectors(n, lo=-3, hi=3, integer=False, kind="array"),
            network=lambda n: _network(n, integer=False),
        ),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference with negative inputs",
        examples=_arguments(data=lambda n: _vectors(n, lo=-5, hi=-1e-3, kind="array")),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference when inputs and weights contain zeros",
        examples=_arguments(data=lambda n: _vectors(n, lo=-5, hi=5, kind="array", zeros=True),
                            network=lambda n: _network(n, zeros=True)),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference when the hidden nodes saturate (inputs up to 100000)",
        examples=_arguments(
            data=lambda n: _vectors(n, lo=-100_000, hi=100_000, integer=True, kind="array"),
            network=lambda n: _network(n, integer=True),
        ),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference for small inputs, where tanh is nearly linear",
        examples=_arguments(data=lambda n: _vectors(n, lo=-0.1, hi=0.1, integer=False, kind="array")),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference with the weights as lists",
        examples=_arguments(data=lambda n: input_data(size=n, min_value=-3, max_value=3),
                            network=lambda n: _network(n, kind="list")),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference with the weights as numpy arrays",
        examples=_arguments(data=lambda n: input_data(size=n, min_value=-3, max_value=3),
                            network=lambda n: _network(n, kind="array")),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference with one input and with five to eight inputs",
        examples=_arguments(widths=(1, 5, 6, 8), data=lambda n: input_data(size=n, min_value=-3, max_value=3)),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference for the lesson's customer [40, 0] with other weights",
        examples=st.tuples(st.just(CUSTOMER), _network(2, lo=-0.1, hi=0.1)),
    ),
    reference_check(
        "predict_with_tanh",
        "matches the reference for the lesson's weights with other inputs",
        examples=st.tuples(input_data(size=2, min_value=-3, max_value=3), st.just(NETWORK)),
    ),
]
