"""05_multilayer written by students who share a misconception but not the library's code."""

import math

import numpy as np

LAYER_1 = ("node0_0", "node0_1")
LAYER_2 = ("node1_0", "node1_1")


def relu(input):
    return input if input > 0 else 0


def _node(values, node_weights):
    # elementwise, as the lesson writes it: a width mismatch broadcasts or raises the same way
    return np.sum(values * np.asarray(node_weights))


def _network(first, second, output=lambda value: value, layer_1=LAYER_1, layer_2=LAYER_2):
    """A student who wires two layers together, with these activations and keys."""

    def predict_with_network(input_data, weights):
        hidden_1 = np.array([first(_node(input_data, weights[key])) for key in layer_1])
        hidden_2 = np.array([second(_node(hidden_1, weights[key])) for key in layer_2])
        return output(hidden_2[0] * weights["output"][0] + hidden_2[1] * weights["output"][1])

    return predict_with_network


def _same(value):
    return value


def _leaky(value):
    return value if value > 0 else value * 0.01


def _negative_part(value):
    return value if value < 0 else 0


def second_layer_from_input(input_data, weights):
    hidden_2 = [relu(_node(input_data, weights[key])) for key in LAYER_2]
    return sum(h * w for h, w in zip(hidden_2, weights["output"]))


def first_node_of_each_layer_only(input_data, weights):
    a = relu(np.dot(input_data, weights["node0_0"]))
    b = relu(a * weights["node1_0"][0])
    return b * weights["output"][0]


def tutorial_weights(input_data, weights):
    lesson = {"node0_0": [2, 4], "node0_1": [4, -5], "node1_0": [-1, 1], "node1_1": [1, 1], "output": [-3, 7]}
    return _network(relu, relu)(input_data, lesson)


def hard_coded_answer(input_data, weights):
    return 182.0


def integer_truncation(input_data, weights):
    return int(float(_network(relu, relu)(input_data, weights)))


def _half_dot(values, node_weights):
    """float16 products, added up in float32, rounded back to float16 (numpy's float16 sum)."""
    total = np.float32(0)
    for v, w in zip(values, node_weights):
        total += np.float32(np.float16(v) * np.float16(w))
    return np.float16(total)


def float16(input_data, weights):
    with np.errstate(all="ignore"):
        zero = np.float16(0)
        hidden_1 = [np.maximum(_half_dot(input_data, weights[key]), zero) for key in LAYER_1]
        hidden_2 = [np.maximum(_half_dot(hidden_1, weights[key]), zero) for key in LAYER_2]
        return _half_dot(hidden_2, weights["output"])


def relu_on_inputs_in_place(input_data, weights):
    np.copyto(input_data, 0, where=input_data < 0)
    return _network(_same, _same)(input_data, weights)


VARIANTS = {
    ("predict_with_network", "relu-on-output"): _network(relu, relu, output=relu),
    ("predict_with_network", "no-activation"): _network(_same, _same),
    ("predict_with_network", "second-layer-relu-forgotten"): _network(relu, _same),
    ("predict_with_network", "first-layer-relu-forgotten"): _network(_same, relu),
    ("predict_with_network", "tanh-instead-of-relu"): _network(math.tanh, math.tanh),
    ("predict_with_network", "leaky-relu"): _network(_leaky, _leaky),
    ("predict_with_network", "absolute-value"): _network(abs, abs),
    ("predict_with_network", "min-instead-of-max"): _network(_negative_part, _negative_part),
    ("predict_with_network", "layers-swapped"): _network(relu, relu, layer_1=LAYER_2, layer_2=LAYER_1),
    ("predict_with_network", "first-layer-nodes-swapped"): _network(relu, relu, layer_1=LAYER_1[::-1]),
    ("predict_with_network", "second-layer-from-input"): second_layer_from_input,
    ("predict_with_network", "first-node-of-each-layer-only"): first_node_of_each_layer_only,
    ("predict_with_network", "tutorial-weights"): tutorial_weights,
    ("predict_with_network", "hard-coded-answer"): hard_coded_answer,
    ("predict_with_network", "integer-truncation"): integer_truncation,
    ("predict_with_network", "float16"): float16,
    ("predict_with_network", "relu-on-inputs-in-place"): relu_on_inputs_in_place,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_loops(input_data, weights):
    values = list(input_data)
    for layer in (LAYER_1, LAYER_2):
        values = [max(0, sum(v * w for v, w in zip(values, weights[key]))) for key in layer]
    return sum(v * w for v, w in zip(values, weights["output"]))


def correct_matrices(input_data, weights):
    first = np.array([weights[key] for key in LAYER_1], dtype=float)
    second = np.array([weights[key] for key in LAYER_2], dtype=float)
    hidden = np.maximum(second @ np.maximum(first @ input_data, 0), 0)
    return float(hidden @ np.asarray(weights["output"], dtype=float))


def correct_per_node(input_data, weights):
    return _network(relu, relu)(input_data, weights)


CORRECT = {"predict_with_network": [correct_loops, correct_matrices, correct_per_node]}


# --- wrong in ways no misconception describes ----------------------------------------------


def plus_one(input_data, weights):
    return correct_loops(input_data, weights) + 1


def output_squared(input_data, weights):
    return correct_loops(input_data, weights) ** 2 - 2


def leaky_in_the_first_layer_only(input_data, weights):
    return _network(_leaky, relu)(input_data, weights)


UNKNOWN = {"predict_with_network": [plus_one, output_squared, leaky_in_the_first_layer_only]}
