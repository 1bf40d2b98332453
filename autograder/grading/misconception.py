"""A known-wrong implementation with the teaching message it deserves.

Kept beside the hidden reference (`solutions/NN_name/misconceptions.py`), never shipped to
students. `autograder dev check` proves each one is caught by the hidden checks; grading
uses them to name what went wrong when a student's outputs match one exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

__all__ = ["Misconception"]


@dataclass(frozen=True)
class Misconception:
    """`spellings` are other common ways to write the same mistake that differ from
    `implementation` in incidental behaviour only (a shape one cannot handle, the order of a
    rounding, a leaky slope); a student matching any one of them exactly is diagnosed.

    `common` marks a mistake real students make often: `dev check` then requires a public
    check to fail it, so `autograder check` is never all-green for it."""

    function: str
    id: str
    message: str
    hint: str
    implementation: Callable
    spellings: tuple[Callable, ...] = ()
    common: bool = False

    @property
    def implementations(self) -> tuple[Callable, ...]:
        return (self.implementation, *self.spellings)
