"""Known-wrong answers to 05_multilayer, each with the lesson it teaches.

Every implementation has the graded function's signature (input_data, weights); its docstring
is the message a student reads. Most are the network with one part changed (`_predict`).
"""

import numpy as np

from autograder.checks import misconception

from lesson import DEEP_NETWORK, DEEP_PREDICTION


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _layer(values, weights, keys, activation):
    return activation(np.array([_dot(values, weights[key]) for key in keys]))


def _relu(values):
    return np.maximum(values, 0)


def _identity(values):
    return values


def _leaky(values):
    return np.where(values > 0, values, 0.01 * values)


def _min(values):
    return np.minimum(values, 0)


def _predict(input_data, weights, first=_relu, second=_relu, output=_identity, keys=("node0_0", "node0_1", "node1_0", "node1_1")):
    """The two-hidden-layer network with the given activations and first/second-layer keys."""
    hidden_1 = _layer(input_data, weights, keys[:2], first)
    hidden_2 = _layer(hidden_1, weights, keys[2:], second)
    return output(_dot(hidden_2, weights["output"]))


@misconception(
    "predict_with_network",
    id="relu-on-output",
    hint="Apply relu to the four hidden nodes only; return the output node's dot product as it is.",
    common=True,
)
def relu_on_output(input_data, weights):
    """It looks like you applied ReLU to the output node too; in this lesson the output node is linear."""
    return _predict(input_data, weights, output=lambda value: max(0, value))


@misconception("predict_with_network", id="no-activation", hint="Pass each hidden node's input through relu, in both hidden layers.")
def no_activation(input_data, weights):
    """It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged."""
    return _predict(input_data, weights, first=_identity, second=_identity)


@misconception(
    "predict_with_network",
    id="second-layer-relu-forgotten",
    hint="Apply relu to node1_0 and node1_1 as well as to the first layer's nodes.",
)
def second_layer_relu_forgotten(input_data, weights):
    """It looks like the second hidden layer has no ReLU."""
    return _predict(input_data, weights, second=_identity)


@misconception(
    "predict_with_network",
    id="first-layer-relu-forgotten",
    hint="Apply relu to node0_0 and node0_1 as well as to the second layer's nodes.",
)
def first_layer_relu_forgotten(input_data, weights):
    """It looks like the first hidden layer has no ReLU."""
    return _predict(input_data, weights, first=_identity)


@misconception("predict_with_network", id="tanh-instead-of-relu", hint="Use the relu provided at the top of the file on every hidden node.")
def tanh_instead_of_relu(input_data, weights):
    """It looks like you used tanh on the hidden nodes; this exercise uses ReLU."""
    return _predict(input_data, weights, first=np.tanh, second=np.tanh)


@misconception(
    "predict_with_network",
    id="leaky-relu",
    hint="Use the relu provided at the top of the file: it returns 0 for inputs that are not positive.",
    common=True,
)
def leaky_relu(input_data, weights):
    """It looks like negative hidden inputs are scaled down (a 'leaky' ReLU) rather than set to 0."""
    return _predict(input_data, weights, first=_leaky, second=_leaky)


@misconception("predict_with_network", id="absolute-value", hint="Use the relu provided at the top of the file on every hidden node.")
def absolute_value(input_data, weights):
    """It looks like the hidden nodes use abs(x); ReLU turns negative inputs into 0, not into positive numbers."""
    return _predict(input_data, weights, first=np.abs, second=np.abs)


@misconception("predict_with_network", id="min-instead-of-max", hint="ReLU is max(0, x); use the relu provided at the top of the file.")
def min_instead_of_max(input_data, weights):
    """It looks like the hidden nodes use min(0, x), which keeps only negative values."""
    return _predict(input_data, weights, first=_min, second=_min)


@misconception(
    "predict_with_network",
    id="layers-swapped",
    hint="In node0_1 the first digit is the layer: node0_* read input_data, node1_* read the first hidden layer.",
)
def layers_swapped(input_data, weights):
    """It looks like the layers are mixed up: node1_* weights used on the input and node0_* on the first layer."""
    return _predict(input_data, weights, keys=("node1_0", "node1_1", "node0_0", "node0_1"))


@misconception(
    "predict_with_network",
    id="first-layer-nodes-swapped",
    hint="Build the first layer as [node0_0's output, node0_1's output], in that order.",
    common=True,
)
def first_layer_nodes_swapped(input_data, weights):
    """It looks like the two nodes of the first hidden layer are in the wrong order when the second layer reads them."""
    return _predict(input_data, weights, keys=("node0_1", "node0_0", "node1_0", "node1_1"))


@misconception(
    "predict_with_network",
    id="second-layer-from-input",
    hint="Feed the first hidden layer's outputs (after relu) into node1_0 and node1_1.",
)
def second_layer_from_input(input_data, weights):
    """It looks like the second hidden layer reads input_data instead of the first hidden layer's outputs."""
    _layer(input_data, weights, ("node0_0", "node0_1"), _relu)  # computed, then not used
    hidden_2 = _layer(input_data, weights, ("node1_0", "node1_1"), _relu)
    return _dot(hidden_2, weights["output"])


@misconception(
    "predict_with_network",
    id="first-node-of-each-layer-only",
    hint="Each layer has two nodes, and the next layer takes the dot product with both of them.",
)
def first_node_of_each_layer_only(input_data, weights):
    """It looks like only the first node of each layer is passed on."""
    hidden_1 = max(0, _dot(input_data, weights["node0_0"]))
    hidden_2 = max(0, hidden_1 * weights["node1_0"][0])
    return hidden_2 * weights["output"][0]


@misconception("predict_with_network", id="tutorial-weights", hint="Read every weight from the weights dict you are given.", common=True)
def tutorial_weights(input_data, weights):
    """It looks like you used the lesson's weights instead of the weights argument."""
    return _predict(input_data, DEEP_NETWORK)


@misconception("predict_with_network", id="hard-coded-answer", hint="Compute both hidden layers and the output from the arguments.")
def hard_coded_answer(input_data, weights):
    """It looks like you return the lesson's answer, 182, whatever the input."""
    return DEEP_PREDICTION


@misconception("predict_with_network", id="integer-truncation", hint="Return the output node's value as it is; do not wrap it in int(...).")
def truncated(input_data, weights):
    """It looks like you turn the prediction into an int, which drops the fractional part."""
    return int(_predict(input_data, weights))


@misconception("predict_with_network", id="float16", hint="Let numpy use its default float64; do not convert to float16.")
def float16(input_data, weights):
    """It looks like you compute in float16, which keeps only about three significant digits."""

    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden_1 = np.maximum([dot16(input_data, weights["node0_0"]), dot16(input_data, weights["node0_1"])], 0)
        hidden_2 = np.maximum([dot16(hidden_1, weights["node1_0"]), dot16(hidden_1, weights["node1_1"])], 0)
        return dot16(hidden_2, weights["output"])


@misconception(
    "predict_with_network",
    id="relu-on-inputs-in-place",
    hint="Leave input_data as it is; apply relu to each hidden node's dot product.",
)
def relu_on_inputs_in_place(input_data, weights):
    """It looks like you zeroed the negative entries of input_data in place: that changes the
    caller's array, and ReLU belongs on the hidden nodes, not on the inputs."""
    input_data[input_data < 0] = 0  # ReLU on the inputs, written into the caller's array
    return _predict(input_data, weights, first=_identity, second=_identity)
