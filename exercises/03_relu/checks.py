"""Public checks for 03_relu: the worked examples and properties of ReLU and of ReLU networks.

relu is never negative, leaves non-negative numbers alone and zeroes negative ones. A ReLU
network without bias terms is positively homogeneous: f(c * x) == c * f(x) for c > 0. None of
these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_number, expect_unmodified, input_data, numbers, scale_factors

from lesson import CUSTOMER, NETWORK, weights

WIDTHS = range(1, 5)  # number of inputs n; the lesson uses 2


def _for_each_width(make):
    """One strategy per width, built once (strategies made per example are slow to draw)."""
    return st.one_of([make(n) for n in WIDTHS])


def _arguments():
    return _for_each_width(lambda n: st.tuples(input_data(size=n), weights(n_inputs=n)))


def _signed_vectors(n, sign, *, low, high):
    """Lists of n numbers whose sign is fixed: +1 or -1 (0 allowed)."""
    return st.lists(numbers(min_value=low, max_value=high), min_size=n, max_size=n).map(
        lambda values: [sign * v for v in values]
    )


def _network_with_signs(n, hidden_sign, output_sign):
    return st.fixed_dictionaries(
        {
            "node0": _signed_vectors(n, hidden_sign, low=0, high=10),
            "node1": _signed_vectors(n, hidden_sign, low=0, high=10),
            "output": _signed_vectors(2, output_sign, low=0, high=10),
        }
    )


def _non_negative_inputs(n):
    return _signed_vectors(n, 1, low=0, high=100).map(np.array)


# --- relu ----------------------------------------------------------------------------------


@check("relu", "gives the lesson's examples: relu(3) == 3 and relu(-3) == 0", examples=st.sampled_from([(3,), (-3,)]))
def relu_lesson_examples(relu, number):
    expected = max(number, 0)
    expect_close(relu(number), expected, rule=f"relu({number}) is {expected}")


@check("relu", "is never negative", numbers())
def relu_never_negative(relu, number):
    got = expect_number(relu(number), "returns a number")
    if got < 0:
        raise Mismatch("relu must never return a negative number", expected="a number >= 0", got=got)


@check("relu", "returns non-negative numbers unchanged", numbers(min_value=0))
def relu_keeps_non_negative(relu, number):
    expect_close(relu(number), number, rule=f"{number} is not negative, so relu must return it as it is")


@check("relu", "returns 0 for negative numbers", numbers(max_value=-1e-3))
def relu_zeroes_negative(relu, number):
    expect_close(relu(number), 0, rule=f"{number} is negative, so relu must return 0")


# --- predict_with_relu ---------------------------------------------------------------------


@check("predict_with_relu", "gives 0 for the lesson's customer [40, 0]", examples=st.just((CUSTOMER, NETWORK)))
def network_lesson_example(predict_with_relu, data, network):
    expect_close(
        predict_with_relu(data, network),
        0,
        rule="the hidden outputs are [relu(40), relu(40)] = [40, 40] and 40*1 + 40*(-1) is 0",
    )


@check(
    "predict_with_relu",
    "gives 0 when every input is 0",
    examples=_for_each_width(lambda n: st.tuples(st.just(np.zeros(n)), weights(n_inputs=n))),
)
def network_zero_input(predict_with_relu, data, network):
    expect_close(predict_with_relu(data, network), 0, rule="relu(0) is 0, so both hidden outputs and the prediction are 0")


@check(
    "predict_with_relu",
    "scales with input_data for c > 0: predict_with_relu(c * x) == c * predict_with_relu(x)",
    examples=st.tuples(_arguments(), scale_factors()).map(lambda pair: (*pair[0], pair[1])),
)
def network_homogeneous(predict_with_relu, data, network, factor):
    base = expect_number(predict_with_relu(data, network), "returns a number")
    expect_close(
        predict_with_relu(factor * data, network),
        factor * base,
        rule=f"relu({factor} * z) is {factor} * relu(z), so multiplying input_data by {factor} must "
        f"multiply the prediction by {factor} (it was {base})",
    )


@check("predict_with_relu", "changes sign when the output weights do (the output node has no ReLU)", examples=_arguments())
def network_linear_output(predict_with_relu, data, network):
    base = expect_number(predict_with_relu(data, network), "returns a number")
    flipped = dict(network, output=-np.asarray(network["output"]))
    expect_close(
        predict_with_relu(data, flipped),
        -base,
        rule=f"the output node is a plain dot product, so negating weights['output'] must negate "
        f"the prediction (it was {base})",
    )


@check(
    "predict_with_relu",
    "gives 0 when no hidden node's input is positive",
    examples=_for_each_width(lambda n: st.tuples(_non_negative_inputs(n), _network_with_signs(n, -1, 1))),
)
def network_switched_off(predict_with_relu, data, network):
    expect_close(
        predict_with_relu(data, network),
        0,
        rule="the inputs are >= 0 and the hidden weights <= 0, so each hidden input is <= 0, relu "
        "turns it into 0, and the prediction is 0",
    )


@check(
    "predict_with_relu",
    "is never negative when the output weights are not negative",
    examples=_for_each_width(lambda n: st.tuples(input_data(size=n), _network_with_signs(n, 1, 1))),
)
def network_non_negative(predict_with_relu, data, network):
    got = expect_number(predict_with_relu(data, network), "returns a number")
    if got < -1e-9:
        raise Mismatch(
            "hidden outputs are relu values (>= 0) and the output weights are >= 0, so the "
            "prediction cannot be negative",
            expected="a number >= 0",
            got=got,
        )


@check("predict_with_relu", "does not modify its arguments", examples=_arguments())
def network_leaves_arguments_alone(predict_with_relu, data, network):
    predict_with_relu(data, network)
    expect_unmodified(predict_with_relu, ("input_data", "weights"))


def _like(original, values):
    """`values` in the container type the generated weights came in (a list or an array)."""
    return np.asarray(values, dtype=np.asarray(original).dtype) if isinstance(original, np.ndarray) else list(values)


@check("predict_with_relu", "gives relu of hidden node 0's input when weights['output'] is [1, 0]", examples=_arguments())
def network_output_weights_follow_their_nodes(predict_with_relu, data, network):
    node0 = max(0.0, float(np.dot(np.asarray(data, dtype=np.float64), np.asarray(network["node0"], dtype=np.float64))))
    expect_close(
        predict_with_relu(data, dict(network, output=_like(network["output"], [1, 0]))),
        node0,
        rule="weights['output'][0] multiplies hidden node 0's output and weights['output'][1] node 1's, so "
        f"with output weights [1, 0] the prediction is relu(input_data · weights['node0']) = {node0}",
    )


CHECKS = [
    relu_lesson_examples,
    relu_never_negative,
    relu_keeps_non_negative,
    relu_zeroes_negative,
    network_lesson_example,
    network_zero_input,
    network_homogeneous,
    network_linear_output,
    network_switched_off,
    network_non_negative,
    network_output_weights_follow_their_nodes,
    network_leaves_arguments_alone,
]
