"""What a course author imports: one place for everything a checks file needs.

    from autograder.checks import check, reference_check, Mismatch, expect_close, input_data

Public checks (`exercises/*/checks.py`) declare properties with `@check`; hidden checks
(`solutions/*/hidden_checks.py`) compare with the reference through `reference_check`; each
`expect_*` raises `Mismatch` with the rule the student broke; the strategies draw the inputs;
`Misconception` records a known-wrong answer (`solutions/*/misconceptions.py`).
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
from autograder.grading.misconception import Misconception
from autograder.grading.strategies import (
    NETWORK_KEYS,
    batches,
    input_data,
    input_rows,
    layers,
    network_weights,
    node_weights,
    numbers,
    scale_factors,
    vectors,
    weights,
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
    "NETWORK_KEYS",
    "batches",
    "input_data",
    "input_rows",
    "layers",
    "network_weights",
    "node_weights",
    "numbers",
    "scale_factors",
    "vectors",
    "weights",
]
