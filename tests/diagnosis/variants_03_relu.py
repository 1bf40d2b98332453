"""03_relu written by students who share a misconception but not the library's code."""

import math

import numpy as np

# --- relu ----------------------------------------------------------------------------------


def relu_leaky(input):
    return max(0.01 * input, input)


def relu_absolute_value(input):
    return input if input >= 0 else -input


def relu_min_instead_of_max(input):
    if input < 0:
        return input
    return 0


def relu_missing_return(input):
    result = np.maximum(0, input)  # computed, and the function ends without returning it


def relu_returns_the_slope(input):
    return float(input > 0)


def relu_integer_truncation(input):
    return math.floor(input) if input > 0 else 0


def relu_float16(input):
    with np.errstate(all="ignore"):
        return np.float16(input) if input > 0 else np.float16(0)


# --- predict_with_relu ---------------------------------------------------------------------


def _hidden_inputs(input_data, weights):
    return [np.dot(input_data, weights["node0"]), np.dot(input_data, weights["node1"])]


def _output(hidden, weights):
    out = weights["output"]
    return hidden[0] * out[0] + hidden[1] * out[1]


def _with_activation(activation):
    """A student who wrote the network right and picked the wrong activation."""

    def predict_with_relu(input_data, weights):
        return _output([activation(v) for v in _hidden_inputs(input_data, weights)], weights)

    return predict_with_relu


def network_relu_on_output(input_data, weights):
    hidden = [max(v, 0) for v in _hidden_inputs(input_data, weights)]
    prediction = _output(hidden, weights)
    return prediction if prediction > 0 else 0


def network_first_hidden_node_only(input_data, weights):
    node_0 = sum(x * w for x, w in zip(input_data, weights["node0"]))
    return (node_0 if node_0 > 0 else 0) * weights["output"][0]


def network_hidden_nodes_swapped(input_data, weights):
    hidden = [max(v, 0) for v in _hidden_inputs(input_data, weights)]
    return hidden[1] * weights["output"][0] + hidden[0] * weights["output"][1]


def network_tutorial_weights(input_data, weights):
    lesson = {"node0": np.array([1, 1]), "node1": np.array([1, -1]), "output": np.array([1, -1])}
    # elementwise products broadcast one input against the lesson's two weights
    hidden = np.maximum([np.sum(input_data * lesson["node0"]), np.sum(input_data * lesson["node1"])], 0)
    return np.sum(hidden * lesson["output"])


def network_hard_coded_answer(input_data, weights):
    return 0.0


def network_integer_truncation(input_data, weights):
    hidden = np.maximum([np.sum(input_data * weights["node0"]), np.sum(input_data * weights["node1"])], 0)
    return np.trunc(np.sum(hidden * weights["output"]))


def _half_dot(values, node_weights):
    """float16 products, added up in float32, rounded back to float16 (numpy's float16 sum)."""
    total = np.float32(0)
    for v, w in zip(values, node_weights):
        total += np.float32(np.float16(v) * np.float16(w))
    return np.float16(total)


def network_float16(input_data, weights):
    with np.errstate(all="ignore"):
        hidden = [np.maximum(_half_dot(input_data, weights[key]), np.float16(0)) for key in ("node0", "node1")]
        return _half_dot(hidden, weights["output"])


def network_relu_on_inputs_in_place(input_data, weights):
    for i in range(len(input_data)):
        if input_data[i] < 0:
            input_data[i] = 0
    return _output(_hidden_inputs(input_data, weights), weights)


VARIANTS = {
    ("relu", "leaky-relu"): relu_leaky,
    ("relu", "absolute-value"): relu_absolute_value,
    ("relu", "min-instead-of-max"): relu_min_instead_of_max,
    ("relu", "missing-return"): relu_missing_return,
    ("relu", "returns-the-slope"): relu_returns_the_slope,
    ("relu", "integer-truncation"): relu_integer_truncation,
    ("relu", "float16"): relu_float16,
    ("predict_with_relu", "relu-on-output"): network_relu_on_output,
    ("predict_with_relu", "no-activation"): _with_activation(lambda v: v),
    ("predict_with_relu", "tanh-instead-of-relu"): _with_activation(math.tanh),
    ("predict_with_relu", "leaky-relu"): _with_activation(lambda v: v if v > 0 else v / 100),
    ("predict_with_relu", "absolute-value"): _with_activation(abs),
    ("predict_with_relu", "min-instead-of-max"): _with_activation(lambda v: min(v, 0)),
    ("predict_with_relu", "first-hidden-node-only"): network_first_hidden_node_only,
    ("predict_with_relu", "hidden-nodes-swapped"): network_hidden_nodes_swapped,
    ("predict_with_relu", "tutorial-weights"): network_tutorial_weights,
    ("predict_with_relu", "hard-coded-answer"): network_hard_coded_answer,
    ("predict_with_relu", "integer-truncation"): network_integer_truncation,
    ("predict_with_relu", "float16"): network_float16,
    ("predict_with_relu", "relu-on-inputs-in-place"): network_relu_on_inputs_in_place,
}


# --- correct answers, several styles -------------------------------------------------------


def relu_conditional(input):
    return input if input > 0 else 0


def relu_numpy(input):
    return np.maximum(0, input)


def relu_arithmetic(input):
    return (input + abs(input)) / 2


def network_loops(input_data, weights):
    hidden = []
    for key in ("node0", "node1"):
        total = 0
        for x, w in zip(input_data, weights[key]):
            total += x * w
        hidden.append(max(0, total))
    return sum(h * w for h, w in zip(hidden, weights["output"]))


def network_matrix(input_data, weights):
    layer = np.array([weights["node0"], weights["node1"]], dtype=float)
    return np.maximum(layer @ input_data, 0) @ np.asarray(weights["output"], dtype=float)


CORRECT = {
    "relu": [relu_conditional, relu_numpy, relu_arithmetic],
    "predict_with_relu": [network_loops, network_matrix],
}


# --- wrong in ways no misconception describes ----------------------------------------------


def relu_plus_one(input):
    return input + 1


def relu_scrambled(input):
    return (input * 7 + 3) % 5 - 1.25


def network_plus_one(input_data, weights):
    return network_loops(input_data, weights) + 1


def network_cubed_hidden(input_data, weights):
    return _with_activation(lambda v: float(v) ** 3 / 1000)(input_data, weights)


def relu_rounded(input):
    return max(0, round(input))


def relu_threshold_at_one(input):
    # keeps fractions above 1 as they are (relu(2.5) is 2.5): no int(...) anywhere
    return input if input >= 1 else 0


def network_threshold_at_one(input_data, weights):
    # the second hidden node reaches the output whenever its input is above 1
    return _with_activation(lambda v: v if v > 1 else 0)(input_data, weights)


UNKNOWN = {
    "relu": [relu_plus_one, relu_scrambled, relu_rounded, relu_threshold_at_one],
    "predict_with_relu": [network_plus_one, network_cubed_hidden, network_threshold_at_one],
}


# --- the misconception as many students write it (the library's spellings must match) -----


def relu_leaky_tenth(input):
    # a leaky ReLU with the other common slope, 0.1 (the library's implementation uses 0.01)
    return input if input > 0 else 0.1 * input


REWRITES = {("relu", "leaky-relu"): relu_leaky_tenth}
