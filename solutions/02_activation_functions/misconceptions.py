"""Known-wrong answers to 02_activation_functions, each with the lesson it teaches.

Every implementation has the graded function's signature (input_data, weights).
"""

import numpy as np

from autograder.checks import Misconception

TUTORIAL_WEIGHTS = {"node0": [1, 1], "node1": [1, -1], "output": [1, -1]}


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _hidden_inputs(input_data, weights):
    return np.array([_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])])


def tanh_on_output(input_data, weights):
    return np.tanh(_dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"]))


def no_activation(input_data, weights):
    return _dot(_hidden_inputs(input_data, weights), weights["output"])


def relu_instead_of_tanh(input_data, weights):
    return _dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"])


def sigmoid_instead_of_tanh(input_data, weights):
    # the logistic function, written through tanh so that large inputs do not overflow
    hidden = 0.5 * (1 + np.tanh(_hidden_inputs(input_data, weights) / 2))
    return _dot(hidden, weights["output"])


def tanh_on_inputs(input_data, weights):
    squashed = np.tanh(input_data)
    return _dot(_hidden_inputs(squashed, weights), weights["output"])


def first_hidden_node_only(input_data, weights):
    return np.tanh(_dot(input_data, weights["node0"])) * weights["output"][0]


def hidden_nodes_swapped(input_data, weights):
    hidden = np.tanh(_hidden_inputs(input_data, weights))[::-1]
    return _dot(hidden, weights["output"])


def tutorial_weights(input_data, weights):
    weights = TUTORIAL_WEIGHTS
    return _dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"])


def hard_coded_answer(input_data, weights):
    return 0.0


def integer_truncation(input_data, weights):
    return int(_dot(np.tanh(_hidden_inputs(input_data, weights)), weights["output"]))


def float16(input_data, weights):
    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.tanh(np.array([dot16(input_data, weights["node0"]), dot16(input_data, weights["node1"])]))
        return dot16(hidden, weights["output"])


def _misconception(id, message, hint, implementation, *, common=False):
    return Misconception(function="predict_with_tanh", id=id, message=message, hint=hint, implementation=implementation, common=common)


MISCONCEPTIONS = [
    _misconception(
        "tanh-on-output",
        "It looks like you applied tanh to the output node too; in this lesson the output node is linear.",
        "Apply np.tanh to the two hidden node inputs only; return the output node's dot product as it is.",
        tanh_on_output,
        common=True,
    ),
    _misconception(
        "no-activation",
        "It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged.",
        "Pass each hidden node's input (the dot product) through np.tanh before the output node uses it.",
        no_activation,
    ),
    _misconception(
        "relu-instead-of-tanh",
        "It looks like you used ReLU (max(0, x)) on the hidden nodes; this exercise asks for tanh.",
        "Use np.tanh on each hidden node's input; ReLU comes in the next exercise.",
        relu_instead_of_tanh,
    ),
    _misconception(
        "sigmoid-instead-of-tanh",
        "It looks like you used the logistic sigmoid 1 / (1 + e^-x), whose outputs lie between 0 and 1.",
        "Use np.tanh, whose outputs lie between -1 and 1 and which is 0 at 0.",
        sigmoid_instead_of_tanh,
    ),
    _misconception(
        "tanh-on-inputs",
        "It looks like you applied tanh to input_data before the hidden layer instead of to the hidden nodes.",
        "First compute each hidden node's dot product from the raw inputs, then apply np.tanh to that.",
        tanh_on_inputs,
    ),
    _misconception(
        "first-hidden-node-only",
        "It looks like only the first hidden node reaches the output.",
        "The output node takes the dot product of both hidden outputs with weights['output'].",
        first_hidden_node_only,
        common=True,
    ),
    _misconception(
        "hidden-nodes-swapped",
        "It looks like the hidden nodes are paired with the wrong output weights (node0 with the second).",
        "weights['output'][0] multiplies node0's output and weights['output'][1] multiplies node1's.",
        hidden_nodes_swapped,
        common=True,
    ),
    _misconception(
        "tutorial-weights",
        "It looks like you used the lesson's weights instead of the weights argument.",
        "Read every weight from the weights dict you are given.",
        tutorial_weights,
        common=True,
    ),
    _misconception(
        "hard-coded-answer",
        "It looks like you return the lesson's answer, 0.0, whatever the input.",
        "Compute the hidden layer and then the output from the arguments.",
        hard_coded_answer,
    ),
    _misconception(
        "integer-truncation",
        "It looks like you turn the prediction into an int, which drops the fractional part.",
        "Return the output node's value as it is; do not wrap it in int(...).",
        integer_truncation,
    ),
    _misconception(
        "float16",
        "It looks like you compute in float16, which keeps only about three significant digits.",
        "Let numpy use its default float64; do not convert to float16.",
        float16,
    ),
]
