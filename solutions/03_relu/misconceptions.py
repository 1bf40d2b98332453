"""Known-wrong answers to 03_relu, each with the lesson it teaches.

Every implementation has the graded function's signature, relu(input) or
predict_with_relu(input_data, weights); its docstring is the message a student reads.
"""

import numpy as np

from autograder.checks import misconception

from lesson import NETWORK

# --- relu ----------------------------------------------------------------------------------


@misconception("relu", id="leaky-relu", hint="For any input that is not positive, relu returns exactly 0.", common=True)
def leaky_relu(input):
    """It looks like negative numbers are scaled down (a 'leaky' ReLU) rather than set to 0."""
    return input if input > 0 else 0.01 * input


@leaky_relu.spelling
def leaky_relu_tenth(input):
    return max(input, input / 10)


@misconception("relu", id="absolute-value", hint="Negative inputs switch the node off: return 0 for them, not their size.")
def absolute_value(input):
    """It looks like negative numbers come back as positive ones: that is abs(x), not ReLU."""
    return abs(input)


@misconception("relu", id="min-instead-of-max", hint="ReLU is max(0, x): the larger of 0 and the input.")
def min_instead_of_max(input):
    """It looks like you used min(0, x), which keeps the negative numbers and zeroes the positive ones."""
    return min(0, input)


@misconception("relu", id="missing-return", hint="End relu with a return statement, e.g. return the value you computed.")
def missing_return(input):
    """It looks like relu computes the value but does not return it, so it returns None."""
    output = max(0, input)  # computed, then dropped: the function returns None


@misconception("relu", id="returns-the-slope", hint="For a positive input, relu returns the input itself.")
def returns_the_slope(input):
    """It looks like relu returns 1 for positive inputs: that is ReLU's slope, not its value."""
    return 1 if input > 0 else 0


@misconception("relu", id="integer-truncation", hint="Return the number as it is; do not wrap it in int(...).")
def truncated_relu(input):
    """It looks like you turn the result into an int, which drops the fractional part."""
    return int(max(0, input))


@misconception("relu", id="float16", hint="Return the number itself, without converting it.")
def float16_relu(input):
    """It looks like you convert to float16, which keeps only about three significant digits."""
    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        return np.float16(max(0, input))


# --- predict_with_relu ---------------------------------------------------------------------


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _hidden_inputs(input_data, weights):
    return np.array([_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])])


@misconception(
    "predict_with_relu",
    id="relu-on-output",
    hint="Apply relu to the hidden node values only; return the output node's dot product as it is.",
    common=True,
)
def relu_on_output(input_data, weights):
    """It looks like you applied ReLU to the output node too; in this lesson the output node is linear."""
    return max(0, _dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"]))


@misconception(
    "predict_with_relu",
    id="no-activation",
    hint="Pass each hidden node's input (the dot product) through relu before the output node uses it.",
)
def no_activation(input_data, weights):
    """It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged."""
    return _dot(_hidden_inputs(input_data, weights), weights["output"])


@misconception("predict_with_relu", id="tanh-instead-of-relu", hint="Use relu (max(0, x)) on each hidden node's input.")
def tanh_instead_of_relu(input_data, weights):
    """It looks like you used tanh on the hidden nodes; this exercise asks for ReLU."""
    return _dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"])


@misconception("predict_with_relu", id="leaky-relu", hint="A hidden node whose input is not positive outputs exactly 0.", common=True)
def leaky_relu_on_hidden_nodes(input_data, weights):
    """It looks like negative hidden inputs are scaled down (a 'leaky' ReLU) rather than set to 0."""
    hidden = _hidden_inputs(input_data, weights)
    return _dot(np.where(hidden > 0, hidden, 0.01 * hidden), weights["output"])


@leaky_relu_on_hidden_nodes.spelling
def leaky_relu_tenth_on_hidden_nodes(input_data, weights):
    hidden = _hidden_inputs(input_data, weights)
    return _dot(np.maximum(hidden, hidden / 10), weights["output"])


@misconception("predict_with_relu", id="absolute-value", hint="Use max(0, x) on each hidden node's input.")
def absolute_value_on_hidden_nodes(input_data, weights):
    """It looks like the hidden nodes use abs(x); ReLU turns negative inputs into 0, not into positive numbers."""
    return _dot(np.abs(_hidden_inputs(input_data, weights)), weights["output"])


@misconception("predict_with_relu", id="min-instead-of-max", hint="ReLU is max(0, x): the larger of 0 and the input.")
def min_instead_of_max_on_hidden_nodes(input_data, weights):
    """It looks like the hidden nodes use min(0, x), which keeps only negative values."""
    return _dot(np.minimum(_hidden_inputs(input_data, weights), 0), weights["output"])


@misconception(
    "predict_with_relu",
    id="first-hidden-node-only",
    hint="The output node takes the dot product of both hidden outputs with weights['output'].",
    common=True,
)
def first_hidden_node_only(input_data, weights):
    """It looks like only the first hidden node reaches the output."""
    return max(0, _dot(input_data, weights["node0"])) * weights["output"][0]


@misconception(
    "predict_with_relu",
    id="hidden-nodes-swapped",
    hint="weights['output'][0] multiplies node0's output and weights['output'][1] multiplies node1's.",
    common=True,
)
def hidden_nodes_swapped(input_data, weights):
    """It looks like the hidden nodes are paired with the wrong output weights (node0 with the second)."""
    hidden = np.maximum(_hidden_inputs(input_data, weights), 0)[::-1]
    return _dot(hidden, weights["output"])


@misconception("predict_with_relu", id="tutorial-weights", hint="Read every weight from the weights dict you are given.", common=True)
def tutorial_weights(input_data, weights):
    """It looks like you used the lesson's weights instead of the weights argument."""
    weights = NETWORK
    return _dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"])


@misconception("predict_with_relu", id="hard-coded-answer", hint="Compute the hidden layer and then the output from the arguments.")
def hard_coded_prediction(input_data, weights):
    """It looks like you return the lesson's answer, 0, whatever the input."""
    return 0


@misconception("predict_with_relu", id="integer-truncation", hint="Return the output node's value as it is; do not wrap it in int(...).")
def truncated_prediction(input_data, weights):
    """It looks like you turn the prediction into an int, which drops the fractional part."""
    return int(_dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"]))


@misconception("predict_with_relu", id="float16", hint="Let numpy use its default float64; do not convert to float16.")
def float16_prediction(input_data, weights):
    """It looks like you compute in float16, which keeps only about three significant digits."""

    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.array([dot16(input_data, weights["node0"]), dot16(input_data, weights["node1"])])
        return dot16(np.maximum(hidden, 0), weights["output"])


@misconception(
    "predict_with_relu",
    id="relu-on-inputs-in-place",
    hint="Leave input_data as it is; apply relu to each hidden node's dot product.",
)
def relu_on_inputs_in_place(input_data, weights):
    """It looks like you zeroed the negative entries of input_data in place: that changes the
    caller's array, and ReLU belongs on the hidden nodes, not on the inputs."""
    input_data[input_data < 0] = 0  # ReLU on the inputs, written into the caller's array
    return _dot(_hidden_inputs(input_data, weights), weights["output"])
