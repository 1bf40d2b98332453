"""The one way points are written for people: feedback, terminal, CSV, report, nbgrader."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from autograder.errors import AutogradeError

__all__ = ["PointsError", "format_points", "share", "two_decimals"]


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


def share(points: Decimal, earned: int, total: int) -> Decimal:
    """`earned` of `total` equal parts of `points`, exactly, then rounded half up to 2 decimals:
    2 points over 3 checks with 1 passed is 0.67. Every file shows this number, so totals add up."""
    if total <= 0:
        return Decimal("0.00")
    exact = Fraction(points) * earned / total
    cents, rest = divmod(exact * 100, 1)
    cents += 1 if rest >= Fraction(1, 2) else 0
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))
