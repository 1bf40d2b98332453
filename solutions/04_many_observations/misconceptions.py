"""Known-wrong answers to 04_many_observations, each with the lesson it teaches.

Every implementation has the graded function's signature (input_rows, weights); its docstring
is the message a student reads. A mistake in predicting one row is written for one row and
made a predict_rows by `@_each_row`.
"""

import numpy as np

from autograder.checks import misconception

from lesson import ROWS_NETWORK, ROWS_PREDICTIONS


def _dot(values, node_weights):
    return (np.asarray(values) * node_weights).sum()


def _hidden_inputs(row, weights):
    return np.array([_dot(row, weights["node0"]), _dot(row, weights["node1"])])


def _row_prediction(row, weights):
    return _dot(np.maximum(_hidden_inputs(row, weights), 0), weights["output"])


def _each_row(predict_one):
    """A predict_rows that is correct apart from how it predicts one row; it keeps the docstring."""

    def predict_rows(input_rows, weights):
        return [predict_one(row, weights) for row in input_rows]

    predict_rows.__doc__ = predict_one.__doc__
    return predict_rows


# --- one row predicted wrongly -------------------------------------------------------------


@misconception(
    "predict_rows",
    id="relu-on-output",
    hint="Apply relu to the hidden node values only; each row's prediction is the output node's dot product as it is.",
    common=True,
)
@_each_row
def relu_on_output(row, weights):
    """It looks like you applied ReLU to the output node too; in this lesson the output node is linear."""
    return max(0, _row_prediction(row, weights))


@misconception("predict_rows", id="no-activation", hint="Pass each hidden node's input through relu before the output node uses it.")
@_each_row
def no_activation(row, weights):
    """It looks like no activation function is applied: the hidden nodes pass their inputs on unchanged."""
    return _dot(_hidden_inputs(row, weights), weights["output"])


@misconception(
    "predict_rows",
    id="leaky-relu",
    hint="Use the relu provided at the top of the file: it returns 0 for inputs that are not positive.",
    common=True,
)
@_each_row
def leaky_relu(row, weights):
    """It looks like negative hidden inputs are scaled down (a 'leaky' ReLU) rather than set to 0."""
    hidden = _hidden_inputs(row, weights)
    return _dot(np.where(hidden > 0, hidden, 0.01 * hidden), weights["output"])


@misconception(
    "predict_rows",
    id="first-hidden-node-only",
    hint="The output node takes the dot product of both hidden outputs with weights['output'].",
    common=True,
)
@_each_row
def first_hidden_node_only(row, weights):
    """It looks like only the first hidden node reaches the output."""
    return max(0, _dot(row, weights["node0"])) * weights["output"][0]


@misconception(
    "predict_rows",
    id="hidden-nodes-swapped",
    hint="weights['output'][0] multiplies node0's output and weights['output'][1] multiplies node1's.",
    common=True,
)
@_each_row
def hidden_nodes_swapped(row, weights):
    """It looks like the hidden nodes are paired with the wrong output weights (node0 with the second)."""
    return _dot(np.maximum(_hidden_inputs(row, weights), 0)[::-1], weights["output"])


@misconception("predict_rows", id="tutorial-weights", hint="Read every weight from the weights dict you are given.", common=True)
@_each_row
def tutorial_weights(row, weights):
    """It looks like you used the lesson's weights instead of the weights argument."""
    return _row_prediction(row, ROWS_NETWORK)


# --- the rows handled wrongly --------------------------------------------------------------


@misconception("predict_rows", id="hard-coded-answer", hint="Compute a prediction for each row you are given.")
def hard_coded_answer(input_rows, weights):
    """It looks like you return the lesson's answer, [52, 63, 0, 148], whatever the rows."""
    return list(ROWS_PREDICTIONS)


@misconception("predict_rows", id="integer-truncation", hint="Append each prediction as it is; do not wrap it in int(...).")
@_each_row
def truncated(row, weights):
    """It looks like you turn each prediction into an int, which drops the fractional part."""
    return int(_row_prediction(row, weights))


@misconception("predict_rows", id="float16", hint="Let numpy use its default float64; do not convert to float16.")
@_each_row
def float16(row, weights):
    """It looks like you compute in float16, which keeps only about three significant digits."""

    def dot16(values, node_weights):
        return (np.asarray(values, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()

    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        hidden = np.array([dot16(row, weights["node0"]), dot16(row, weights["node1"])])
        return dot16(np.maximum(hidden, 0), weights["output"])


@misconception(
    "predict_rows",
    id="last-row-skipped",
    hint="Loop over the rows themselves, for row in input_rows, so that every row is included.",
)
def last_row_skipped(input_rows, weights):
    """It looks like the last row gets no prediction (a loop over range(len(input_rows) - 1)?)."""
    results = []
    for i in range(len(input_rows) - 1):
        results.append(_row_prediction(input_rows[i], weights))
    return results


@misconception("predict_rows", id="rows-reversed", hint="Append each row's prediction as you go, so prediction i belongs to row i.")
def rows_reversed(input_rows, weights):
    """It looks like the predictions come back in a different order from the rows."""
    return [_row_prediction(row, weights) for row in reversed(input_rows)]


@misconception(
    "predict_rows",
    id="generator-instead-of-list",
    hint="Use square brackets for a list comprehension, or append to a list in a loop.",
)
def generator_instead_of_list(input_rows, weights):
    """It looks like you return a generator expression, (... for row in input_rows), not a list."""
    return (_row_prediction(row, weights) for row in input_rows)


@misconception(
    "predict_rows",
    id="list-reset-inside-loop",
    hint="Create results = [] once, before the loop, and append to it inside the loop.",
)
def list_reset_inside_loop(input_rows, weights):
    """It looks like the results list is created inside the loop, so only the last prediction survives."""
    for row in input_rows:
        results = []
        results.append(_row_prediction(row, weights))
    return results


@misconception("predict_rows", id="rows-consumed", hint="Loop over input_rows with for, which reads the rows without removing them.")
def rows_consumed(input_rows, weights):
    """It looks like you remove rows from input_rows (pop) while predicting, which empties the caller's list."""
    results = []
    while input_rows:
        results.append(_row_prediction(input_rows.pop(0), weights))
    return results
