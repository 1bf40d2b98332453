"""Known-wrong answers to 03_relu, each with the lesson it teaches.

Every implementation has the graded function's signature: relu(input) or
predict_with_relu(input_data, weights).
"""

import numpy as np

from autograder.checks import Misconception

TUTORIAL_WEIGHTS = {"node0": [1, 1], "node1": [1, -1], "output": [1, -1]}


# --- relu ----------------------------------------------------------------------------------


def leaky_relu(input):
    return input if input > 0 else 0.01 * input


def leaky_relu_tenth(input):
    return max(input, input / 10)


def absolute_value(input):
    return abs(input)


def min_instead_of_max(input):
    return min(0, input)


def missing_return(input):
    output = max(0, input)  # computed, then dropped: the function returns None


def returns_the_slope(input):
    return 1 if input > 0 else 0


def truncated_relu(input):
    return int(max(0, input))


def float16_relu(input):
    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        return np.float16(max(0, input))


# --- predict_with_relu ---------------------------------------------------------------------


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _hidden_inputs(input_data, weights):
    return np.array([_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])])


def _network(activation):
    def predict_with_relu(input_data, weights):
        return _dot(activation(_hidden_inputs(input_data, weights)), weights["output"])

    return predict_with_relu


def relu_on_output(input_data, weights):
    return max(0, _dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"]))


def first_hidden_node_only(input_data, weights):
    return max(0, _dot(input_data, weights["node0"])) * weights["output"][0]


def hidden_nodes_swapped(input_data, weights):
    hidden = np.maximum(_hidden_inputs(input_data, weights), 0)[::-1]
    return _dot(hidden, weights["output"])


def tutorial_weights(input_data, weights):
    weights = TUTORIAL_WEIGHTS
    return _dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"])


def hard_coded_prediction(input_data, weights):
    return 0


def truncated_prediction(input_data, weights):
    return int(_dot(np.maximum(_hidden_inputs(input_data, weights), 0), weights["output"]))


def float16_prediction(input_data, weights):
    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.array([dot16(input_data, weights["node0"]), dot16(input_data, weights["node1"])])
        return dot16(np.maximum(hidden, 0), weights["output"])


def relu_on_inputs_in_place(input_data, weights):
    input_data[input_data < 0] = 0  # ReLU on the inputs, written into the caller's array
    return _dot(_hidden_inputs(input_data, weights), weights["output"])


MISCONCEPTIONS = [
    Misconception(
        function="relu",
        id="leaky-relu",
        common=True,
        message="It looks like negative numbers are scaled down (a 'leaky' ReLU) rather than set to 0.",
        hint="For any input that is not positive, relu returns exactly 0.",
        implementation=leaky_relu,
        spellings=(leaky_relu_tenth,),
    ),
    Misconception(
        function="relu",
        id="absolute-value",
        message="It looks like negative numbers come back as positive ones: that is abs(x), not ReLU.",
        hint="Negative inputs switch the node off: return 0 for them, not their size.",
        implementation=absolute_value,
    ),
    Misconception(
        function="relu",
        id="min-instead-of-max",
        message="It looks like you used min(0, x), which keeps the negative numbers and zeroes the positive ones.",
        hint="ReLU is max(0, x): the larger of 0 and the input.",
        implementation=min_instead_of_max,
    ),
    Misconception(
        function="relu",
        id="missing-return",
        message="It looks like relu computes the value but does not return it, so it returns None.",
        hint="End relu with a return statement, e.g. return the value you computed.",
        implementation=missing_return,
    ),
    Misconception(
        function="relu",
        id="returns-the-slope",
        message="It looks like relu returns 1 for positive inputs: that is ReLU's slope, not its value.",
        hint="For a positive input, relu returns the input itself.",
        implementation=returns_the_slope,
    ),
    Misconception(
        function="relu",
        id="integer-truncation",
        message="It looks like you turn the result into an int, which drops the fractional part.",
        hint="Return the number as it is; do not wrap it in int(...).",
        implementation=truncated_relu,
    ),
    Misconception(
        function="relu",
        id="float16",
        message="It looks like you convert to float16, which keeps only about three significant digits.",
        hint="Return the number itself, without converting it.",
        implementation=float16_relu,
    ),
    Misconception(
        function="predict_with_relu",
        id="relu-on-output",
        common=True,
        message="It looks like you applied ReLU to the output node too; in this lesson the output node is linear.",
        hint="Apply relu to the hidden node values only; return the output node's dot product as it is.",
        implementation=relu_on_output,
    ),
    Misconception(
        function="predict_with_relu",
        id="no-activation",
        message="It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged.",
        hint="Pass each hidden node's input (the dot product) through relu before the output node uses it.",
        implementation=_network(lambda hidden: hidden),
    ),
    Misconception(
        function="predict_with_relu",
        id="tanh-instead-of-relu",
        message="It looks like you used tanh on the hidden nodes; this exercise asks for ReLU.",
        hint="Use relu (max(0, x)) on each hidden node's input.",
        implementation=_network(np.tanh),
    ),
    Misconception(
        function="predict_with_relu",
        id="leaky-relu",
        common=True,
        message="It looks like negative hidden inputs are scaled down (a 'leaky' ReLU) rather than set to 0.",
        hint="A hidden node whose input is not positive outputs exactly 0.",
        implementation=_network(lambda hidden: np.where(hidden > 0, hidden, 0.01 * hidden)),
        spellings=(_network(lambda hidden: np.maximum(hidden, hidden / 10)),),
    ),
    Misconception(
        function="predict_with_relu",
        id="absolute-value",
        message="It looks like the hidden nodes use abs(x); ReLU turns negative inputs into 0, not into positive numbers.",
        hint="Use max(0, x) on each hidden node's input.",
        implementation=_network(np.abs),
    ),
    Misconception(
        function="predict_with_relu",
        id="min-instead-of-max",
        message="It looks like the hidden nodes use min(0, x), which keeps only negative values.",
        hint="ReLU is max(0, x): the larger of 0 and the input.",
        implementation=_network(lambda hidden: np.minimum(hidden, 0)),
    ),
    Misconception(
        function="predict_with_relu",
        id="first-hidden-node-only",
        common=True,
        message="It looks like only the first hidden node reaches the output.",
        hint="The output node takes the dot product of both hidden outputs with weights['output'].",
        implementation=first_hidden_node_only,
    ),
    Misconception(
        function="predict_with_relu",
        id="hidden-nodes-swapped",
        common=True,
        message="It looks like the hidden nodes are paired with the wrong output weights (node0 with the second).",
        hint="weights['output'][0] multiplies node0's output and weights['output'][1] multiplies node1's.",
        implementation=hidden_nodes_swapped,
    ),
    Misconception(
        function="predict_with_relu",
        id="tutorial-weights",
        common=True,
        message="It looks like you used the lesson's weights instead of the weights argument.",
        hint="Read every weight from the weights dict you are given.",
        implementation=tutorial_weights,
    ),
    Misconception(
        function="predict_with_relu",
        id="hard-coded-answer",
        message="It looks like you return the lesson's answer, 0, whatever the input.",
        hint="Compute the hidden layer and then the output from the arguments.",
        implementation=hard_coded_prediction,
    ),
    Misconception(
        function="predict_with_relu",
        id="integer-truncation",
        message="It looks like you turn the prediction into an int, which drops the fractional part.",
        hint="Return the output node's value as it is; do not wrap it in int(...).",
        implementation=truncated_prediction,
    ),
    Misconception(
        function="predict_with_relu",
        id="float16",
        message="It looks like you compute in float16, which keeps only about three significant digits.",
        hint="Let numpy use its default float64; do not convert to float16.",
        implementation=float16_prediction,
    ),
    Misconception(
        function="predict_with_relu",
        id="relu-on-inputs-in-place",
        message="It looks like you zeroed the negative entries of input_data in place: that changes the "
        "caller's array, and ReLU belongs on the hidden nodes, not on the inputs.",
        hint="Leave input_data as it is; apply relu to each hidden node's dot product.",
        implementation=relu_on_inputs_in_place,
    ),
]
