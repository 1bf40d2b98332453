"""Known-wrong answers to 01_forward_propagation, each with the lesson it teaches.

Every implementation has the graded function's signature; its docstring is the message a
student reads. The hidden checks must be able to tell each of them apart from the reference;
the grader also uses them to diagnose a failure.
"""

import numpy as np

from autograder.checks import misconception

from lesson import NETWORK

# --- node_value ----------------------------------------------------------------------------


@misconception("node_value", id="product-of-sums", hint="Multiply each input by its own weight first, then add those products.")
def product_of_sums(input_data, node_weights):
    """It looks like you added up the inputs and the weights separately and multiplied the two totals."""
    return np.sum(input_data) * np.sum(node_weights)


@misconception("node_value", id="sum-instead-of-product", hint="A connection multiplies the value it carries by its weight: use *, not +.")
def sum_instead_of_product(input_data, node_weights):
    """It looks like you added each input to its weight instead of multiplying them."""
    return (input_data + np.asarray(node_weights)).sum()


@misconception("node_value", id="first-input-only", hint="Every input is connected to the node: add the products for all of them.")
def first_input_only(input_data, node_weights):
    """It looks like only the first input reaches the node."""
    return input_data[0] * node_weights[0]


@misconception("node_value", id="two-inputs-hard-coded", hint="Multiply the whole arrays elementwise and sum, so any number of inputs works.")
def two_inputs_hard_coded(input_data, node_weights):
    """It looks like your code assumes exactly two inputs."""
    return input_data[0] * node_weights[0] + input_data[1] * node_weights[1]


@misconception(
    "node_value",
    id="dot-method-on-weights",
    hint="Start from input_data, which is always a numpy array, e.g. multiply it by the weights.",
)
def dot_method_on_weights(input_data, node_weights):
    """It looks like you called .dot on node_weights, which fails when the weights are a list."""
    # a list has no .dot method: this only works when the weights are an array
    return node_weights.dot(input_data)


@misconception(
    "node_value",
    id="tutorial-weights",
    hint="Use the node_weights you are given; the lesson's numbers are only an example.",
    common=True,
)
def tutorial_node_weights(input_data, node_weights):
    """It looks like you used the lesson's weights [1, 1] instead of the node_weights argument."""
    return (input_data * np.array(NETWORK["node0"])).sum()


@tutorial_node_weights.spelling
def tutorial_node_weights_matmul(input_data, node_weights):
    # as a true dot product it raises for any number of inputs but two
    return input_data @ np.array(NETWORK["node0"])


@misconception("node_value", id="hard-coded-answer", hint="Compute the value from input_data and node_weights.")
def hard_coded_node_value(input_data, node_weights):
    """It looks like you return the lesson's answer, 40, whatever the input."""
    return 40


@misconception("node_value", id="integer-truncation", hint="Return the sum as it is; do not wrap it in int(...).")
def truncated_node_value(input_data, node_weights):
    """It looks like you turn the result into an int, which drops the fractional part."""
    return int((input_data * node_weights).sum())


@misconception("node_value", id="float16", hint="Let numpy use its default float64; do not convert to float16.")
def float16_node_value(input_data, node_weights):
    """It looks like you compute in float16, which keeps only about three significant digits."""
    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        return (input_data.astype(np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()


@float16_node_value.spelling
def float16_node_value_dot(input_data, node_weights):
    # np.dot sums the float16 products without rounding each one to float16 first
    with np.errstate(all="ignore"):
        return np.asarray(input_data, dtype=np.float16) @ np.asarray(node_weights, dtype=np.float16)


@misconception(
    "node_value",
    id="modifies-input",
    hint="Write input_data * node_weights (a new array) instead of input_data *= node_weights.",
)
def multiplies_in_place(input_data, node_weights):
    """It looks like you multiply input_data in place, which changes the caller's array."""
    input_data *= node_weights
    return input_data.sum()


@multiplies_in_place.spelling
def overwrites_input(input_data, node_weights):
    # assigning into the input casts silently: integer inputs keep only whole products
    input_data[:] = input_data * np.asarray(node_weights)
    return input_data.sum()


# --- predict -------------------------------------------------------------------------------


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


@misconception(
    "predict",
    id="first-hidden-node-only",
    hint="The output node takes the dot product of both hidden values with weights['output'].",
    common=True,
)
def first_hidden_node_only(input_data, weights):
    """It looks like only the first hidden node reaches the output."""
    return _dot(input_data, weights["node0"]) * weights["output"][0]


@misconception(
    "predict",
    id="hidden-nodes-swapped",
    hint="weights['output'][0] multiplies node0's value and weights['output'][1] multiplies node1's.",
    common=True,
)
def hidden_nodes_swapped(input_data, weights):
    """It looks like the hidden nodes are paired with the wrong output weights (node0 with the second)."""
    hidden = np.array([_dot(input_data, weights["node1"]), _dot(input_data, weights["node0"])])
    return _dot(hidden, weights["output"])


@misconception(
    "predict",
    id="output-weights-forgotten",
    hint="The output node is a dot product too: multiply the hidden values by weights['output'].",
)
def output_weights_forgotten(input_data, weights):
    """It looks like you added the hidden values without using the output weights."""
    return _dot(input_data, weights["node0"]) + _dot(input_data, weights["node1"])


@misconception(
    "predict",
    id="activation-too-early",
    hint="Use the plain dot products here; activation functions come in the next exercises.",
)
def relu_on_hidden_nodes(input_data, weights):
    """It looks like you applied ReLU to the hidden nodes; this exercise has no activation function."""
    hidden = np.array([max(0, _dot(input_data, weights["node0"])), max(0, _dot(input_data, weights["node1"]))])
    return _dot(hidden, weights["output"])


@misconception("predict", id="tutorial-weights", hint="Read every weight from the weights dict you are given.", common=True)
def tutorial_weights(input_data, weights):
    """It looks like you used the lesson's weights instead of the weights argument."""
    weights = NETWORK
    hidden = np.array([_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])])
    return _dot(hidden, weights["output"])


@tutorial_weights.spelling
def tutorial_weights_matmul(input_data, weights):
    hidden = np.array([NETWORK["node0"], NETWORK["node1"]]) @ input_data
    return hidden @ np.array(NETWORK["output"])


@misconception("predict", id="hard-coded-answer", hint="Compute the hidden layer and then the output from the arguments.")
def hard_coded_prediction(input_data, weights):
    """It looks like you return the lesson's answer, 0, whatever the input."""
    return 0


@misconception("predict", id="integer-truncation", hint="Return the output node's value as it is; do not wrap it in int(...).")
def truncated_prediction(input_data, weights):
    """It looks like you turn the prediction into an int, which drops the fractional part."""
    hidden = np.array([_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])])
    return int(_dot(hidden, weights["output"]))


@misconception("predict", id="float16", hint="Let numpy use its default float64; do not convert to float16.")
def float16_prediction(input_data, weights):
    """It looks like you compute in float16, which keeps only about three significant digits."""

    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.array([dot16(input_data, weights["node0"]), dot16(input_data, weights["node1"])])
        return dot16(hidden, weights["output"])
