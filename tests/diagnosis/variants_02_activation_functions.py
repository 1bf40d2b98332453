"""02_activation_functions written by students who share a misconception but not the library's code."""

import math

import numpy as np


def _hidden_inputs(input_data, weights):
    return [np.dot(input_data, weights["node0"]), np.dot(input_data, weights["node1"])]


def _output(hidden, weights):
    out = weights["output"]
    return hidden[0] * out[0] + hidden[1] * out[1]


def tanh_on_output(input_data, weights):
    hidden = [math.tanh(v) for v in _hidden_inputs(input_data, weights)]
    return math.tanh(_output(hidden, weights))


def no_activation(input_data, weights):
    node_0 = np.sum(input_data * np.asarray(weights["node0"]))
    node_1 = np.sum(input_data * np.asarray(weights["node1"]))
    return node_0 * weights["output"][0] + node_1 * weights["output"][1]


def relu_instead_of_tanh(input_data, weights):
    hidden = [value if value > 0 else 0.0 for value in _hidden_inputs(input_data, weights)]
    return _output(hidden, weights)


def _logistic(x):
    # the stable textbook form: never exp of a large positive number
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid_instead_of_tanh(input_data, weights):
    hidden = [_logistic(float(v)) for v in _hidden_inputs(input_data, weights)]
    return _output(hidden, weights)


def tanh_on_inputs(input_data, weights):
    squashed = [math.tanh(x) for x in input_data]
    hidden = [sum(s * w for s, w in zip(squashed, weights[key])) for key in ("node0", "node1")]
    return _output(hidden, weights)


def first_hidden_node_only(input_data, weights):
    return math.tanh(np.dot(input_data, weights["node0"])) * weights["output"][0]


def hidden_nodes_swapped(input_data, weights):
    node_0, node_1 = np.tanh(_hidden_inputs(input_data, weights))
    return node_1 * weights["output"][0] + node_0 * weights["output"][1]


def tutorial_weights(input_data, weights):
    lesson_node0, lesson_node1, lesson_output = np.array([1, 1]), np.array([1, -1]), np.array([1, -1])
    # elementwise products broadcast one input against the lesson's two weights
    hidden = np.tanh([np.sum(input_data * lesson_node0), np.sum(input_data * lesson_node1)])
    return np.sum(hidden * lesson_output)


def hard_coded_answer(input_data, weights):
    return 0


def integer_truncation(input_data, weights):
    # np.tanh as the lesson uses it: truncating is sensitive to the last bit near whole numbers
    hidden = np.tanh([np.sum(input_data * weights["node0"]), np.sum(input_data * weights["node1"])])
    return math.trunc(np.sum(hidden * weights["output"]))


def _half_dot(values, node_weights):
    """float16 products, added up in float32, rounded back to float16 (numpy's float16 sum)."""
    total = np.float32(0)
    for v, w in zip(values, node_weights):
        total += np.float32(np.float16(v) * np.float16(w))
    return np.float16(total)


def float16(input_data, weights):
    with np.errstate(all="ignore"):
        hidden = [np.tanh(_half_dot(input_data, weights[key])) for key in ("node0", "node1")]
        return _half_dot(hidden, weights["output"])


VARIANTS = {
    ("predict_with_tanh", "tanh-on-output"): tanh_on_output,
    ("predict_with_tanh", "no-activation"): no_activation,
    ("predict_with_tanh", "relu-instead-of-tanh"): relu_instead_of_tanh,
    ("predict_with_tanh", "sigmoid-instead-of-tanh"): sigmoid_instead_of_tanh,
    ("predict_with_tanh", "tanh-on-inputs"): tanh_on_inputs,
    ("predict_with_tanh", "first-hidden-node-only"): first_hidden_node_only,
    ("predict_with_tanh", "hidden-nodes-swapped"): hidden_nodes_swapped,
    ("predict_with_tanh", "tutorial-weights"): tutorial_weights,
    ("predict_with_tanh", "hard-coded-answer"): hard_coded_answer,
    ("predict_with_tanh", "integer-truncation"): integer_truncation,
    ("predict_with_tanh", "float16"): float16,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_math(input_data, weights):
    hidden = [math.tanh(v) for v in _hidden_inputs(input_data, weights)]
    return _output(hidden, weights)


def correct_matrix(input_data, weights):
    layer = np.vstack([weights["node0"], weights["node1"]]).astype(float)
    return np.tanh(layer @ input_data) @ np.asarray(weights["output"], dtype=float)


def correct_loops(input_data, weights):
    outputs = []
    for key in ("node0", "node1"):
        total = 0
        for x, w in zip(input_data, weights[key]):
            total += x * w
        outputs.append(np.tanh(total))
    return sum(h * w for h, w in zip(outputs, weights["output"]))


CORRECT = {"predict_with_tanh": [correct_math, correct_matrix, correct_loops]}


# --- wrong in ways no misconception describes ----------------------------------------------


def plus_one(input_data, weights):
    return correct_math(input_data, weights) + 1


def tanh_squared(input_data, weights):
    hidden = [math.tanh(v) ** 2 for v in _hidden_inputs(input_data, weights)]
    return _output(hidden, weights) - 0.25


def rounded_to_one_decimal(input_data, weights):
    return round(float(correct_math(input_data, weights)), 1)


UNKNOWN = {"predict_with_tanh": [plus_one, tanh_squared, rounded_to_one_decimal]}
