"""Public checks for 06_deep_network: worked examples, result shapes, rows, and ReLU properties.

The result has one entry per node of the last layer (per row for a batch); a batch row gets the
result it gets alone; a ReLU network without biases is positively homogeneous; the last layer is
linear. None of these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, batches, check, expect_close, expect_equal_shape, expect_unmodified, input_data, layers, scale_factors

from lesson import DEEP_INPUT, DEEP_LAYERS

# What a changed argument breaks in this exercise, in its own words.
UNMODIFIED_RULE = "must not change its arguments in place (no pop from layers); compute new values instead"

WIDTHS = range(1, 6)  # the first layer's n_in
# small weights keep every value where float64 sums agree to far better than the tolerance
WEIGHT_RANGE = {"min_value": -3, "max_value": 3}


def _array(got, shape, rule):
    """`got` as a float array of this shape; Mismatch otherwise."""
    if got is None:
        raise Mismatch(rule + " (it returned None: is a `return` missing?)", expected=f"an array of shape {shape}", got=None)
    expect_equal_shape(got, shape, rule=rule)
    return np.asarray(got, dtype=np.float64)


def _one_observation():
    # one strategy per input width, built once: strategies built per example are slow to draw
    return st.one_of(
        [st.tuples(input_data(size=n, min_value=-10, max_value=10), layers(n_inputs=n, **WEIGHT_RANGE)) for n in WIDTHS]
    )


def _batch():
    return st.one_of([st.tuples(batches(n_inputs=n), layers(n_inputs=n, **WEIGHT_RANGE)) for n in WIDTHS])


def _either():
    return st.one_of(_one_observation(), _batch())


def _result_shape(data, network):
    n_out = network[-1].shape[0]
    return (n_out,) if np.ndim(data) == 1 else (len(data), n_out)


@check("forward", "gives array([182.]) for the lesson's network and input [3, 5]", examples=st.just((DEEP_INPUT, DEEP_LAYERS)))
def lesson_example(forward, data, network):
    expect_close(
        forward(data, network),
        np.array([182.0]),
        rule="layer 1 gives [26, -13] -> relu [26, 0]; layer 2 gives [-26, 26] -> relu [0, 26]; "
        "the last layer gives [182] with no relu",
    )


@check(
    "forward",
    "gives array([[182.], [36.]]) for the lesson's network and rows [3, 5] and [1, -1]",
    examples=st.just((np.array([[3, 5], [1, -1]]), DEEP_LAYERS)),
)
def lesson_batch_example(forward, data, network):
    expect_close(
        forward(data, network),
        np.array([[182.0], [36.0]]),
        rule="one row of results per input row: [3, 5] gives 182 and [1, -1] gives "
        "[-2, 9] -> [0, 9] -> [9, 9] -> 36",
    )


@check("forward", "returns shape (n_out,) of the last layer for one observation", examples=_one_observation())
def one_observation_shape(forward, data, network):
    _array(forward(data, network), _result_shape(data, network), rule="a 1-D input gives one value per node of the last layer")


@check("forward", "returns shape (n_rows, n_out) for a batch of rows", examples=_batch())
def batch_shape(forward, data, network):
    _array(
        forward(data, network),
        _result_shape(data, network),
        rule="a 2-D input gives one row of results per input row, one column per node of the last layer",
    )


@check("forward", "gives each row of a batch the result it gets alone", examples=_batch())
def rows_are_independent(forward, data, network):
    shape = _result_shape(data, network)
    alone = np.array([_array(forward(row, network), shape[1:], rule="a 1-D input gives a 1-D result") for row in data])
    together = forward(data, network)
    _array(together, shape, rule="a 2-D input gives one row of results per input row")
    expect_close(together, alone, rule=f"row i of the result must be forward(row i) alone: {alone.tolist()}")


@check(
    "forward",
    "scales with input_data for c > 0: forward(c * x) == c * forward(x)",
    examples=st.tuples(_either(), scale_factors()).map(lambda pair: (*pair[0], pair[1])),
)
def homogeneous(forward, data, network, factor):
    base = _array(forward(data, network), _result_shape(data, network), rule="returns the documented shape")
    expect_close(
        forward(factor * data, network),
        factor * base,
        rule=f"relu({factor} * z) is {factor} * relu(z) in every layer, so multiplying input_data by "
        f"{factor} must multiply the result by {factor} (it was {base.tolist()})",
    )


@check("forward", "gives zeros for an input of zeros", examples=_either())
def zero_input(forward, data, network):
    zeros = np.zeros_like(data, dtype=np.float64)
    expect_close(
        forward(zeros, network),
        np.zeros(_result_shape(data, network)),
        rule="with no bias terms, zeros stay zeros through every layer",
    )


@check("forward", "changes sign when the last layer does (the last layer has no ReLU)", examples=_either())
def linear_last_layer(forward, data, network):
    base = _array(forward(data, network), _result_shape(data, network), rule="returns the documented shape")
    flipped = network[:-1] + [-network[-1]]
    expect_close(
        forward(data, flipped),
        -base,
        rule=f"the last layer is linear, so negating its matrix must negate the result (it was {base.tolist()})",
    )


@check("forward", "does not modify its arguments", examples=_either())
def leaves_arguments_alone(forward, data, network):
    forward(data, network)
    expect_unmodified(forward, ("input_data", "layers"), rule=UNMODIFIED_RULE)


CHECKS = [
    lesson_example,
    lesson_batch_example,
    one_observation_shape,
    batch_shape,
    rows_are_independent,
    homogeneous,
    zero_input,
    linear_last_layer,
    leaves_arguments_alone,
]
