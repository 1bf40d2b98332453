"""Public checks for 04_many_observations: the worked example, one prediction per row, row order.

Rows are independent: each row's prediction must be the one it gets when it is the only row.
None of these checks needs the reference solution.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import Mismatch, check, expect_close, expect_number, expect_unmodified, input_rows

from lesson import ROWS, ROWS_NETWORK, weights

# What a changed argument breaks in this exercise, in its own words.
UNMODIFIED_RULE = "must not change its arguments in place (no pop, no changing the rows); compute new values instead"

WIDTHS = range(1, 5)  # numbers per row n; the lesson uses 2


def _predictions(got, count):
    """`got` as a list of floats; Mismatch unless it is a list (or tuple) of `count` numbers."""
    rule = f"returns a list with one prediction per row ({count} rows)"
    if got is None:
        raise Mismatch(rule + " (it returned None: is a `return` missing?)", expected=f"a list of {count} numbers", got=None)
    if not isinstance(got, (list, tuple)):
        raise Mismatch(
            rule + " (a generator or an array is not a list: collect the predictions in a list)",
            expected=f"a list of {count} numbers",
            got=got,
        )
    if len(got) != count:
        raise Mismatch(rule + " (is a row skipped, or is the list reset inside the loop?)", expected=f"{count} predictions", got=got)
    return [expect_number(item, rule) for item in got]


def _arguments(*, min_rows=0):
    # one strategy per width, built once: strategies built per example are slow to draw
    return st.one_of([st.tuples(input_rows(size=n, min_rows=min_rows), weights(n_inputs=n)) for n in WIDTHS])


@check("predict_rows", "gives [52, 63, 0, 148] for the lesson's four rows", examples=st.just((ROWS, ROWS_NETWORK)))
def lesson_example(predict_rows, rows, network):
    got = predict_rows(rows, network)
    _predictions(got, 4)
    expect_close(
        got,
        [52, 63, 0, 148],
        rule="row [3, 5] has hidden outputs [26, 0] so 26*2 + 0*7 = 52; then 63, 0 and 148 for the other rows",
    )


@check("predict_rows", "returns a list with one prediction per row", examples=_arguments())
def one_per_row(predict_rows, rows, network):
    _predictions(predict_rows(rows, network), len(rows))


@check("predict_rows", "gives each row the prediction it gets on its own, in the rows' order", examples=_arguments(min_rows=1))
def rows_are_independent(predict_rows, rows, network):
    alone = [_predictions(predict_rows([row], network), 1)[0] for row in rows]
    together = predict_rows(rows, network)
    _predictions(together, len(rows))
    expect_close(
        together,
        alone,
        rule=f"prediction i must be the one row i gets when it is the only row: {alone} "
        "(is the order of the rows changed?)",
    )


@check(
    "predict_rows",
    "gives 0 for rows of zeros",
    examples=st.one_of(
        [st.tuples(st.integers(1, 4).map(lambda k, n=n: [np.zeros(n) for _ in range(k)]), weights(n_inputs=n)) for n in WIDTHS]
    ),
)
def zero_rows(predict_rows, rows, network):
    got = predict_rows(rows, network)
    _predictions(got, len(rows))
    expect_close(got, [0.0] * len(rows), rule="a row of zeros gives hidden outputs of 0, so its prediction is 0")


@check("predict_rows", "does not modify its arguments", examples=_arguments(min_rows=1))
def leaves_arguments_alone(predict_rows, rows, network):
    predict_rows(rows, network)
    expect_unmodified(predict_rows, ("input_rows", "weights"), rule=UNMODIFIED_RULE)


@check("predict_rows", "changes sign when the output weights do (the output node has no ReLU)", examples=_arguments(min_rows=1))
def linear_output(predict_rows, rows, network):
    base = _predictions(predict_rows(rows, network), len(rows))
    flipped = dict(network, output=-np.asarray(network["output"]))
    got = _predictions(predict_rows(rows, flipped), len(rows))
    for index, (before, after) in enumerate(zip(base, got)):
        expect_close(
            after,
            -before,
            rule=f"the output node is a plain dot product, so negating weights['output'] must negate "
            f"each prediction (row {index}'s was {before})",
        )


CHECKS = [lesson_example, one_per_row, rows_are_independent, zero_rows, linear_output, leaves_arguments_alone]
