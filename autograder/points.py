"""The one way points are written for people: feedback, terminal, CSV, report, nbgrader."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from autograder.errors import AutogradeError

__all__ = ["PointsError", "format_points", "two_decimals"]


class PointsError(AutogradeError, ValueError):
    """A score that is not a finite number (a bug upstream, never a student's doing)."""


def two_decimals(value: float) -> Decimal:
    """`value` rounded half up to 2 decimals, as a person rounds the number they read."""
    number = float(value)
    if not math.isfinite(number):
        raise PointsError(f"value={value!r} is not a finite number; a grade must be one")
    # repr gives the shortest decimal that round-trips, so 2.675 and 2.125 round up.
    return Decimal(repr(number)).quantize(Decimal("0.01"), ROUND_HALF_UP) + Decimal("0.00")


def format_points(value: float) -> str:
    """`2.5`, `3`, `0.43`: at most 2 decimals, rounded half up, no trailing zeros."""
    text = f"{two_decimals(value):f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
