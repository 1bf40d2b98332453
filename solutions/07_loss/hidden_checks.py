"""Hidden checks for 07_loss: agree with the reference where classes go wrong.

For the error: each sign, integers and fractions, large magnitudes. For the MSE: one row and
many rows (up to 200), integer and float values, lists and arrays, errors of one sign only.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import numbers, reference_check


def _rows(n, *, low=-100, high=100, integer=None, kind=None):
    """n numbers with the number type and container fixed or drawn."""

    @st.composite
    def build(draw):
        whole = draw(st.booleans()) if integer is None else integer
        values = draw(st.lists(numbers(min_value=low, max_value=high, integers=whole, floats=not whole), min_size=n, max_size=n))
        container = draw(st.sampled_from(("array", "list"))) if kind is None else kind
        return values if container == "list" else np.array(values, dtype=np.int64 if whole else np.float64)

    return build()


def _pairs(*, min_rows=1, max_rows=8, **options):
    return st.integers(min_rows, max_rows).flatmap(lambda n: st.tuples(_rows(n, **options), _rows(n, **options)))


def _too_high(*, min_rows=1, max_rows=8):
    """(predictions, targets) where every prediction is above its target."""
    return st.integers(min_rows, max_rows).flatmap(
        lambda n: st.tuples(_rows(n), _rows(n, low=0.5, high=50)).map(lambda pair: (list(np.asarray(pair[0], dtype=float) + np.asarray(pair[1], dtype=float)), list(pair[0])))
    )


CHECKS = [
    reference_check("prediction_error", "matches the reference on predictions above the target", examples=st.tuples(numbers(min_value=0, max_value=100), numbers(min_value=-100, max_value=-1e-3))),
    reference_check("prediction_error", "matches the reference on predictions below the target", examples=st.tuples(numbers(min_value=-100, max_value=0), numbers(min_value=1e-3, max_value=100))),
    reference_check("prediction_error", "matches the reference on integers", examples=st.tuples(numbers(integers=True, floats=False), numbers(integers=True, floats=False))),
    reference_check(
        "prediction_error",
        "matches the reference on fractions between -1 and 1",
        examples=st.tuples(numbers(min_value=-1, max_value=1, integers=False), numbers(min_value=-1, max_value=1, integers=False)),
    ),
    reference_check(
        "prediction_error", "matches the reference on large magnitudes (up to 1e9)", examples=st.tuples(numbers(min_value=-1e9, max_value=1e9), numbers(min_value=-1e9, max_value=1e9))
    ),
    reference_check("mean_squared_error", "matches the reference on drawn predictions and targets", examples=_pairs()),
    reference_check("mean_squared_error", "matches the reference on a single row", examples=_pairs(max_rows=1)),
    reference_check("mean_squared_error", "matches the reference on many rows (50 to 200)", examples=_pairs(min_rows=50, max_rows=200)),
    reference_check("mean_squared_error", "matches the reference on integer values", examples=_pairs(integer=True)),
    reference_check("mean_squared_error", "matches the reference on float values", examples=_pairs(integer=False)),
    reference_check("mean_squared_error", "matches the reference with lists", examples=_pairs(kind="list")),
    reference_check("mean_squared_error", "matches the reference with numpy arrays", examples=_pairs(kind="array")),
    reference_check("mean_squared_error", "matches the reference when every prediction is too high", examples=_too_high()),
    reference_check("mean_squared_error", "matches the reference on small errors (values between -1 and 1)", examples=_pairs(low=-1, high=1, integer=False)),
]
