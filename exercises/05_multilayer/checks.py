"""Public checks for 05_multilayer: the worked example and properties of deep ReLU networks.

A ReLU network without bias terms is positively homogeneous (f(c * x) == c * f(x) for c > 0);
a hidden layer none of whose nodes gets a positive input outputs zeros, and so does the network.
None of these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_number, expect_unmodified, input_data, numbers, scale_factors

from lesson import DEEP_INPUT, DEEP_NETWORK

WIDTHS = range(1, 5)  # number of inputs n; the lesson uses 2


def _weights(size, sign=0):
    """A list of `size` weights in [-10, 10]; sign +1 or -1 fixes their sign (0 allowed)."""
    low = 0 if sign else -10
    values = st.lists(numbers(min_value=low, max_value=10), min_size=size, max_size=size)
    return values.map(lambda v: [sign * x for x in v]) if sign else values


def _network(n, *, first=0, second=0, output=0):
    """Network weights for n inputs; each layer's weight sign can be fixed."""
    return st.fixed_dictionaries(
        {
            "node0_0": _weights(n, first),
            "node0_1": _weights(n, first),
            "node1_0": _weights(2, second),
            "node1_1": _weights(2, second),
            "output": _weights(2, output),
        }
    )


def _arguments(data=None, **signs):
    data = data or (lambda n: input_data(size=n))
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(data(n), _network(n, **signs)) for n in WIDTHS])


def _non_negative_inputs(n):
    return input_data(size=n, min_value=0, max_value=100)


@check("predict_with_network", "gives 182 for the lesson's input [3, 5]", examples=st.just((DEEP_INPUT, DEEP_NETWORK)))
def lesson_example(predict_with_network, data, network):
    expect_close(
        predict_with_network(data, network),
        182,
        rule="hidden layer 1 is [relu(26), relu(-13)] = [26, 0], hidden layer 2 is "
        "[relu(-26), relu(26)] = [0, 26], and 0*(-3) + 26*7 is 182",
    )


@check("predict_with_network", "gives 0 when every input is 0", examples=_arguments(data=lambda n: st.just(np.zeros(n))))
def zero_input(predict_with_network, data, network):
    expect_close(predict_with_network(data, network), 0, rule="zero inputs give zeros in both hidden layers, so the prediction is 0")


@check(
    "predict_with_network",
    "scales with input_data for c > 0: f(c * x) == c * f(x)",
    examples=st.tuples(_arguments(), scale_factors()).map(lambda pair: (*pair[0], pair[1])),
)
def homogeneous(predict_with_network, data, network, factor):
    base = expect_number(predict_with_network(data, network), "returns a number")
    expect_close(
        predict_with_network(factor * data, network),
        factor * base,
        rule=f"relu({factor} * z) is {factor} * relu(z) in every layer, so multiplying input_data by "
        f"{factor} must multiply the prediction by {factor} (it was {base})",
    )


@check("predict_with_network", "changes sign when the output weights do (the output node has no ReLU)", examples=_arguments())
def linear_output(predict_with_network, data, network):
    base = expect_number(predict_with_network(data, network), "returns a number")
    flipped = dict(network, output=[-w for w in network["output"]])
    expect_close(
        predict_with_network(data, flipped),
        -base,
        rule=f"the output node is a plain dot product, so negating weights['output'] must negate "
        f"the prediction (it was {base})",
    )


@check(
    "predict_with_network",
    "gives 0 when no node of the first hidden layer gets a positive input",
    examples=_arguments(data=_non_negative_inputs, first=-1),
)
def first_layer_off(predict_with_network, data, network):
    expect_close(
        predict_with_network(data, network),
        0,
        rule="the inputs are >= 0 and the first layer's weights <= 0, so relu turns the first "
        "hidden layer into zeros; then the second layer and the prediction are 0 too",
    )


@check(
    "predict_with_network",
    "gives 0 when no node of the second hidden layer gets a positive input",
    examples=_arguments(second=-1),
)
def second_layer_off(predict_with_network, data, network):
    expect_close(
        predict_with_network(data, network),
        0,
        rule="the first hidden layer's outputs are relu values (>= 0) and the second layer's "
        "weights are <= 0, so relu turns the second hidden layer into zeros and the prediction is 0",
    )


@check("predict_with_network", "is never negative when the output weights are not negative", examples=_arguments(output=1))
def non_negative(predict_with_network, data, network):
    got = expect_number(predict_with_network(data, network), "returns a number")
    if got < -1e-9:
        raise Mismatch(
            "the second hidden layer's outputs are relu values (>= 0) and the output weights "
            "are >= 0, so the prediction cannot be negative",
            expected="a number >= 0",
            got=got,
        )


@check("predict_with_network", "does not modify its arguments", examples=_arguments())
def leaves_arguments_alone(predict_with_network, data, network):
    predict_with_network(data, network)
    expect_unmodified(predict_with_network, ("input_data", "weights"))


CHECKS = [
    lesson_example,
    zero_input,
    homogeneous,
    linear_output,
    first_layer_off,
    second_layer_off,
    non_negative,
    leaves_arguments_alone,
]
