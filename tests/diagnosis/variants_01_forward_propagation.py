"""01_forward_propagation written by students who share a misconception but not the library's code.

Each variant keeps the library version's wrong behaviour on every input (including what it
raises and what it modifies) while changing how it is written: loops, zip, np.dot, math.
"""

import math

import numpy as np

# --- node_value ----------------------------------------------------------------------------


def node_value_product_of_sums(input_data, node_weights):
    total_in = 0
    for x in input_data:
        total_in += x
    total_w = 0
    for w in node_weights:
        total_w += w
    return total_in * total_w


def node_value_sum_instead_of_product(input_data, node_weights):
    return sum(x + w for x, w in zip(input_data, node_weights))


def node_value_first_input_only(input_data, node_weights):
    first = input_data[0]
    return first * node_weights[0]


def node_value_two_inputs_hard_coded(input_data, node_weights):
    # indexing [1] raises IndexError for a single input, as the library version does
    return sum(input_data[i] * node_weights[i] for i in range(2))


def node_value_dot_method_on_weights(input_data, node_weights):
    # array methods on the weights: AttributeError when they come as a list
    return (node_weights.reshape(-1) * input_data).sum()


def node_value_tutorial_weights(input_data, node_weights):
    lesson = np.ones(2)  # the lesson's [1, 1]; broadcasts like it (one input) or fails (three)
    return np.sum(lesson * input_data)


def node_value_hard_coded_answer(input_data, node_weights):
    answer = 40.0
    return answer


def node_value_integer_truncation(input_data, node_weights):
    return np.fix(sum(x * w for x, w in zip(input_data, node_weights)))  # rounds toward zero


def node_value_float16(input_data, node_weights):
    with np.errstate(all="ignore"):
        products = [np.float16(x) * np.float16(w) for x, w in zip(input_data, node_weights)]
        total = np.float32(0)
        for p in products:
            total += np.float32(p)
        return np.float16(total)


def node_value_modifies_input(input_data, node_weights):
    np.multiply(input_data, node_weights, out=input_data)
    return np.sum(input_data)


# --- predict -------------------------------------------------------------------------------


def _node(values, node_weights):
    return sum(v * w for v, w in zip(values, node_weights))


def predict_first_hidden_node_only(input_data, weights):
    hidden_0 = np.dot(input_data, weights["node0"])
    return hidden_0 * weights["output"][0]


def predict_hidden_nodes_swapped(input_data, weights):
    h0 = _node(input_data, weights["node0"])
    h1 = _node(input_data, weights["node1"])
    out = weights["output"]
    return h0 * out[1] + h1 * out[0]


def predict_output_weights_forgotten(input_data, weights):
    return sum(np.dot(input_data, weights[key]) for key in ("node0", "node1"))


def predict_activation_too_early(input_data, weights):
    hidden = []
    for key in ["node0", "node1"]:
        value = _node(input_data, weights[key])
        hidden.append(value if value > 0 else 0)
    return _node(hidden, weights["output"])


def predict_tutorial_weights(input_data, weights):
    lesson = {"node0": np.array([1, 1]), "node1": np.array([1, -1]), "output": np.array([1, -1])}
    # elementwise products broadcast one input against the lesson's two weights
    hidden = np.array([np.multiply(input_data, lesson["node0"]).sum(), np.multiply(input_data, lesson["node1"]).sum()])
    return np.multiply(hidden, lesson["output"]).sum()


def predict_hard_coded_answer(input_data, weights):
    return 0.0


def predict_integer_truncation(input_data, weights):
    hidden = [_node(input_data, weights["node0"]), _node(input_data, weights["node1"])]
    return int(float(_node(hidden, weights["output"])))


def _half_dot(values, node_weights):
    """float16 products, added up in float32, rounded back to float16 (numpy's float16 sum)."""
    total = np.float32(0)
    for v, w in zip(values, node_weights):
        total += np.float32(np.float16(v) * np.float16(w))
    return np.float16(total)


def predict_float16(input_data, weights):
    with np.errstate(all="ignore"):
        hidden = [_half_dot(input_data, weights["node0"]), _half_dot(input_data, weights["node1"])]
        return _half_dot(hidden, weights["output"])


VARIANTS = {
    ("node_value", "product-of-sums"): node_value_product_of_sums,
    ("node_value", "sum-instead-of-product"): node_value_sum_instead_of_product,
    ("node_value", "first-input-only"): node_value_first_input_only,
    ("node_value", "two-inputs-hard-coded"): node_value_two_inputs_hard_coded,
    ("node_value", "dot-method-on-weights"): node_value_dot_method_on_weights,
    ("node_value", "tutorial-weights"): node_value_tutorial_weights,
    ("node_value", "hard-coded-answer"): node_value_hard_coded_answer,
    ("node_value", "integer-truncation"): node_value_integer_truncation,
    ("node_value", "float16"): node_value_float16,
    ("node_value", "modifies-input"): node_value_modifies_input,
    ("predict", "first-hidden-node-only"): predict_first_hidden_node_only,
    ("predict", "hidden-nodes-swapped"): predict_hidden_nodes_swapped,
    ("predict", "output-weights-forgotten"): predict_output_weights_forgotten,
    ("predict", "activation-too-early"): predict_activation_too_early,
    ("predict", "tutorial-weights"): predict_tutorial_weights,
    ("predict", "hard-coded-answer"): predict_hard_coded_answer,
    ("predict", "integer-truncation"): predict_integer_truncation,
    ("predict", "float16"): predict_float16,
}


# --- correct answers, several styles -------------------------------------------------------


def node_value_loop(input_data, node_weights):
    total = 0
    for i in range(len(input_data)):
        total += input_data[i] * node_weights[i]
    return total


def node_value_dot(input_data, node_weights):
    return np.dot(input_data, node_weights)


def node_value_math(input_data, node_weights):
    return math.fsum(float(x) * float(w) for x, w in zip(input_data, node_weights))


def predict_loops(input_data, weights):
    hidden = [node_value_loop(input_data, weights[key]) for key in ("node0", "node1")]
    return node_value_loop(hidden, weights["output"])


def predict_matrix(input_data, weights):
    layer = np.array([weights["node0"], weights["node1"]], dtype=float)
    return float(np.asarray(weights["output"], dtype=float) @ (layer @ input_data))


CORRECT = {
    "node_value": [node_value_loop, node_value_dot, node_value_math],
    "predict": [predict_loops, predict_matrix],
}


# --- wrong in ways no misconception describes ----------------------------------------------


def node_value_plus_one(input_data, node_weights):
    return np.dot(input_data, node_weights) + 1


def node_value_scrambled(input_data, node_weights):
    return float(np.sum(np.asarray(input_data) ** 2)) * 0.37 - len(node_weights)


def node_value_weights_reversed(input_data, node_weights):
    return sum(x * w for x, w in zip(input_data, list(node_weights)[::-1]))


def predict_plus_one(input_data, weights):
    return predict_loops(input_data, weights) + 1


def predict_scrambled(input_data, weights):
    return math.sin(float(np.sum(input_data))) * 3.1 + float(np.sum(weights["output"]))


def predict_first_output_weight_twice(input_data, weights):
    hidden_0, hidden_1 = np.dot(input_data, weights["node0"]), np.dot(input_data, weights["node1"])
    return (hidden_0 + hidden_1) * weights["output"][0]


def predict_absolute_second_node(input_data, weights):
    # an absolute value on node1 alone: no misconception in the library says that. (ReLU on
    # node1 alone would be no test: wherever it is wrong, node1 is 0 and "only the first hidden
    # node reaches the output" is exactly what the student's answers show.)
    hidden_0, hidden_1 = np.dot(input_data, weights["node0"]), np.dot(input_data, weights["node1"])
    return hidden_0 * weights["output"][0] + abs(hidden_1) * weights["output"][1]


UNKNOWN = {
    "node_value": [node_value_plus_one, node_value_scrambled, node_value_weights_reversed],
    "predict": [predict_plus_one, predict_scrambled, predict_first_output_weight_twice, predict_absolute_second_node],
}


# --- the misconception as many students write it (the library's spellings must match) -----
# Each differs from the library's version only where that version's behaviour is incidental.


def node_value_tutorial_weights_dot(input_data, node_weights):
    # np.dot raises for one input, where the library's elementwise product broadcasts
    return np.dot(input_data, [1, 1])


def predict_tutorial_weights_dot(input_data, weights):
    lesson = {"node0": [1, 1], "node1": [1, -1], "output": [1, -1]}
    hidden = np.array([np.dot(input_data, lesson["node0"]), np.dot(input_data, lesson["node1"])])
    return np.dot(hidden, lesson["output"])


def node_value_float16_dot(input_data, node_weights):
    # np.dot adds the float16 products without rounding each one to float16 first
    with np.errstate(all="ignore"):
        return np.dot(input_data.astype(np.float16), np.array(node_weights, dtype=np.float16))


def node_value_modifies_input_loop(input_data, node_weights):
    # in a loop, integer inputs times float weights are truncated, where *= raises
    for i in range(len(input_data)):
        input_data[i] = input_data[i] * node_weights[i]
    return input_data.sum()


REWRITES = {
    ("node_value", "tutorial-weights"): node_value_tutorial_weights_dot,
    ("predict", "tutorial-weights"): predict_tutorial_weights_dot,
    ("node_value", "float16"): node_value_float16_dot,
    ("node_value", "modifies-input"): node_value_modifies_input_loop,
}
