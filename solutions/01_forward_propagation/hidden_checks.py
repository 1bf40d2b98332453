"""Hidden checks for 01_forward_propagation: agree with the reference where classes go wrong.

Each check draws one family of inputs (integers only, floats only, negatives, zeros, large
values, list or array weights, unusual widths, the lesson's own numbers) so that a failure
names the family that broke.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_data, node_weights, numbers, reference_check

from lesson import CUSTOMER, NETWORK, one_hidden_layer, weights


def _vectors(size, *, lo=-100, hi=100, integer=None, kind=None, zeros=False):
    """A vector of `size` numbers with the number type and container fixed or drawn."""

    @st.composite
    def build(draw):
        whole = draw(st.booleans()) if integer is None else integer
        element = numbers(min_value=lo, max_value=hi, integers=whole, floats=not whole)
        if zeros:
            # about half the entries are exactly zero, as for the lesson's "not retired"
            element = st.one_of(st.just(0 if whole else 0.0), element)
        values = draw(st.lists(element, min_size=size, max_size=size))
        container = draw(st.sampled_from(("array", "list"))) if kind is None else kind
        if container == "list":
            return values
        return np.array(values, dtype=np.int64 if whole else np.float64)

    return build()


def _node_args(*, widths=range(1, 5), data=None, node=None):
    """(input_data, node_weights), each family given as a function of the width n."""
    data = data or (lambda n: input_data(size=n))
    node = node or (lambda n: node_weights(size=n))
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(data(n), node(n)) for n in widths])


def _network(n, **options):
    """Weights of the lesson's one-hidden-layer network for n inputs, each vector drawn by _vectors."""
    return st.fixed_dictionaries({key: _vectors(size, lo=-10, hi=10, **options) for key, size in one_hidden_layer(n).items()})


def _network_args(*, widths=range(1, 5), data=None, network=None):
    """(input_data, weights), each family given as a function of the width n."""
    data = data or (lambda n: input_data(size=n))
    network = network or (lambda n: weights(n_inputs=n))
    return st.one_of([st.tuples(data(n), network(n)) for n in widths])


def _integer_inputs(n):
    return _vectors(n, integer=True, kind="array")


def _float_inputs(n):
    return _vectors(n, integer=False, kind="array")


def _negative_inputs(n):
    return _vectors(n, lo=-100, hi=-1e-3, kind="array")


def _inputs_with_zeros(n):
    return _vectors(n, kind="array", zeros=True)


def _large_inputs(n):
    # integers keep every product and sum exact, so any correct order of operations agrees
    return _vectors(n, lo=-100_000, hi=100_000, integer=True, kind="array")


CHECKS = [
    reference_check("node_value", "matches the reference on drawn inputs and weights", examples=_node_args()),
    reference_check(
        "node_value",
        "matches the reference with integer inputs and weights",
        examples=_node_args(data=_integer_inputs, node=lambda n: _vectors(n, lo=-10, hi=10, integer=True)),
    ),
    reference_check(
        "node_value",
        "matches the reference with float inputs and weights",
        examples=_node_args(data=_float_inputs, node=lambda n: _vectors(n, lo=-10, hi=10, integer=False)),
    ),
    reference_check("node_value", "matches the reference with negative inputs", examples=_node_args(data=_negative_inputs)),
    reference_check(
        "node_value",
        "matches the reference when inputs and weights contain zeros",
        examples=_node_args(data=_inputs_with_zeros, node=lambda n: _vectors(n, lo=-10, hi=10, zeros=True)),
    ),
    reference_check(
        "node_value",
        "matches the reference for large inputs (up to 100000)",
        examples=_node_args(data=_large_inputs, node=lambda n: _vectors(n, lo=-10, hi=10, integer=True)),
    ),
    reference_check(
        "node_value",
        "matches the reference with the weights as a list",
        examples=_node_args(node=lambda n: _vectors(n, lo=-10, hi=10, kind="list")),
    ),
    reference_check(
        "node_value",
        "matches the reference with the weights as a numpy array",
        examples=_node_args(node=lambda n: _vectors(n, lo=-10, hi=10, kind="array")),
    ),
    reference_check(
        "node_value",
        "matches the reference with one input and with five to eight inputs",
        examples=_node_args(widths=(1, 5, 6, 8)),
    ),
    reference_check(
        "node_value",
        "matches the reference for the lesson's customer [40, 0] with other weights",
        examples=st.tuples(st.just(CUSTOMER), node_weights(size=2)),
    ),
    reference_check("predict", "matches the reference on drawn inputs and weights", examples=_network_args()),
    reference_check(
        "predict",
        "matches the reference with integer inputs and weights",
        examples=_network_args(data=_integer_inputs, network=lambda n: _network(n, integer=True)),
    ),
    reference_check(
        "predict",
        "matches the reference with float inputs and weights",
        examples=_network_args(data=_float_inputs, network=lambda n: _network(n, integer=False)),
    ),
    reference_check("predict", "matches the reference with negative inputs", examples=_network_args(data=_negative_inputs)),
    reference_check(
        "predict",
        "matches the reference when inputs and weights contain zeros",
        examples=_network_args(data=_inputs_with_zeros, network=lambda n: _network(n, zeros=True)),
    ),
    reference_check(
        "predict",
        "matches the reference for large inputs (up to 100000)",
        examples=_network_args(data=_large_inputs, network=lambda n: _network(n, integer=True)),
    ),
    reference_check(
        "predict",
        "matches the reference with the weights as lists",
        examples=_network_args(network=lambda n: _network(n, kind="list")),
    ),
    reference_check(
        "predict",
        "matches the reference with the weights as numpy arrays",
        examples=_network_args(network=lambda n: _network(n, kind="array")),
    ),
    reference_check(
        "predict",
        "matches the reference with one input and with five to eight inputs",
        examples=_network_args(widths=(1, 5, 6, 8)),
    ),
    reference_check(
        "predict",
        "matches the reference for the lesson's customer [40, 0] with other weights",
        examples=st.tuples(st.just(CUSTOMER), weights(n_inputs=2)),
    ),
    reference_check(
        "predict",
        "matches the reference for the lesson's weights with other inputs",
        examples=st.tuples(input_data(size=2), st.just(NETWORK)),
    ),
]
