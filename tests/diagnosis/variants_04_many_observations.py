"""04_many_observations written by students who share a misconception but not the library's code."""

import numpy as np


def relu(input):
    return input if input > 0 else 0


def _hidden_inputs(row, weights):
    return [np.dot(row, weights["node0"]), np.dot(row, weights["node1"])]


def _output(hidden, weights):
    out = weights["output"]
    return hidden[0] * out[0] + hidden[1] * out[1]


def _predict_one(row, weights):
    return _output([relu(v) for v in _hidden_inputs(row, weights)], weights)


def _rows_with(predict_one):
    """A student whose loop over the rows is right and whose per-row network is not."""

    def predict_rows(input_rows, weights):
        results = []
        for row in input_rows:
            results.append(predict_one(row, weights))
        return results

    return predict_rows


def relu_on_output(row, weights):
    return relu(_predict_one(row, weights))


def no_activation(row, weights):
    return _output(_hidden_inputs(row, weights), weights)


def leaky_relu(row, weights):
    return _output([max(v, 0.01 * v) for v in _hidden_inputs(row, weights)], weights)


def first_hidden_node_only(row, weights):
    return relu(sum(x * w for x, w in zip(row, weights["node0"]))) * weights["output"][0]


def hidden_nodes_swapped(row, weights):
    node_0, node_1 = (relu(v) for v in _hidden_inputs(row, weights))
    return node_1 * weights["output"][0] + node_0 * weights["output"][1]


def tutorial_weights(row, weights):
    node0, node1, output = np.array([2, 4]), np.array([4, -5]), np.array([2, 7])
    # elementwise products broadcast a one-number row against the lesson's two weights
    hidden = np.maximum([np.sum(row * node0), np.sum(row * node1)], 0)
    return np.sum(hidden * output)


def integer_truncation(row, weights):
    hidden = np.maximum([np.sum(row * weights["node0"]), np.sum(row * weights["node1"])], 0)
    return np.trunc(np.sum(hidden * weights["output"]))


def _half_dot(values, node_weights):
    """float16 products, added up in float32, rounded back to float16 (numpy's float16 sum)."""
    total = np.float32(0)
    for v, w in zip(values, node_weights):
        total += np.float32(np.float16(v) * np.float16(w))
    return np.float16(total)


def float16(row, weights):
    with np.errstate(all="ignore"):
        hidden = [np.maximum(_half_dot(row, weights[key]), np.float16(0)) for key in ("node0", "node1")]
        return _half_dot(hidden, weights["output"])


def hard_coded_answer(input_rows, weights):
    return [52.0, 63.0, 0.0, 148.0]


def last_row_skipped(input_rows, weights):
    return [_predict_one(row, weights) for row in input_rows[:-1]]


def rows_reversed(input_rows, weights):
    predictions = []
    for row in input_rows:
        predictions.insert(0, _predict_one(row, weights))
    return predictions


def generator_instead_of_list(input_rows, weights):
    for row in input_rows:
        yield _predict_one(row, weights)


def list_reset_inside_loop(input_rows, weights):
    i = 0
    while i < len(input_rows):
        predictions = []  # made again for every row; never made when there are no rows
        predictions.append(_predict_one(input_rows[i], weights))
        i += 1
    return predictions


def rows_consumed(input_rows, weights):
    predictions = []
    while len(input_rows) > 0:
        row = input_rows[0]
        del input_rows[0]
        predictions.append(_predict_one(row, weights))
    return predictions


VARIANTS = {
    ("predict_rows", "relu-on-output"): _rows_with(relu_on_output),
    ("predict_rows", "no-activation"): _rows_with(no_activation),
    ("predict_rows", "leaky-relu"): _rows_with(leaky_relu),
    ("predict_rows", "first-hidden-node-only"): _rows_with(first_hidden_node_only),
    ("predict_rows", "hidden-nodes-swapped"): _rows_with(hidden_nodes_swapped),
    ("predict_rows", "tutorial-weights"): _rows_with(tutorial_weights),
    ("predict_rows", "hard-coded-answer"): hard_coded_answer,
    ("predict_rows", "integer-truncation"): _rows_with(integer_truncation),
    ("predict_rows", "float16"): _rows_with(float16),
    ("predict_rows", "last-row-skipped"): last_row_skipped,
    ("predict_rows", "rows-reversed"): rows_reversed,
    ("predict_rows", "generator-instead-of-list"): generator_instead_of_list,
    ("predict_rows", "list-reset-inside-loop"): list_reset_inside_loop,
    ("predict_rows", "rows-consumed"): rows_consumed,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_comprehension(input_rows, weights):
    return [_predict_one(row, weights) for row in input_rows]


def correct_matrix(input_rows, weights):
    if not input_rows:
        return []
    layer = np.array([weights["node0"], weights["node1"]], dtype=float)
    hidden = np.maximum(np.array(input_rows, dtype=float) @ layer.T, 0)
    return list(hidden @ np.asarray(weights["output"], dtype=float))


def correct_indices(input_rows, weights):
    results = [0] * len(input_rows)
    for i in range(len(input_rows)):
        results[i] = _predict_one(input_rows[i], weights)
    return results


CORRECT = {"predict_rows": [correct_comprehension, correct_matrix, correct_indices]}


# --- wrong in ways no misconception describes ----------------------------------------------


def plus_one_each(input_rows, weights):
    return [p + 1 for p in correct_comprehension(input_rows, weights)]


def running_total(input_rows, weights):
    totals, total = [], 0.0
    for row in input_rows:
        total += _predict_one(row, weights)
        totals.append(total)
    return totals


def sorted_predictions(input_rows, weights):
    return sorted(_predict_one(row, weights) for row in input_rows)


UNKNOWN = {"predict_rows": [plus_one_each, running_total, sorted_predictions]}
