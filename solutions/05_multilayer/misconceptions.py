"""Known-wrong answers to 05_multilayer, each with the lesson it teaches.

Every implementation has the graded function's signature (input_data, weights).
"""

import numpy as np

from autograder.checks import Misconception

TUTORIAL_WEIGHTS = {"node0_0": [2, 4], "node0_1": [4, -5], "node1_0": [-1, 1], "node1_1": [1, 1], "output": [-3, 7]}


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _layer(values, weights, keys, activation):
    return activation(np.array([_dot(values, weights[key]) for key in keys]))


def _relu(values):
    return np.maximum(values, 0)


def _identity(values):
    return values


def _network(first=_relu, second=_relu, output=_identity, keys=("node0_0", "node0_1", "node1_0", "node1_1")):
    """A two-hidden-layer network with the given activations and first/second-layer keys."""

    def predict_with_network(input_data, weights):
        hidden_1 = _layer(input_data, weights, keys[:2], first)
        hidden_2 = _layer(hidden_1, weights, keys[2:], second)
        return output(_dot(hidden_2, weights["output"]))

    return predict_with_network


def _leaky(values):
    return np.where(values > 0, values, 0.01 * values)


def _min(values):
    return np.minimum(values, 0)


def second_layer_from_input(input_data, weights):
    _layer(input_data, weights, ("node0_0", "node0_1"), _relu)  # computed, then not used
    hidden_2 = _layer(input_data, weights, ("node1_0", "node1_1"), _relu)
    return _dot(hidden_2, weights["output"])


def first_node_of_each_layer_only(input_data, weights):
    hidden_1 = max(0, _dot(input_data, weights["node0_0"]))
    hidden_2 = max(0, hidden_1 * weights["node1_0"][0])
    return hidden_2 * weights["output"][0]


def tutorial_weights(input_data, weights):
    return _network()(input_data, TUTORIAL_WEIGHTS)


def hard_coded_answer(input_data, weights):
    return 182


def truncated(input_data, weights):
    return int(_network()(input_data, weights))


def float16(input_data, weights):
    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden_1 = np.maximum([dot16(input_data, weights["node0_0"]), dot16(input_data, weights["node0_1"])], 0)
        hidden_2 = np.maximum([dot16(hidden_1, weights["node1_0"]), dot16(hidden_1, weights["node1_1"])], 0)
        return dot16(hidden_2, weights["output"])


def relu_on_inputs_in_place(input_data, weights):
    input_data[input_data < 0] = 0  # ReLU on the inputs, written into the caller's array
    return _network(first=_identity, second=_identity)(input_data, weights)


def _misconception(id, message, hint, implementation, *, common=False):
    return Misconception(function="predict_with_network", id=id, message=message, hint=hint, implementation=implementation, common=common)


MISCONCEPTIONS = [
    _misconception(
        "relu-on-output",
        "It looks like you applied ReLU to the output node too; in this lesson the output node is linear.",
        "Apply relu to the four hidden nodes only; return the output node's dot product as it is.",
        _network(output=lambda value: max(0, value)),
        common=True,
    ),
    _misconception(
        "no-activation",
        "It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged.",
        "Pass each hidden node's input through relu, in both hidden layers.",
        _network(first=_identity, second=_identity),
    ),
    _misconception(
        "second-layer-relu-forgotten",
        "It looks like the second hidden layer has no ReLU.",
        "Apply relu to node1_0 and node1_1 as well as to the first layer's nodes.",
        _network(second=_identity),
    ),
    _misconception(
        "first-layer-relu-forgotten",
        "It looks like the first hidden layer has no ReLU.",
        "Apply relu to node0_0 and node0_1 as well as to the second layer's nodes.",
        _network(first=_identity),
    ),
    _misconception(
        "tanh-instead-of-relu",
        "It looks like you used tanh on the hidden nodes; this exercise uses ReLU.",
        "Use the relu provided at the top of the file on every hidden node.",
        _network(first=np.tanh, second=np.tanh),
    ),
    _misconception(
        "leaky-relu",
        "It looks like negative hidden inputs are scaled down (a 'leaky' ReLU) rather than set to 0.",
        "Use the relu provided at the top of the file: it returns 0 for inputs that are not positive.",
        _network(first=_leaky, second=_leaky),
        common=True,
    ),
    _misconception(
        "absolute-value",
        "It looks like the hidden nodes use abs(x); ReLU turns negative inputs into 0, not into positive numbers.",
        "Use the relu provided at the top of the file on every hidden node.",
        _network(first=np.abs, second=np.abs),
    ),
    _misconception(
        "min-instead-of-max",
        "It looks like the hidden nodes use min(0, x), which keeps only negative values.",
        "ReLU is max(0, x); use the relu provided at the top of the file.",
        _network(first=_min, second=_min),
    ),
    _misconception(
        "layers-swapped",
        "It looks like the layers are mixed up: node1_* weights used on the input and node0_* on the first layer.",
        "In node0_1 the first digit is the layer: node0_* read input_data, node1_* read the first hidden layer.",
        _network(keys=("node1_0", "node1_1", "node0_0", "node0_1")),
    ),
    _misconception(
        "first-layer-nodes-swapped",
        "It looks like the two nodes of the first hidden layer are in the wrong order when the second layer reads them.",
        "Build the first layer as [node0_0's output, node0_1's output], in that order.",
        _network(keys=("node0_1", "node0_0", "node1_0", "node1_1")),
        common=True,
    ),
    _misconception(
        "second-layer-from-input",
        "It looks like the second hidden layer reads input_data instead of the first hidden layer's outputs.",
        "Feed the first hidden layer's outputs (after relu) into node1_0 and node1_1.",
        second_layer_from_input,
    ),
    _misconception(
        "first-node-of-each-layer-only",
        "It looks like only the first node of each layer is passed on.",
        "Each layer has two nodes, and the next layer takes the dot product with both of them.",
        first_node_of_each_layer_only,
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
        "It looks like you return the lesson's answer, 182, whatever the input.",
        "Compute both hidden layers and the output from the arguments.",
        hard_coded_answer,
    ),
    _misconception(
        "integer-truncation",
        "It looks like you turn the prediction into an int, which drops the fractional part.",
        "Return the output node's value as it is; do not wrap it in int(...).",
        truncated,
    ),
    _misconception(
        "float16",
        "It looks like you compute in float16, which keeps only about three significant digits.",
        "Let numpy use its default float64; do not convert to float16.",
        float16,
    ),
    _misconception(
        "relu-on-inputs-in-place",
        "It looks like you zeroed the negative entries of input_data in place: that changes the "
        "caller's array, and ReLU belongs on the hidden nodes, not on the inputs.",
        "Leave input_data as it is; apply relu to each hidden node's dot product.",
        relu_on_inputs_in_place,
    ),
]
