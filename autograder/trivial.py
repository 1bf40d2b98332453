"""Code that computes nothing, and the checks it passes anyway.

A property such as "gives 0 when every input is 0" or "does not modify its arguments" holds
for `return 0` as well as for the right answer. Such a check keeps its place in the feedback,
but a function earns nothing when one of these implementations passes every check it passed
(its results are no better than code that computes nothing; engine.py). `dev check` grades each of them as a submission and fails
the course when one earns more than `TRIVIAL_SHARE` of a function's points.

Trusted code only: these run in the grader's process, like the reference.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["TRIVIAL_SHARE", "VERSION", "implementations"]

# The most a trivial implementation may earn of a function's points (dev check's rule).
TRIVIAL_SHARE = 0.05

# Bumped when the list below changes: part of the cache key of the checks each one passes.
VERSION = "trivial-1"


def _zeros_shaped_like(reference: Callable) -> Callable:
    def zeros(*args):
        try:
            expected = np.asarray(reference(*args), dtype=np.float64)
        except Exception:
            return 0
        return np.zeros_like(expected) if expected.ndim else 0.0

    return zeros


def _argument(index: int) -> Callable:
    return lambda *args: args[index]


def implementations(params: tuple[str, ...], reference: Callable | None) -> list[tuple[str, Callable]]:
    """(how a student would write it, the implementation) for one function's parameters.

    Without the reference (a student's own run of the public checks) the zeros of the right
    shape are left out: their shape is the reference's."""
    found: list[tuple[str, Callable]] = [
        ("return 0", lambda *args: 0),
        ("return 1", lambda *args: 1),
        ("return None", lambda *args: None),
    ]
    if reference is not None:
        found.append(("return np.zeros_like(the expected answer)", _zeros_shaped_like(reference)))
    found += [(f"return {name}", _argument(index)) for index, name in enumerate(params)]
    return found
