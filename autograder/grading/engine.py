"""Grading one submission: every check of every function, scored, diagnosed and recorded.

Each check runs in `property.py`; this module decides what runs (a file or a notebook cell
that loaded, a function that exists, the submission's time budget), shares a function's points
over its checks, withholds points that code computing nothing earns too (`trivial.py`), names
the misconception the answers match, and keeps the student's own variables for the calls that
explain each failure. A hang, crash or unfinished stub stops that function's later checks.
Records hold facts only; render/messages.py `worded` puts them into words.
"""

from __future__ import annotations

import copy
import time
from dataclasses import replace
from fractions import Fraction

import numpy as np

import autograder
from autograder.grading import trivial
from autograder.grading.catalog import Material, Plan
from autograder.grading.checking import Check
from autograder.grading.misconception import Misconception
from autograder.results import EXPLAINED, CheckResult, Note, SubmissionResult
from autograder.grading.diagnosis import diagnose, ignored_argument
from autograder.literals import call_literal, literal
from autograder.isolation.session import Session
from autograder.grading.property import Proxy, run_check, shrink_failure
from autograder.grading.verdict import Verdict
from autograder.course import Function
from autograder.grading.loading import notebook_loads

__all__ = ["grade_session", "Plan"]


def _visibility(plan: Plan, material: Material, check: Check) -> str:
    if check in material.public:
        return "visible"
    override = material.exercise.check_overrides.get(check.title) or material.exercise.check_overrides.get(check.name)
    if isinstance(override, dict) and override.get("visibility"):
        return override["visibility"]
    return plan.course.grading.hidden_check_visibility


def _shares(points: float, count: int) -> list[float]:
    """Split a function's points over its checks; shares add up to the points exactly."""
    if count == 0:
        return []
    exact = Fraction(points).limit_denominator(10**6) / count
    shares = [round(float(exact), 4)] * count
    shares[-1] = round(points - sum(shares[:-1]), 4)
    return shares


def grade_session(plan: Plan, session: Session | None, files: dict[str, bytes], *, student: str, isolation: str = "") -> SubmissionResult:
    """Grade one submission whose files are loaded in `session` (None when nothing was submitted).

    Each exercise comes from its .py file when submitted, else from a submitted notebook.
    """
    course = plan.course
    limits = course.grading.limits
    examples = plan.examples or course.grading.examples_per_check
    results: list[CheckResult] = []
    notes: list[Note] = []
    deadline = time.monotonic() + limits.submission_s
    notebook, from_notebook = notebook_loads(plan, session, files, notes)
    for material in plan.materials:
        exercise = material.exercise
        if plan.only_exercises and exercise.name not in plan.only_exercises:
            continue
        source = exercise.file
        load = None
        if session is not None and exercise.file in files:
            load = session.load(exercise.name, exercise.file, [(f.name, len(f.params)) for f in exercise.functions])
            if not load.ok:
                notes.append(Note(kind="load_failed", file=exercise.file, outcome=load.outcome, **_error_fields(load.error)))
        elif exercise.name in from_notebook:
            load = from_notebook[exercise.name]
            source = notebook
        submitted = load is not None
        for function in exercise.functions:
            checks = plan.checks_for(material, function)
            shares = _shares(function.points, len(checks))
            verdicts = _grade_function(plan, material, function, checks, session, submitted, load, examples, deadline)
            withheld = trivial.withheld(plan, material, function, checks, verdicts, examples)
            for check, share, verdict in zip(checks, shares, verdicts):
                steps, expected = (), ""
                if verdict.outcome == "failed":
                    expected = _expected_literal(verdict.expected)
                    if verdict.args is not None:
                        # Kept for hidden checks too: shown once the due date has passed (messages.revealed).
                        steps = _explanation(material, function.name, verdict.args)
                curve = expected_curve = ()
                if verdict.outcome == "failed" and verdict.args is not None and function.curve is not None:
                    curve, expected_curve = _curves(material, function, verdict)
                wrong = verdict.misconception
                call = call_literal(function.name, function.params, verdict.args) if verdict.args is not None else ""
                results.append(
                    CheckResult(
                        exercise=exercise.name,
                        function=function.name,
                        name=check.title,
                        outcome=verdict.outcome,
                        score=share if verdict.outcome == "passed" and check.title not in withheld else 0.0,
                        max_score=share,
                        visibility=_visibility(plan, material, check),
                        public=check in material.public,
                        examples=verdict.examples,
                        misconception=wrong.id if wrong else None,
                        call=call,
                        steps=steps,
                        expected=expected,
                        variables=verdict.variables,
                        misconception_message=wrong.message if wrong else "",
                        misconception_hint=wrong.hint if wrong else "",
                        also_passed_by=withheld.get(check.title, ""),
                        cause=_cause(verdict, call, source),
                        stage=verdict.stage,
                        source=source,
                        rule=verdict.rule,
                        got=literal(verdict.got) if verdict.outcome == "failed" else "",
                        arguments=tuple(literal(arg) for arg in verdict.args) if verdict.args is not None else (),
                        detail=verdict.detail,
                        after=verdict.after,
                        cell=verdict.cell,
                        ignored_argument=verdict.ignored,
                        curve=curve,
                        expected_curve=expected_curve,
                        **_error_fields(verdict.error),
                    )
                )
    return SubmissionResult(
        student=student,
        course=course.id,
        grader_version=autograder.__version__,
        isolation=isolation,
        checks=tuple(results),
        problems=tuple(notes),
    )


def _expected_literal(expected) -> str:
    if expected is None:
        return ""
    return expected if isinstance(expected, str) else literal(expected)


def _error_fields(error: dict | None) -> dict:
    """An exception as the worker reported it, as a record's fields."""
    error = error or {}
    return {"raised": str(error.get("type", "")), "raised_message": str(error.get("message", "")), "traceback": tuple(error.get("traceback") or ())}


def _cause(verdict: Verdict, call: str, source: str) -> str:
    """What failures with one explanation share, as facts: the misconception, the broken rule,
    the exception, or what stopped the checks (a file that did not load, a failed cell, a check
    run before it...). Feedback says each cause once, however many checks it fails."""
    if verdict.outcome == "passed":
        return ""
    error = verdict.error or {}
    raised = f"{error.get('type', '')}:{error.get('message', '')}"
    stage = verdict.stage
    if stage == "load":
        return f"load:{source}:{verdict.detail}:{raised}"
    if stage == "cell":
        return f"cell:{source}:{verdict.cell}:{raised}"
    if stage == "skipped":
        return f"skipped:{verdict.outcome}:{verdict.after}"
    if stage:
        return stage  # the same for every check it stops (budget, unfinished)
    if verdict.misconception is not None:
        return f"misconception:{verdict.misconception.id}"
    if verdict.outcome == "failed" and verdict.rule:
        return f"failed:{verdict.rule}"
    if verdict.outcome == "error" and error:
        return f"error:{_raised_where(error)}"
    if verdict.outcome in ("not_started", "missing", "no_submission"):
        return verdict.outcome
    return f"{verdict.outcome}:{call}:{verdict.detail}"


def _raised_where(error: dict) -> str:
    """An exception as one cause: its type and the line of the student's code that raised it
    (its message often holds the input, e.g. the shapes that did not broadcast, which differ
    from one check's input to the next), else its type and message."""
    frames = [line for line in error.get("traceback") or () if line.lstrip().startswith(("File ", "Cell "))]
    if frames:
        return f"{error.get('type', '')}:{frames[-1].strip()}"
    return f"{error.get('type', '')}:{error.get('message', '')}"


def _explanation(material: Material, function: str, args: tuple) -> tuple[tuple[str, str], ...]:
    """The reference's intermediate values for the failing input, so the student can trace where it went wrong."""
    explain = material.explainers.get(function)
    if explain is None:
        return ()
    try:
        steps = explain(*copy.deepcopy(args))
    except Exception:
        return ()
    return tuple((str(label), literal(value)) for label, value in steps)


MAX_CURVE_POINTS = 200  # a record stays small; a longer history is not a picture anyone reads


def _curve(value, item: int | None) -> tuple[float, ...]:
    """The sequence the function's `curve` names in `value` (its item `item`, or all of it), as
    floats; () unless it is a 1-D sequence of finite numbers."""
    if item is not None:
        if not isinstance(value, (tuple, list)) or len(value) <= item:
            return ()
        value = value[item]
    try:
        numbers = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return ()
    if numbers.ndim != 1 or not 0 < len(numbers) <= MAX_CURVE_POINTS or not np.all(np.isfinite(numbers)):
        return ()
    return tuple(float(x) for x in numbers)


def _curves(material: Material, function: Function, verdict: Verdict) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The student's and the reference's curve for the failing call (course.toml's `curve`)."""
    item = function.curve.item
    reference = material.reference.get(function.name)
    expected: tuple[float, ...] = ()
    if reference is not None:
        try:
            expected = _curve(reference(*copy.deepcopy(verdict.args)), item)
        except Exception:
            expected = ()
    return _curve(verdict.answer, item), expected


def _grade_function(plan, material, function, checks, session, submitted, load, examples, deadline) -> list[Verdict]:
    """The verdict of each check of one function."""
    exercise = material.exercise
    if not submitted:
        return [Verdict(outcome="no_submission")] * len(checks)
    if not load.ok:
        outcome = load.outcome if load.outcome in ("timeout", "crashed") else "error"
        return [Verdict(outcome=outcome, stage="load", detail=load.outcome, error=load.error or {})] * len(checks)
    info = load.functions.get(function.name, {"present": False})
    if not info.get("present") and "cell_outcome" in info:
        return [Verdict(outcome=info["cell_outcome"], stage="cell", cell=info["cell"], error=info["cell_error"])] * len(checks)
    if not info.get("present"):
        return [Verdict(outcome="missing")] * len(checks)
    if not info.get("callable") or not info.get("accepts"):
        shown = f"{function.name}({', '.join(info.get('params', []))})" if info.get("callable") else "not a function"
        return [Verdict(outcome="wrong_signature", detail=shown)] * len(checks)
    verdicts: list[Verdict] = []
    stopped: Verdict | None = None  # what every later check of this function gets
    proxies: list[Proxy] = []
    reference = material.reference.get(function.name)
    for check in checks:
        if stopped is None and time.monotonic() > deadline:
            stopped = Verdict(outcome="timeout", stage="budget")
        if stopped is not None:
            verdicts.append(stopped)
            continue
        proxy = Proxy(session, exercise.name, function.name)
        proxies.append(proxy)
        # Shrunk below, and only where feedback shows the input (_to_shrink).
        verdict = run_check(check, proxy, examples=examples, reference=reference, bank=plan.bank, shrink=False)
        if verdict.outcome in ("timeout", "crashed", "not_started", "memory"):
            stopped = Verdict(outcome=verdict.outcome, stage="skipped", after=check.title)
        verdicts.append(verdict)
    if plan.shrink:
        # Shrinking may slip to another failure of the same check (Hypothesis reports one), which
        # changes which checks show their input: choose again after each until all shown are shrunk.
        shrunk: set[int] = set()
        while time.monotonic() < deadline:
            waiting = [index for index in _to_shrink(material, checks, verdicts) if index not in shrunk]
            if not waiting:
                break
            index = waiting[0]
            shrunk.add(index)
            smaller = shrink_failure(checks[index], proxies[index], examples=examples, reference=reference)
            # A shrink that ended otherwise (the budget, a flaky function) keeps the drawn failure.
            if smaller.outcome in ("failed", "error") and smaller.args is not None:
                verdicts[index] = smaller
    calls = [call for proxy in proxies for call in proxy.log]
    wrong = [m for m in material.misconceptions if m.function == function.name]
    if function.name in material.reference and any(v.outcome in ("failed", "error") for v in verdicts):
        # The course's own misconceptions first (the most precise words), then the general one.
        found = diagnose(calls, material.reference[function.name], wrong) if wrong else None
        ignored = ""
        if found is None:
            index = ignored_argument(calls, material.reference[function.name])
            if index is not None:
                ignored = function.params[index]
                # The general mistake behind hard-coded values; its words are render's (`worded`).
                found = Misconception(function=function.name, id=f"ignores-{ignored}", message="", hint="", implementation=None)
        if found is not None:
            verdicts = [replace(v, misconception=found, ignored=ignored) if v.outcome in ("failed", "error") else v for v in verdicts]
    if time.monotonic() < deadline:
        verdicts = _with_variables(session, material, function, checks, verdicts)
    return verdicts


def _to_shrink(material, checks, verdicts: list[Verdict]) -> list[int]:
    """The failing checks whose input feedback shows: the first of each kind of failure (the
    broken rule, the exception's type), up to EXPLAINED kinds among the public checks and
    among the hidden ones, as `worded` explains causes. The others are only named, so their
    first failing example as drawn is enough, and shrinking it (most of a wrong submission's
    cost) is skipped."""
    chosen, seen = [], set()
    for index, (check, verdict) in enumerate(zip(checks, verdicts)):
        if verdict.outcome not in ("failed", "error") or verdict.stage:
            continue
        public = check in material.public
        key = (public, verdict.rule if verdict.outcome == "failed" else _raised_where(verdict.error))
        if key not in seen and sum(1 for k in seen if k[0] == public) < EXPLAINED:
            seen.add(key)
            chosen.append(index)
    return chosen


def _with_variables(session, material, function, checks, verdicts: list[Verdict]) -> list[Verdict]:
    """The student's own local variables for the call that shows each explained cause (the first
    failure of a cause among the public checks and among the hidden ones: feedback explains
    those in full), so a hidden failure has the student's own intermediate values to compare."""
    explained: set = set()
    traced: dict[str, tuple] = {}
    shown = []
    for check, verdict in zip(checks, verdicts):
        if verdict.outcome in ("failed", "error") and verdict.args is not None:
            call = literal(verdict.args)
            key = (check in material.public, _cause(verdict, call, ""))
            if key not in explained and sum(1 for k in explained if k[0] == key[0]) < EXPLAINED:
                explained.add(key)
                if call not in traced:
                    found = session.variables(material.exercise.name, function.name, verdict.args)
                    traced[call] = tuple((name, literal(value)) for name, value in found)
                verdict = replace(verdict, variables=traced[call])
        shown.append(verdict)
    return shown
