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


import functools
import hashlib
import inspect


from autograder.grading.bank import ExampleBank
from autograder.grading.catalog import Material, Plan
from autograder.grading.checking import Check
from autograder.course import Function
from autograder.grading.verdict import Verdict
from autograder.isolation.inprocess import InProcessSession
from autograder.grading.property import Proxy, grade_profile, run_check

__all__ = ["TRIVIAL_SHARE", "VERSION", "implementations", "trivially_passed", "warm_facts", "withheld"]

# The most a trivial implementation may earn of a function's points (dev check's rule).
TRIVIAL_SHARE = 0.05

# Bumped when the list below changes: part of the cache key of the checks each one passes.
VERSION = "trivial-2"


def _zeros_like(value):
    """0 in `value`'s shape: a number, an array, or each part of a dict or tuple (a gradient dict
    of zeros, a (weights, history) of zeros) so that zeros of the right shape are tried for
    results made of parts too."""
    if isinstance(value, dict):
        return {key: _zeros_like(part) for key, part in value.items()}
    try:
        expected = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        if isinstance(value, (list, tuple)):
            return type(value)(_zeros_like(part) for part in value)
        return 0
    return np.zeros_like(expected) if expected.ndim else 0.0


def _zeros_shaped_like(reference: Callable) -> Callable:
    def zeros(*args):
        try:
            expected = reference(*args)
        except Exception:
            return 0
        return _zeros_like(expected)

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


def withheld(plan: Plan, material: Material, function: Function, checks: list[Check], verdicts: list[Verdict], examples: int) -> dict[str, str]:
    """Passed checks whose points the function does not earn -> the trivial implementation
    that passes them too: all of them, when one implementation that computes nothing passes
    every check the function passed (see trivial.py). Runs trivial code only when it must."""
    passed = [check for check, verdict in zip(checks, verdicts) if verdict.outcome == "passed"]
    if not passed or len(passed) == len(checks):
        return {}
    alike: list[str] | None = None  # trivial implementations that pass every check passed so far
    for check in passed:
        labels = trivially_passed(plan, material, function, check, examples)
        alike = [label for label in (labels if alike is None else alike) if label in labels]
        if not alike:
            return {}  # no code that computes nothing does as well: every point counts
    failed = [check for check, verdict in zip(checks, verdicts) if verdict.outcome != "passed"]
    for label in alike:
        if not all(label in trivially_passed(plan, material, function, check, examples) for check in failed):
            return {check.title: label for check in passed}
    return {}  # trivial code passes every check of this function (dev check refuses such a course)


def trivially_passed(plan: Plan, material: Material, function: Function, check: Check, examples: int) -> list[str]:
    """How each trivial implementation that passes `check` is written ("return 0", ...)."""
    reference = material.reference.get(function.name)
    if check.reference and reference is None:
        return []
    if plan.bank is None and plan.scratch is None:
        plan.scratch = ExampleBank(grade_profile)
    bank = plan.bank or plan.scratch

    def passing() -> list[str]:
        found = []
        for label, implementation in implementations(function.params, reference):
            session = InProcessSession({material.exercise.name: {function.name: implementation}})
            proxy = Proxy(session, material.exercise.name, function.name)
            if run_check(check, proxy, examples=examples, reference=reference, bank=bank, shrink=False).outcome == "passed":
                found.append(label)
        return found

    return bank.fact(check, examples, f"{VERSION}|{_source_digest(reference)}", passing)


def warm_facts(plan: Plan) -> int:
    """Work out, for every check, which trivial implementations pass it, so that grading never
    has to (the Gradescope image, where every submission starts from a fresh container).
    Returns how many checks were covered."""
    examples = plan.examples or plan.course.grading.examples_per_check
    count = 0
    for material in plan.materials:
        for function in material.exercise.functions:
            for check in plan.checks_for(material, function):
                trivially_passed(plan, material, function, check, examples)
                count += 1
    return count


def _source_digest(function) -> str:
    """Digest of the file that defines `function` (the trivial zeros take its shapes)."""
    if function is None:
        return "none"
    try:
        return _file_digest(inspect.getfile(function))
    except (OSError, TypeError):
        return "unknown"


@functools.lru_cache(maxsize=64)
def _file_digest(path: str) -> str:
    # Once per reference file and process: asked for each check of every failing function.
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


