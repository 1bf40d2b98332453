"""Public checks for 01_forward_propagation: the worked example and properties of dot products.

A network without activation functions is linear: scaling the input scales the prediction,
and the prediction for a sum of inputs is the sum of the predictions. None of these checks
needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import check, expect_close, expect_number, expect_unmodified, input_data, node_weights, scale_factors

from lesson import CUSTOMER, NETWORK, weights

WIDTHS = range(1, 5)  # number of inputs n; the lesson uses 2


# --- helpers of this exercise ----------------------------------------------------------


def _signed_factors():
    """Exact factors of either sign: linear functions scale by negative numbers too."""
    return st.tuples(scale_factors(), st.booleans()).map(lambda pair: pair[0] if pair[1] else -pair[0])


def _for_each_width(make):
    """One strategy per width, built once (strategies made per example are slow to draw)."""
    return st.one_of([make(n) for n in WIDTHS])


def _zeros(n):
    return st.sampled_from([np.zeros(n, dtype=np.int64), np.zeros(n)])


def _one_hot(n):
    def unit(position):
        vector = np.zeros(n, dtype=np.int64)
        vector[position] = 1
        return vector

    return st.integers(0, n - 1).map(unit)


def _node_inputs(count):
    """`count` inputs of one width n, then node weights of width n."""
    return _for_each_width(lambda n: st.tuples(*[input_data(size=n) for _ in range(count)], node_weights(size=n)))


def _network_inputs(count):
    """`count` inputs of one width n, then network weights for n inputs."""
    return _for_each_width(lambda n: st.tuples(*[input_data(size=n) for _ in range(count)], weights(n_inputs=n)))


def _and_factor(arguments):
    return st.tuples(arguments, _signed_factors()).map(lambda pair: (*pair[0], pair[1]))


def _with_output_scaled(network, factor):
    scaled = dict(network)
    scaled["output"] = factor * np.asarray(network["output"])
    return scaled


# --- node_value ----------------------------------------------------------------------------


@check(
    "node_value",
    "gives 40 for the lesson's customer [40, 0] and weights [1, 1]",
    examples=st.just((CUSTOMER, [1, 1])),
)
def node_value_lesson_example(node_value, data, node_weights_):
    expect_close(node_value(data, node_weights_), 40, rule="40*1 + 0*1 is 40")


@check(
    "node_value",
    "gives 0 when every input is 0",
    examples=_for_each_width(lambda n: st.tuples(_zeros(n), node_weights(size=n))),
)
def node_value_of_zeros(node_value, data, node_weights_):
    expect_close(node_value(data, node_weights_), 0, rule="every product is 0, so their sum is 0")


@check(
    "node_value",
    "picks out the weight of the only input that is 1",
    examples=_for_each_width(lambda n: st.tuples(_one_hot(n), node_weights(size=n))),
)
def node_value_picks_weight(node_value, data, node_weights_):
    position = int(np.flatnonzero(data)[0])
    expected = np.asarray(node_weights_, dtype=np.float64)[position]
    expect_close(
        node_value(data, node_weights_),
        expected,
        rule=f"input {position} is 1 and every other input is 0, so the value is weight {position}",
    )


@check(
    "node_value",
    "scales with input_data: node_value(c * x, w) == c * node_value(x, w)",
    examples=_and_factor(_node_inputs(1)),
)
def node_value_scales(node_value, data, node_weights_, factor):
    base = expect_number(node_value(data, node_weights_), "returns a number")
    expect_close(
        node_value(factor * data, node_weights_),
        factor * base,
        rule=f"multiplying input_data by {factor} must multiply the value by {factor} "
        f"(it was {base} before)",
    )


@check(
    "node_value",
    "adds up: node_value(x + y, w) == node_value(x, w) + node_value(y, w)",
    examples=_node_inputs(2),
)
def node_value_adds(node_value, first, second, node_weights_):
    a = expect_number(node_value(first, node_weights_), "returns a number")
    b = expect_number(node_value(second, node_weights_), "returns a number")
    expect_close(
        node_value(first + second, node_weights_),
        a + b,
        rule=f"the value for x + y must be the value for x ({a}) plus the value for y ({b})",
    )


@check("node_value", "does not modify its arguments", examples=_node_inputs(1))
def node_value_leaves_arguments_alone(node_value, data, node_weights_):
    node_value(data, node_weights_)
    expect_unmodified(node_value, ("input_data", "node_weights"))


# --- predict -------------------------------------------------------------------------------


@check("predict", "gives 0 for the lesson's customer [40, 0]", examples=st.just((CUSTOMER, NETWORK)))
def predict_lesson_example(predict, data, network):
    expect_close(predict(data, network), 0, rule="the hidden layer is [40, 40] and 40*1 + 40*(-1) is 0")


@check(
    "predict",
    "gives 0 when every input is 0",
    examples=_for_each_width(lambda n: st.tuples(_zeros(n), weights(n_inputs=n))),
)
def predict_of_zeros(predict, data, network):
    expect_close(predict(data, network), 0, rule="zero inputs give zero hidden values, so the output is 0")


@check(
    "predict",
    "scales with input_data: predict(c * x) == c * predict(x)",
    examples=_and_factor(_network_inputs(1)),
)
def predict_scales(predict, data, network, factor):
    base = expect_number(predict(data, network), "returns a number")
    expect_close(
        predict(factor * data, network),
        factor * base,
        rule=f"with no activation function, multiplying input_data by {factor} must multiply the "
        f"prediction by {factor} (it was {base} before)",
    )


@check("predict", "adds up: predict(x + y) == predict(x) + predict(y)", examples=_network_inputs(2))
def predict_adds(predict, first, second, network):
    a = expect_number(predict(first, network), "returns a number")
    b = expect_number(predict(second, network), "returns a number")
    expect_close(
        predict(first + second, network),
        a + b,
        rule=f"with no activation function, the prediction for x + y must be the prediction "
        f"for x ({a}) plus the prediction for y ({b})",
    )


@check(
    "predict",
    "scales with the output weights",
    examples=_and_factor(_network_inputs(1)),
)
def predict_scales_with_output_weights(predict, data, network, factor):
    base = expect_number(predict(data, network), "returns a number")
    expect_close(
        predict(data, _with_output_scaled(network, factor)),
        factor * base,
        rule=f"the output node is a plain dot product, so multiplying weights['output'] by {factor} "
        f"must multiply the prediction by {factor} (it was {base} before)",
    )


@check("predict", "does not modify its arguments", examples=_network_inputs(1))
def predict_leaves_arguments_alone(predict, data, network):
    predict(data, network)
    expect_unmodified(predict, ("input_data", "weights"))


def _like(original, values):
    """`values` in the container type the generated weights came in (a list or an array)."""
    return np.asarray(values, dtype=np.asarray(original).dtype) if isinstance(original, np.ndarray) else list(values)


@check("predict", "gives hidden node 0's value when weights['output'] is [1, 0]", examples=_network_inputs(1))
def predict_output_weights_follow_their_nodes(predict, data, network):
    node0 = float(np.dot(np.asarray(data, dtype=np.float64), np.asarray(network["node0"], dtype=np.float64)))
    expect_close(
        predict(data, dict(network, output=_like(network["output"], [1, 0]))),
        node0,
        rule="weights['output'][0] multiplies hidden node 0 and weights['output'][1] node 1, so with "
        f"output weights [1, 0] the prediction is node 0's value, input_data · weights['node0'] = {node0}",
    )


CHECKS = [
    node_value_lesson_example,
    node_value_of_zeros,
    node_value_picks_weight,
    node_value_scales,
    node_value_adds,
    node_value_leaves_arguments_alone,
    predict_lesson_example,
    predict_of_zeros,
    predict_scales,
    predict_adds,
    predict_scales_with_output_weights,
    predict_output_weights_follow_their_nodes,
    predict_leaves_arguments_alone,
]
