"""Known-wrong answers to 04_many_observations, each with the lesson it teaches.

Every implementation has the graded function's signature (input_rows, weights).
"""

import numpy as np

from autograder.checks import Misconception

TUTORIAL_ROWS_ANSWER = [52, 63, 0, 148]
TUTORIAL_WEIGHTS = {"node0": [2, 4], "node1": [4, -5], "output": [2, 7]}


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _hidden_inputs(row, weights):
    return np.array([_dot(row, weights["node0"]), _dot(row, weights["node1"])])


def _row_prediction(row, weights):
    return _dot(np.maximum(_hidden_inputs(row, weights), 0), weights["output"])


def _each_row(predict_one):
    """A predict_rows that is correct apart from how it predicts one row."""

    def predict_rows(input_rows, weights):
        return [predict_one(row, weights) for row in input_rows]

    return predict_rows


def relu_on_output(row, weights):
    return max(0, _row_prediction(row, weights))


def no_activation(row, weights):
    return _dot(_hidden_inputs(row, weights), weights["output"])


def leaky_relu(row, weights):
    hidden = _hidden_inputs(row, weights)
    return _dot(np.where(hidden > 0, hidden, 0.01 * hidden), weights["output"])


def first_hidden_node_only(row, weights):
    return max(0, _dot(row, weights["node0"])) * weights["output"][0]


def hidden_nodes_swapped(row, weights):
    return _dot(np.maximum(_hidden_inputs(row, weights), 0)[::-1], weights["output"])


def tutorial_weights(row, weights):
    return _row_prediction(row, TUTORIAL_WEIGHTS)


def truncated(row, weights):
    return int(_row_prediction(row, weights))


def float16(row, weights):
    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.array([dot16(row, weights["node0"]), dot16(row, weights["node1"])])
        return dot16(np.maximum(hidden, 0), weights["output"])


def hard_coded_answer(input_rows, weights):
    return list(TUTORIAL_ROWS_ANSWER)


def last_row_skipped(input_rows, weights):
    results = []
    for i in range(len(input_rows) - 1):
        results.append(_row_prediction(input_rows[i], weights))
    return results


def rows_reversed(input_rows, weights):
    return [_row_prediction(row, weights) for row in reversed(input_rows)]


def generator_instead_of_list(input_rows, weights):
    return (_row_prediction(row, weights) for row in input_rows)


def list_reset_inside_loop(input_rows, weights):
    for row in input_rows:
        results = []
        results.append(_row_prediction(row, weights))
    return results


def rows_consumed(input_rows, weights):
    results = []
    while input_rows:
        results.append(_row_prediction(input_rows.pop(0), weights))
    return results


def _misconception(id, message, hint, implementation, *, common=False):
    return Misconception(function="predict_rows", id=id, message=message, hint=hint, implementation=implementation, common=common)


MISCONCEPTIONS = [
    _misconception(
        "relu-on-output",
        "It looks like you applied ReLU to the output node too; in this lesson the output node is linear.",
        "Apply relu to the hidden node values only; each row's prediction is the output node's dot product as it is.",
        _each_row(relu_on_output),
        common=True,
    ),
    _misconception(
        "no-activation",
        "It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged.",
        "Pass each hidden node's input through relu before the output node uses it.",
        _each_row(no_activation),
    ),
    _misconception(
        "leaky-relu",
        "It looks like negative hidden inputs are scaled down (a 'leaky' ReLU) rather than set to 0.",
        "Use the relu provided at the top of the file: it returns 0 for inputs that are not positive.",
        _each_row(leaky_relu),
        common=True,
    ),
    _misconception(
        "first-hidden-node-only",
        "It looks like only the first hidden node reaches the output.",
        "The output node takes the dot product of both hidden outputs with weights['output'].",
        _each_row(first_hidden_node_only),
        common=True,
    ),
    _misconception(
        "hidden-nodes-swapped",
        "It looks like the hidden nodes are paired with the wrong output weights (node0 with the second).",
        "weights['output'][0] multiplies node0's output and weights['output'][1] multiplies node1's.",
        _each_row(hidden_nodes_swapped),
        common=True,
    ),
    _misconception(
        "tutorial-weights",
        "It looks like you used the lesson's weights instead of the weights argument.",
        "Read every weight from the weights dict you are given.",
        _each_row(tutorial_weights),
        common=True,
    ),
    _misconception(
        "hard-coded-answer",
        "It looks like you return the lesson's answer, [52, 63, 0, 148], whatever the rows.",
        "Compute a prediction for each row you are given.",
        hard_coded_answer,
    ),
    _misconception(
        "integer-truncation",
        "It looks like you turn each prediction into an int, which drops the fractional part.",
        "Append each prediction as it is; do not wrap it in int(...).",
        _each_row(truncated),
    ),
    _misconception(
        "float16",
        "It looks like you compute in float16, which keeps only about three significant digits.",
        "Let numpy use its default float64; do not convert to float16.",
        _each_row(float16),
    ),
    _misconception(
        "last-row-skipped",
        "It looks like the last row gets no prediction (a loop over range(len(input_rows) - 1)?).",
        "Loop over the rows themselves, for row in input_rows, so that every row is included.",
        last_row_skipped,
    ),
    _misconception(
        "rows-reversed",
        "It looks like the predictions come back in a different order from the rows.",
        "Append each row's prediction as you go, so prediction i belongs to row i.",
        rows_reversed,
    ),
    _misconception(
        "generator-instead-of-list",
        "It looks like you return a generator expression, (... for row in input_rows), not a list.",
        "Use square brackets for a list comprehension, or append to a list in a loop.",
        generator_instead_of_list,
    ),
    _misconception(
        "list-reset-inside-loop",
        "It looks like the results list is created inside the loop, so only the last prediction survives.",
        "Create results = [] once, before the loop, and append to it inside the loop.",
        list_reset_inside_loop,
    ),
    _misconception(
        "rows-consumed",
        "It looks like you remove rows from input_rows (pop) while predicting, which empties the caller's list.",
        "Loop over input_rows with for, which reads the rows without removing them.",
        rows_consumed,
    ),
]
