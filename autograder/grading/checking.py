"""The vocabulary checks are written in: `check`, `reference_check`, `Mismatch` and `expect_close`.

A check grades one function. Its body receives a *proxy* for that function (calling it
runs the student's code in the isolated worker and returns plain validated data) and the
values Hypothesis drew; it raises `Mismatch` when the property does not hold. The proxy
remembers the last call, so a message always names the exact call that showed the problem.

Public checks (shipped to students) use `check` and never need the reference. Hidden
checks (kept beside the solutions) use `reference_check`, whose body is generic: call the
student and the reference with the same drawn arguments and compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "Check",
    "Mismatch",
    "check",
    "reference_check",
    "expect_close",
    "expect_equal_shape",
    "expect_number",
    "expect_unmodified",
    "collect_checks",
    "items_close",
    "REL_TOLERANCE",
    "ABS_TOLERANCE",
]

# Documented tolerances: a result counts as equal when |got - expected| <= ABS + REL * |expected|
# elementwise. Relative, so large-magnitude inputs are judged fairly; the small absolute part
# only matters near zero, where float rounding of sums of products leaves ~1e-12 residue.
REL_TOLERANCE = 1e-6
ABS_TOLERANCE = 1e-9


class Mismatch(Exception):
    """The property did not hold for the last call made through the proxy.

    `expected` is a value (shown as-is) or a description such as "a number >= 0";
    `got` is what the student's function returned; `rule` says which property broke.
    """

    def __init__(self, rule: str, *, expected: Any = None, got: Any = None, call: Any = None):
        super().__init__(rule)
        self.rule = rule
        self.expected = expected
        self.got = got
        self.call = call  # filled in by the engine from the proxy when left None


@dataclass(frozen=True)
class Check:
    """One property of one function.

    `examples` draws a tuple of arguments for `body(proxy, *args)`; `reference` is True for
    checks that compare with the hidden reference (their body gets `reference` as a keyword).
    """

    function: str
    name: str
    examples: st.SearchStrategy
    body: Callable[..., None]
    reference: bool = False
    tags: tuple[str, ...] = field(default=())
    # Digest of the file that defines the check, set when the catalog loads it: part of the
    # example cache's key, so a student's copy (public checks only) finds the instructor's
    # cached examples of those checks and nothing else invalidates them.
    origin: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        """The check's display name; it begins with the function it grades."""
        return f"{self.function}: {self.name}"


def _argument_tuples(args, examples):
    if (examples is None) == (not args):
        raise TypeError("give either argument strategies or examples=, not both")
    return examples if examples is not None else st.tuples(*args)


def check(function: str, name: str, *args: st.SearchStrategy, examples=None, tags: tuple[str, ...] = ()):
    """Declare a public property check: `@check("relu", "is never negative", numbers())`.

    The decorated body is called as `body(proxy, *drawn)` and raises `Mismatch` on failure.
    For arguments that depend on each other, pass `examples=` a strategy of argument tuples.
    """

    def register(body: Callable[..., None]) -> Check:
        return Check(function=function, name=name, examples=_argument_tuples(args, examples), body=body, tags=tags)

    return register


def reference_check(
    function: str, name: str, *args: st.SearchStrategy, examples=None, tags: tuple[str, ...] = ()
) -> Check:
    """Declare a hidden check: the student agrees with the reference on the drawn arguments."""
    return Check(
        function=function,
        name=name,
        examples=_argument_tuples(args, examples),
        body=_agrees_with_reference,
        reference=True,
        tags=tags,
    )


def _agrees_with_reference(proxy, *args, reference):
    expected = reference(*args)
    got = proxy(*args)
    expect_close(got, expected, rule="does not match the expected result")


def _as_array(value) -> np.ndarray | None:
    """A numeric ndarray for a number, a sequence of numbers or an array; None if not numeric."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


def _scalar(value) -> float | None:
    """A plain number as a float; None for anything else (arrays, lists, None, huge ints)."""
    if isinstance(value, (float, int, np.floating, np.integer)):
        try:
            return float(value)
        except OverflowError:
            return None
    return None


def expect_number(got, rule: str) -> float:
    """`got` as a float; Mismatch unless it is one finite number (None usually means no return)."""
    if got is None:
        raise Mismatch(rule + " (it returned None: is a `return` missing?)", expected="a number", got=None)
    numeric = isinstance(got, (int, float, np.number)) and not isinstance(got, (bool, np.bool_))
    if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind in "iuf":
        numeric = True  # a 0-d array holds one number
    if not numeric or not np.isfinite(got):
        raise Mismatch(rule, expected="a single finite number", got=got)
    return float(got)


UNMODIFIED = "must not change its arguments in place; compute new values instead"


def expect_unmodified(proxy, names, *, rule: str = UNMODIFIED) -> None:
    """Raise `Mismatch(rule)` when the last call through `proxy` changed any of its arguments
    (`names`: the parameters, in order, as the student's feedback names them)."""
    changed = [names[i] for i in proxy.last_modified]
    if changed:
        raise Mismatch(rule, expected="arguments left as they were", got="changed " + " and ".join(changed))


def items_close(got, expected, close: Callable[[Any, Any], bool]) -> bool | None:
    """Compare a result made of parts (a dict, or a tuple or list that is not one numeric array)
    part by part with `close`; None when `expected` is not such a result.

    `train` returns (weights, history) and `gradients` a dict of arrays: neither is one array,
    so each part is held to its own shape and values. A tuple or list that numpy reads as one
    numeric array is left to the caller's array rule, as it always was.
    """
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(got) == set(expected) and all(close(got[key], expected[key]) for key in expected)
    if isinstance(expected, (list, tuple)) and _as_array(expected) is None:
        return isinstance(got, (list, tuple)) and len(got) == len(expected) and all(close(g, e) for g, e in zip(got, expected))
    return None


_FLOAT64 = np.dtype(np.float64)


def _matches(got, expected) -> bool:
    """Whether `got` has `expected`'s structure, shapes and values within tolerance (expect_close's rule)."""
    parts = items_close(got, expected, _matches)
    if parts is not None:
        return parts
    have, want = _scalar(got), _scalar(expected)
    if have is not None and want is not None:
        # Two numbers: numpy's isclose rule in plain floats (same IEEE arithmetic, same order),
        # ten times cheaper than building arrays; most calls in a grading are of this kind.
        if math.isfinite(have) and math.isfinite(want):
            return abs(have - want) <= ABS_TOLERANCE + REL_TOLERANCE * abs(want)
        return have == want  # infinities of one sign agree; NaN agrees with nothing
    if type(got) is np.ndarray and type(expected) is np.ndarray and got.dtype == _FLOAT64 and expected.dtype == _FLOAT64 and got.shape == expected.shape:
        # Two float arrays, the other common case: numpy's isclose formula on the differences.
        # A finite difference means both elements are finite, where the full rule below agrees
        # with it; anything else (an infinity, a NaN, one element off) goes to the full rule.
        with np.errstate(invalid="ignore", over="ignore"):
            difference = np.abs(got - expected)
            if bool((difference <= ABS_TOLERANCE + REL_TOLERANCE * np.abs(expected)).all()) and bool(np.isfinite(difference).all()):
                return True
    want = _as_array(expected)
    have = _as_array(got)
    if want is None:
        raise TypeError(f"expected value {expected!r} is not numeric: the check itself is wrong")
    if have is None or have.shape != want.shape:
        return False
    if not np.all(np.isfinite(have) | ~np.isfinite(want)):
        return False
    return bool(np.allclose(have, want, rtol=REL_TOLERANCE, atol=ABS_TOLERANCE, equal_nan=False))


def expect_close(got, expected, *, rule: str) -> None:
    """Raise `Mismatch(rule)` unless `got` has `expected`'s shape and values within tolerance.

    NaN never equals anything here, and a scalar never stands in for an array (no broadcasting).
    A result made of parts (a dict of arrays, a tuple such as (weights, history)) matches when
    it has the same keys or length and every part matches (`items_close`).
    """
    if not _matches(got, expected):
        raise Mismatch(rule, expected=expected, got=got)


def expect_equal_shape(got, shape: tuple[int, ...], *, rule: str) -> None:
    """Raise `Mismatch(rule)` unless `got` is numeric with exactly this shape."""
    have = _as_array(got)
    if have is None or have.shape != tuple(shape):
        raise Mismatch(rule, expected=f"an array of shape {tuple(shape)}", got=got)


def collect_checks(namespace: dict) -> list[Check]:
    """The checks a module defines, in definition order (the order results are reported in)."""
    found = namespace.get("CHECKS")
    if found is not None:
        return list(found)
    return [value for value in namespace.values() if isinstance(value, Check)]
