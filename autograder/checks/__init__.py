"""What a course author imports: one place for everything a checks file needs.

    from autograder.checks import check, reference_check, Mismatch, expect_close, input_data

Public checks (`exercises/*/checks.py`) declare properties with `@check`; hidden checks
(`solutions/*/hidden_checks.py`) compare with the reference through `reference_check`; each
`expect_*` raises `Mismatch` with the rule the student broke; the strategies draw the inputs,
in shapes the course's lesson module (course.toml's `[course] lesson`) names; `@misconception`
marks a known-wrong implementation, its docstring the message (`solutions/*/misconceptions.py`).
"""

from autograder.grading.checking import (
    ABS_TOLERANCE,
    REL_TOLERANCE,
    Mismatch,
    check,
    expect_close,
    expect_equal_shape,
    expect_number,
    expect_unmodified,
    reference_check,
)
from autograder.grading.misconception import Misconception, misconception
from autograder.grading.strategies import (
    batches,
    input_data,
    input_rows,
    layers,
    node_weights,
    numbers,
    scale_factors,
    vectors,
    weight_dicts,
)

__all__ = [
    "ABS_TOLERANCE",
    "REL_TOLERANCE",
    "Mismatch",
    "check",
    "expect_close",
    "expect_equal_shape",
    "expect_number",
    "expect_unmodified",
    "reference_check",
    "Misconception",
    "misconception",
    "batches",
    "input_data",
    "input_rows",
    "layers",
    "node_weights",
    "numbers",
    "scale_factors",
    "vectors",
    "weight_dicts",
]
