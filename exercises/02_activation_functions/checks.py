"""Public checks for 02_activation_functions: the worked example and properties that follow from tanh.

tanh is odd (tanh(-z) == -tanh(z)), zero at zero and stays between -1 and 1; the output node
is linear. None of these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_number, expect_unmodified, input_data, node_weights, scale_factors

from lesson import CUSTOMER, NETWORK, weights

WIDTHS = range(1, 5)  # number of inputs n; the lesson uses 2


def _for_each_width(make):
    """One strategy per width, built once (strategies made per example are slow to draw)."""
    return st.one_of([make(n) for n in WIDTHS])


def _arguments():
    return _for_each_width(lambda n: st.tuples(input_data(size=n), weights(n_inputs=n)))


def _signed_factors():
    return st.tuples(scale_factors(), st.booleans()).map(lambda pair: pair[0] if pair[1] else -pair[0])


def _saturating_arguments():
    """Inputs of 1000 or more and positive integer node weights: every hidden input is >= 1000."""

    def build(n):
        big = st.lists(st.integers(1000, 100_000), min_size=n, max_size=n).map(np.array)
        positive = st.lists(st.integers(1, 10), min_size=n, max_size=n)
        network = st.fixed_dictionaries({"node0": positive, "node1": positive, "output": node_weights(size=2)})
        return st.tuples(big, network)

    return _for_each_width(build)


@check("predict_with_tanh", "gives 0.0 for the lesson's customer [40, 0]", examples=st.just((CUSTOMER, NETWORK)))
def lesson_example(predict_with_tanh, data, network):
    expect_close(
        predict_with_tanh(data, network),
        0.0,
        rule="the hidden outputs are [tanh(40), tanh(40)] = [1.0, 1.0] and 1.0*1 + 1.0*(-1) is 0.0",
    )


@check(
    "predict_with_tanh",
    "gives 0 when every input is 0",
    examples=_for_each_width(lambda n: st.tuples(st.just(np.zeros(n)), weights(n_inputs=n))),
)
def zero_input(predict_with_tanh, data, network):
    expect_close(predict_with_tanh(data, network), 0, rule="tanh(0) is 0, so both hidden outputs and the prediction are 0")


@check("predict_with_tanh", "is never larger than the sum of the absolute output weights", examples=_arguments())
def bounded(predict_with_tanh, data, network):
    bound = float(np.abs(np.asarray(network["output"], dtype=np.float64)).sum())
    got = expect_number(predict_with_tanh(data, network), "returns a number")
    if abs(got) > bound * (1 + 1e-9) + 1e-9:
        raise Mismatch(
            "each hidden output is a tanh, between -1 and 1, so |prediction| cannot exceed "
            "the sum of |weights['output']| (is tanh applied to both hidden nodes?)",
            expected=f"a number between {-bound} and {bound}",
            got=got,
        )


@check("predict_with_tanh", "changes sign when input_data does", examples=_arguments())
def odd(predict_with_tanh, data, network):
    base = expect_number(predict_with_tanh(data, network), "returns a number")
    expect_close(
        predict_with_tanh(-data, network),
        -base,
        rule=f"tanh(-z) is -tanh(z), so negating input_data must negate the prediction (it was {base})",
    )


@check(
    "predict_with_tanh",
    "scales with the output weights (the output node has no tanh)",
    examples=st.tuples(_arguments(), _signed_factors()).map(lambda pair: (*pair[0], pair[1])),
)
def linear_output(predict_with_tanh, data, network, factor):
    base = expect_number(predict_with_tanh(data, network), "returns a number")
    scaled = dict(network, output=factor * np.asarray(network["output"]))
    expect_close(
        predict_with_tanh(data, scaled),
        factor * base,
        rule=f"the output node is a plain dot product, so multiplying weights['output'] by {factor} "
        f"must multiply the prediction by {factor} (it was {base})",
    )


@check(
    "predict_with_tanh",
    "gives the sum of the output weights when both hidden nodes saturate at 1",
    examples=_saturating_arguments(),
)
def saturates(predict_with_tanh, data, network):
    expect_close(
        predict_with_tanh(data, network),
        float(np.sum(np.asarray(network["output"], dtype=np.float64))),
        rule="every hidden input is at least 1000 and tanh of that is 1.0, so the prediction is "
        "1.0 * weights['output'][0] + 1.0 * weights['output'][1]",
    )


@check("predict_with_tanh", "does not modify its arguments", examples=_arguments())
def leaves_arguments_alone(predict_with_tanh, data, network):
    predict_with_tanh(data, network)
    expect_unmodified(predict_with_tanh, ("input_data", "weights"))


def _like(original, values):
    """`values` in the container type the generated weights came in (a list or an array)."""
    return np.asarray(values, dtype=np.asarray(original).dtype) if isinstance(original, np.ndarray) else list(values)


@check("predict_with_tanh", "gives tanh of hidden node 0's input when weights['output'] is [1, 0]", examples=_arguments())
def output_weights_follow_their_nodes(predict_with_tanh, data, network):
    node0 = float(np.tanh(np.dot(np.asarray(data, dtype=np.float64), np.asarray(network["node0"], dtype=np.float64))))
    expect_close(
        predict_with_tanh(data, dict(network, output=_like(network["output"], [1, 0]))),
        node0,
        rule="weights['output'][0] multiplies hidden node 0's output and weights['output'][1] node 1's, so "
        f"with output weights [1, 0] the prediction is tanh(input_data · weights['node0']) = {node0}",
    )


CHECKS = [lesson_example, zero_input, bounded, odd, linear_output, saturates, output_weights_follow_their_nodes, leaves_arguments_alone]
