"""Name the misconception: compare a failing student's answers with known-wrong implementations.

Runs in the trusted grader on the calls the checks already made (no extra student calls):
for each logged call we know the arguments and what the student's function gave back.
A misconception matches when, on every logged input where the student differs from the
reference, the misconception gives exactly the student's answer (within the checks'
tolerance, including raising, and including modifying an argument) -- and also wherever the
student is right: relu(x) = x for x >= 1 and 0 below is not "integer truncation", even though
int(x) is 0 wherever that student is wrong. The first match in the library's order is named
(one of its spellings is enough); no match, no claim.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from autograder.isolation import wire
from autograder.grading.checking import ABS_TOLERANCE, REL_TOLERANCE, items_close
from autograder.literals import literal
from autograder.grading.misconception import Misconception
from autograder.isolation.values import same

__all__ = ["Answer", "diagnose", "ignored_argument", "MAX_CALLS"]

MAX_CALLS = 400  # logged calls considered per function: bounds the grader's work


@dataclass(frozen=True)
class Answer:
    """What one call gave: a value, or the name of the exception it raised; and what it modified."""

    value: object = None
    raised: str | None = None
    modified: tuple[int, ...] = ()


def _close(a, b) -> bool:
    if isinstance(a, wire.Unsupported) or isinstance(b, wire.Unsupported):
        return isinstance(a, wire.Unsupported) and isinstance(b, wire.Unsupported) and a.kind == b.kind
    if a is None or b is None:
        return a is None and b is None
    parts = items_close(a, b, _close)  # (weights, history), a dict of slopes: part by part
    if parts is not None:
        return parts
    try:
        x = np.asarray(a, dtype=np.float64)
        y = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if x.shape != y.shape:
        return False
    return bool(np.allclose(x, y, rtol=REL_TOLERANCE, atol=ABS_TOLERANCE, equal_nan=True))


def same_answer(a: Answer, b: Answer) -> bool:
    if (a.raised is None) != (b.raised is None):
        return False
    if a.raised is not None:
        return a.raised == b.raised
    return bool(a.modified) == bool(b.modified) and _close(a.value, b.value)


def run_trusted(function, args: tuple) -> Answer:
    """Call course code (a reference or a misconception) the way the worker calls students."""
    given = copy.deepcopy(list(args))
    pristine = copy.deepcopy(given)
    try:
        value = function(*given)
    except Exception as exc:
        return Answer(raised=type(exc).__name__)
    modified = tuple(i for i, (a, b) in enumerate(zip(pristine, given)) if not same(a, b))
    buffers: list[bytes] = []
    tree = wire.encode_value(value, buffers)
    return Answer(value=wire.decode_value(tree, [memoryview(b) for b in buffers]), modified=modified)


def diagnose(calls: list[tuple[tuple, Answer]], reference, misconceptions: list[Misconception]) -> Misconception | None:
    """The first misconception that gives the student's answer on every logged call, or None."""
    calls = calls[:MAX_CALLS]
    expected = [run_trusted(reference, args) for args, _ in calls]
    wrong = [i for i, ((_, got), want) in enumerate(zip(calls, expected)) if not same_answer(got, want)]
    if not wrong:
        return None
    for candidate in misconceptions:
        for implementation in candidate.implementations:
            if _explains(calls, wrong, implementation):
                return candidate
    return None


def _explains(calls, wrong: list[int], implementation) -> bool:
    """True when `implementation` gives the student's answer on every call, wrong ones first
    (most candidates fail there, on the first call they are asked)."""
    seen = set(wrong)
    order = wrong + [i for i in range(len(calls)) if i not in seen]
    return all(same_answer(calls[i][1], run_trusted(implementation, calls[i][0])) for i in order)


def ignored_argument(calls: list[tuple[tuple, Answer]], reference) -> int | None:
    """The argument the student's function does not read, judged from calls already made.

    Checks often call the function twice with only one argument changed (scaling the
    weights, negating the input). An argument is ignored when, on every such pair where the
    reference's answer changes, the student's does not (and at least one such pair exists):
    hard-coded weights, a global read instead of the parameter, an argument overwritten on
    the first line. A pair where the student's answer changes with it clears the argument.
    The first ignored argument is returned, or None.
    """
    calls = [(args, got) for args, got in calls[:MAX_CALLS] if got.raised is None]
    if not calls:
        return None
    texts = [tuple(literal(a) for a in args) for args, _ in calls]
    for index in range(len(calls[0][0])):
        groups: dict[tuple, list[int]] = {}
        for number, text in enumerate(texts):
            if len(text) > index:
                groups.setdefault(text[:index] + text[index + 1 :], []).append(number)
        evidence = False
        cleared = False
        for members in groups.values():
            distinct = {texts[m][index]: m for m in members}
            if len(distinct) < 2:
                continue
            chosen = list(distinct.values())
            first = calls[chosen[0]][1]
            if not all(same_answer(first, calls[m][1]) for m in chosen[1:]):
                cleared = True
                break
            expected = [run_trusted(reference, calls[m][0]) for m in chosen]
            if any(not same_answer(expected[0], other) for other in expected[1:]):
                evidence = True
        if evidence and not cleared:
            return index
    return None
