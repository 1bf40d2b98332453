"""Known-wrong answers to 02_activation_functions, each with the lesson it teaches.

Every implementation has the graded function's signature (input_data, weights); its docstring
is the message a student reads.
"""

import numpy as np

from autograder.checks import misconception

from lesson import NETWORK


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _hidden_inputs(input_data, weights):
    return np.array([_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])])


@misconception(
    "predict_with_tanh",
    id="tanh-on-output",
    hint="Apply np.tanh to the two hidden node inputs only; return the output node's dot product as it is.",
    common=True,
)
def tanh_on_output(input_data, weights):
    """It looks like you applied tanh to the output node too; in this lesson the output node is linear."""
    return np.tanh(_dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"]))


@misconception(
    "predict_with_tanh",
    id="no-activation",
    hint="Pass each hidden node's input (the dot product) through np.tanh before the output node uses it.",
)
def no_activation(input_data, weights):
    """It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged."""
    return _dot(_hidden_inputs(input_data, weights), weights["output"])


@misconception("predict_with_tanh", id="relu-instead-of-tanh", hint="Use np.tanh on each hidden node's input; ReLU comes in the next exercise.")
def relu_instead_of_tanh(input_data, weights):
    """It looks like you used ReLU (max(0, x)) on the hidden nodes; this exercise asks for tanh."""
    return _dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"])


@misconception("predict_with_tanh", id="sigmoid-instead-of-tanh", hint="Use np.tanh, whose outputs lie between -1 and 1 and which is 0 at 0.")
def sigmoid_instead_of_tanh(input_data, weights):
    """It looks like you used the logistic sigmoid 1 / (1 + e^-x), whose outputs lie between 0 and 1."""
    # the logistic function, written through tanh so that large inputs do not overflow
    hidden = 0.5 * (1 + np.tanh(_hidden_inputs(input_data, weights) / 2))
    return _dot(hidden, weights["output"])


@misconception(
    "predict_with_tanh",
    id="tanh-on-inputs",
    hint="First compute each hidden node's dot product from the raw inputs, then apply np.tanh to that.",
)
def tanh_on_inputs(input_data, weights):
    """It looks like you applied tanh to input_data before the hidden layer instead of to the hidden nodes."""
    squashed = np.tanh(input_data)
    return _dot(_hidden_inputs(squashed, weights), weights["output"])


@misconception(
    "predict_with_tanh",
    id="first-hidden-node-only",
    hint="The output node takes the dot product of both hidden outputs with weights['output'].",
    common=True,
)
def first_hidden_node_only(input_data, weights):
    """It looks like only the first hidden node reaches the output."""
    return np.tanh(_dot(input_data, weights["node0"])) * weights["output"][0]


@misconception(
    "predict_with_tanh",
    id="hidden-nodes-swapped",
    hint="weights['output'][0] multiplies node0's output and weights['output'][1] multiplies node1's.",
    common=True,
)
def hidden_nodes_swapped(input_data, weights):
    """It looks like the hidden nodes are paired with the wrong output weights (node0 with the second)."""
    hidden = np.tanh(_hidden_inputs(input_data, weights))[::-1]
    return _dot(hidden, weights["output"])


@misconception("predict_with_tanh", id="tutorial-weights", hint="Read every weight from the weights dict you are given.", common=True)
def tutorial_weights(input_data, weights):
    """It looks like you used the lesson's weights instead of the weights argument."""
    weights = NETWORK
    return _dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"])


@misconception("predict_with_tanh", id="hard-coded-answer", hint="Compute the hidden layer and then the output from the arguments.")
def hard_coded_answer(input_data, weights):
    """It looks like you return the lesson's answer, 0.0, whatever the input."""
    return 0.0


@misconception("predict_with_tanh", id="integer-truncation", hint="Return the output node's value as it is; do not wrap it in int(...).")
def integer_truncation(input_data, weights):
    """It looks like you turn the prediction into an int, which drops the fractional part."""
    return int(_dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"]))


@misconception("predict_with_tanh", id="float16", hint="Let numpy use its default float64; do not convert to float16.")
def float16(input_data, weights):
    """It looks like you compute in float16, which keeps only about three significant digits."""

    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.tanh(np.array([dot16(input_data, weights["node0"]), dot16(input_data, weights["node1"])]))
        return dot16(hidden, weights["output"])
