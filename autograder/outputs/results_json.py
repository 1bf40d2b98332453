"""results.json: the stored form of a submission's records, in Gradescope's published schema.

Tests with name, score, max_score, status, output, visibility, number and tags, our own fields
inside `extra_data` so any Gradescope-reading tool still understands the file. Durations and
timestamps are kept out of the graded content so the same submission always serialises to the
same bytes. `output` is rendered from the records; `from_gradescope` reads the fields back.
"""

from __future__ import annotations

import json
from decimal import Decimal

from autograder.adjustments import Adjustment
from autograder.render.decisions import adjustment_line, adjustment_title
from autograder.render.messages import function_text
from autograder.results import CheckResult, FunctionScore, SubmissionResult, function_score

__all__ = ["FORMAT_VERSION", "to_gradescope", "from_gradescope", "dumps"]

# Bumped when a field changes meaning; readers refuse nothing, older files lack the fields.
# 3: one Gradescope test per function (and visibility), its checks inside its extra_data.
FORMAT_VERSION = 3

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
    # Manual adjustments: one informational test each (max_score 0), so the tests add up to the score.
    for index, (adjustment, applied) in enumerate(zip(result.adjustments, result.settled.applied)):
        tests.append(
            {
                "name": adjustment_title(adjustment, applied),
                "number": f"{len(exercise_index) + 1}.{index + 1}",
                "score": float(applied),
                "max_score": 0.0,
                "status": "passed" if applied >= 0 else "failed",
                "visibility": "visible",
                "tags": ["adjustment"],
                "output": adjustment_line(adjustment, applied),
                "extra_data": {"adjustment": adjustment.facts()},
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
    checks, adjustments = [], []
    for test in data.get("tests", []):
        meta = test.get("extra_data", {})
        if "adjustment" in meta:
            adjustments.append(Adjustment.from_facts(meta["adjustment"]))
            continue
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
        adjustments=tuple(adjustments),
    )


def dumps(data: dict) -> str:
    """Stable JSON text: sorted keys, fixed indentation, a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
