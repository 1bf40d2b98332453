"""What grading produces: plain, immutable result records and their Gradescope JSON form.

`results.json` follows Gradescope's published schema (tests with name, score, max_score,
status, output, visibility, number, tags), with our own fields inside `extra_data` so any
Gradescope-reading tool still understands the file. Durations and timestamps are kept out
of the graded content so the same submission always serialises to the same bytes.

A check's explanation travels as fields (the call, the reference's steps, the misconception's
message and hint), never as one string to be taken apart again: `output` is rendered from
them for Gradescope, and `from_gradescope` reads the fields back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property

from decimal import Decimal

from autograder.render.messages import function_text
from autograder.points import share, two_decimals

__all__ = [
    "FORMAT_VERSION",
    "OUTCOMES",
    "CheckResult",
    "FunctionScore",
    "function_score",
    "SubmissionResult",
    "to_gradescope",
    "from_gradescope",
    "dumps",
]

# Bumped when a field changes meaning; readers refuse nothing, older files lack the fields.
# 3: one Gradescope test per function (and visibility), its checks inside its extra_data.
FORMAT_VERSION = 3

# Every way a check can end. Gradescope only knows passed/failed; the outcome goes in extra_data.
OUTCOMES = (
    "passed",
    "failed",  # returned a wrong value
    "error",  # raised an exception, or its file could not be loaded
    "timeout",  # exceeded the per-call time limit
    "memory",  # exceeded the memory limit
    "crashed",  # the worker process died (exit, signal, broken protocol)
    "not_started",  # still raises NotImplementedError
    "missing",  # the function is not defined
    "wrong_signature",  # defined with other parameters than the exercise asks for
    "no_submission",  # the exercise file was not submitted
)


@dataclass(frozen=True)
class CheckResult:
    exercise: str
    function: str
    name: str  # "relu: is never negative" -- always begins with the function
    outcome: str
    score: float
    max_score: float
    visibility: str  # visible / after_due_date / hidden (Gradescope's words)
    public: bool  # a public check (students can run it) or a hidden one
    message: str = ""  # what happened (expected vs got, the exception...); respects visibility
    examples: int = 0  # Hypothesis examples run before the verdict
    misconception: str | None = None  # id of the diagnosed misconception, if any
    call: str = ""  # the call that showed the problem, as Python: "relu(-1)"
    # (label, literal) the reference computes for `call`, and its answer: kept for hidden checks
    # too, shown for them only once the due date has passed (messages.revealed).
    steps: tuple[tuple[str, str], ...] = ()
    expected: str = ""
    variables: tuple[tuple[str, str], ...] = ()  # (name, literal): the student's own locals for `call`
    misconception_message: str = ""  # what the diagnosed misconception gets wrong
    misconception_hint: str = ""
    # Passed, but scored 0: every check this function passed is also passed by this trivial
    # implementation ("return 0"), so none of them shows that it computes anything.
    also_passed_by: str = ""
    # Failed checks with one explanation share it ("misconception:relu-on-output", "failed:<rule>",
    # "error:ValueError:<message>"): feedback says each cause once.
    cause: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass(frozen=True)
class FunctionScore:
    """One function's points, exact to the cent: the number every file shows and adds up."""

    exercise: str
    function: str
    score: Decimal
    max_score: Decimal
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def function_score(checks) -> FunctionScore:
    """A function's checks share its points equally, each earned whole or not at all (a passed
    check whose points are withheld, `also_passed_by`, earns none): the score is the exact share
    of the passes, never a sum of rounded float shares. A record with other per-check points
    (written by hand, an older file) adds those up exactly instead."""
    checks = tuple(checks)
    points = two_decimals(sum(c.max_score for c in checks))
    if all(c.score == 0 or c.score == c.max_score for c in checks):
        score = share(points, sum(1 for c in checks if c.score > 0), len(checks))
    else:
        score = two_decimals(sum((Decimal(repr(float(c.score))) for c in checks), Decimal(0)))
    return FunctionScore(checks[0].exercise, checks[0].function, score, points, checks)


@dataclass(frozen=True)
class SubmissionResult:
    student: str
    course: str
    grader_version: str
    isolation: str
    checks: tuple[CheckResult, ...]
    output: str = ""  # the student's own prints, truncated and labelled; never parsed
    notes: tuple[str, ...] = ()  # submission-level messages (rejected files, load errors...)
    extra: dict = field(default_factory=dict)  # lateness, name, ... set by the class grader

    def functions(self) -> list[FunctionScore]:
        """Each graded function's points, in the order its checks were graded."""
        return list(self._functions)

    @cached_property
    def _functions(self) -> tuple[FunctionScore, ...]:
        # Worked out once per record (it is immutable): every total and file asks for it.
        grouped: dict[tuple[str, str], list[CheckResult]] = {}
        for check in self.checks:
            grouped.setdefault((check.exercise, check.function), []).append(check)
        return tuple(function_score(checks) for checks in grouped.values())

    def exercise_points(self, exercise: str) -> tuple[Decimal, Decimal]:
        """(earned, possible) for one exercise: the sum of its functions' exact points."""
        own = [f for f in self.functions() if f.exercise == exercise]
        return sum((f.score for f in own), Decimal("0.00")), sum((f.max_score for f in own), Decimal("0.00"))

    @property
    def score(self) -> float:
        return float(sum((f.score for f in self.functions()), Decimal("0.00")))

    @property
    def max_score(self) -> float:
        return float(sum((f.max_score for f in self.functions()), Decimal("0.00")))

    def by_exercise(self) -> dict[str, list[CheckResult]]:
        grouped: dict[str, list[CheckResult]] = {}
        for result in self.checks:
            grouped.setdefault(result.exercise, []).append(result)
        return grouped


# Gradescope's visibilities from the most to the least shown.
_VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")


def _check_data(check: CheckResult) -> dict:
    data = {
        "exercise": check.exercise,
        "function": check.function,
        "name": check.name,
        "outcome": check.outcome,
        "score": check.score,
        "max_score": check.max_score,
        "visibility": check.visibility,
        "public": check.public,
        "examples": check.examples,
        "message": check.message,
    }
    optional = {
        "misconception": check.misconception,
        "call": check.call,
        "steps": [list(step) for step in check.steps],
        "expected": check.expected,
        "variables": [list(pair) for pair in check.variables],
        "misconception_message": check.misconception_message,
        "misconception_hint": check.misconception_hint,
        "also_passed_by": check.also_passed_by,
        "cause": check.cause,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def _parts(function: FunctionScore) -> list[tuple[str, tuple[CheckResult, ...], Decimal, Decimal]]:
    """A function's test, or one per visibility when its checks differ (the public checks shown
    now, the hidden ones after the due date): the parts' points add up to the function's."""
    by_visibility: dict[str, list[CheckResult]] = {}
    for check in function.checks:
        by_visibility.setdefault(check.visibility, []).append(check)
    if len(by_visibility) == 1:
        return [(function.checks[0].visibility, function.checks, function.score, function.max_score)]
    ordered = sorted(by_visibility.items(), key=lambda item: _VISIBILITIES.index(item[0]) if item[0] in _VISIBILITIES else len(_VISIBILITIES))
    parts = []
    score_left, max_left = function.score, function.max_score
    for number, (visibility, checks) in enumerate(ordered):
        if number == len(ordered) - 1:
            score, top = score_left, max_left  # the last part takes the rest: the sum is exact
        else:
            part = function_score(checks)
            score, top = part.score, part.max_score
        score_left, max_left = score_left - score, max_left - top
        parts.append((visibility, tuple(checks), score, top))
    return parts


def to_gradescope(result: SubmissionResult, *, summary: str = "", execution_time: float | None = None) -> dict:
    """The Gradescope results.json object for one submission: one test per function (per
    visibility), its points exact to the cent, the checks it passed and failed in its output."""
    tests = []
    numbers: dict[str, int] = {}
    exercise_index: dict[str, int] = {}
    for function in result.functions():
        exercise_index.setdefault(function.exercise, len(exercise_index) + 1)
        parts = _parts(function)
        for visibility, checks, score, top in parts:
            numbers[function.exercise] = numbers.get(function.exercise, 0) + 1
            kinds = {c.public for c in checks}
            name = function.function if len(parts) == 1 else f"{function.function} ({'public' if kinds == {True} else 'hidden'} checks)"
            tests.append(
                {
                    "name": name,
                    "number": f"{exercise_index[function.exercise]}.{numbers[function.exercise]}",
                    "score": float(score),
                    "max_score": float(top),
                    "status": "passed" if all(c.passed for c in checks) and score == top else "failed",
                    "visibility": visibility,
                    "tags": [function.exercise, function.function],
                    # Gradescope shows a test that is not visible only after the due date (or
                    # never): its output may hold what its hidden checks expected.
                    "output": function_text(function.function, checks, reveal=visibility != "visible"),
                    "extra_data": {
                        "exercise": function.exercise,
                        "function": function.function,
                        "checks": [_check_data(c) for c in checks],
                    },
                }
            )
    data = {
        "score": result.score,
        "output": summary,
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "format_version": FORMAT_VERSION,
            "student": result.student,
            "course": result.course,
            "grader_version": result.grader_version,
            "isolation": result.isolation,
            "max_score": result.max_score,
            "student_output": result.output,
            "notes": list(result.notes),
            **({"submission": result.extra} if result.extra else {}),
        },
    }
    if execution_time is not None:
        data["execution_time"] = round(execution_time, 2)
    return data


def _check_from(meta: dict, *, exercise: str, function: str, test: dict) -> CheckResult:
    return CheckResult(
        exercise=meta.get("exercise", exercise),
        function=meta.get("function", function),
        name=meta.get("name", test.get("name", "")),
        outcome=meta.get("outcome", test.get("status", "failed")),
        score=float(meta.get("score", test.get("score", 0))),
        max_score=float(meta.get("max_score", test.get("max_score", 0))),
        visibility=meta.get("visibility", test.get("visibility", "visible")),
        public=bool(meta.get("public", True)),
        # Files from before format 2 hold only the rendered text.
        message=meta.get("message", test.get("output", "")),
        examples=int(meta.get("examples", 0)),
        misconception=meta.get("misconception"),
        call=meta.get("call", ""),
        steps=tuple((str(label), str(value)) for label, value in meta.get("steps", ())),
        expected=str(meta.get("expected", "")),
        variables=tuple((str(name), str(value)) for name, value in meta.get("variables", ())),
        misconception_message=meta.get("misconception_message", ""),
        misconception_hint=meta.get("misconception_hint", ""),
        also_passed_by=meta.get("also_passed_by", ""),
        cause=meta.get("cause", ""),
    )


def from_gradescope(data: dict) -> SubmissionResult:
    """Read back a results.json written by `to_gradescope` (for reports and resumed runs);
    files from before format 3 have one test per check."""
    extra = data.get("extra_data", {})
    checks = []
    for test in data.get("tests", []):
        meta = test.get("extra_data", {})
        exercise, function = meta.get("exercise", ""), meta.get("function", "")
        if "checks" in meta:
            checks += [_check_from(c, exercise=exercise, function=function, test={}) for c in meta["checks"]]
        else:
            checks.append(_check_from(meta, exercise=exercise, function=function, test=test))
    return SubmissionResult(
        student=extra.get("student", ""),
        course=extra.get("course", ""),
        grader_version=extra.get("grader_version", ""),
        isolation=extra.get("isolation", ""),
        checks=tuple(checks),
        output=extra.get("student_output", ""),
        notes=tuple(extra.get("notes", ())),
        extra=dict(extra.get("submission", {})),
    )


def dumps(data: dict) -> str:
    """Stable JSON text: sorted keys, fixed indentation, a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_plain(result: SubmissionResult) -> dict:
    return asdict(result)
