"""results.json: the stored form of a submission's records, in Gradescope's published schema.

Tests with name, score, max_score, status, output, visibility, number and tags, our own fields
inside `extra_data` so any Gradescope-reading tool still understands the file. Durations and
timestamps are kept out of the graded content so the same submission always serialises to the
same bytes. `output` is rendered from the records; `from_gradescope` reads the fields back.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, fields
from decimal import Decimal

from autograder.adjustments import Adjustment
from autograder.render.decisions import adjustment_line, adjustment_title
from autograder.render.messages import function_text
from autograder.results import CheckResult, FunctionScore, Note, SubmissionResult, function_score

__all__ = ["FORMAT_VERSION", "to_gradescope", "from_gradescope", "dumps"]

# Bumped when a field changes meaning; readers refuse nothing, older files lack the fields.
# 3: one Gradescope test per function (and visibility), its checks inside its extra_data.
# 4: every field of a check record (stage, rule, got, arguments, raised...) and the
#    submission's notes as records (`problems`): a file reads back into the same records.
FORMAT_VERSION = 4

# Gradescope's visibilities from the most to the least shown.
_VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")


# Stored whatever their value (readers and the report rely on them); every other field of a
# record is stored only when it is set, so a file holds what happened and nothing more.
_ALWAYS = frozenset({"exercise", "function", "name", "outcome", "score", "max_score", "visibility", "public", "examples", "message"})

# A check's place among its function's checks, stored only when the tests per visibility do not
# keep it (a hidden check before a public one, hidden checks of several visibilities out of
# order): `from_gradescope` puts them back in it. Not a record field.
_POSITION = "position"


def _plain(value):
    """A record's value as JSON: tuples (pairs, frames, arguments) become lists."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _record_data(record) -> dict:
    """Every field of a CheckResult or Note: the record is its own schema, so a new field is
    stored (and read back by `_record_from`) without an edit here."""
    data = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if value or item.name in _ALWAYS:
            data[item.name] = _plain(value)
    return data


def _as(default, value):
    """A stored value in the type of the field's default (JSON has lists, no tuples)."""
    if isinstance(default, tuple):
        return tuple(_as((), item) if isinstance(item, list) else item for item in value)
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, int):
        return int(value)
    if isinstance(default, str):
        return str(value)
    return value


def _record_from(cls, stored: dict, **given):
    """The record `_record_data` stored; `given` fills the fields without a default that an
    older file lacks. Unknown keys (a newer writer's) are ignored, not refused."""
    values = dict(given)
    for item in fields(cls):
        if item.name not in stored:
            continue
        default = item.default if item.default is not MISSING else given.get(item.name)
        values[item.name] = _as(default, stored[item.name]) if default is not None else stored[item.name]
    return cls(**values)


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
        in_order = [c for _, checks, _, _ in parts for c in checks] == list(function.checks)
        position = {id(c): index for index, c in enumerate(function.checks)}
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
                        "checks": [_record_data(c) if in_order else {**_record_data(c), _POSITION: position[id(c)]} for c in checks],
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
            "problems": [_record_data(note) for note in result.problems],
            **({"submission": result.extra} if result.extra else {}),
        },
    }
    if execution_time is not None:
        data["execution_time"] = round(execution_time, 2)
    return data


def _check_from(meta: dict, *, exercise: str, function: str, test: dict) -> CheckResult:
    # What files from before format 3 (one test per check) and format 2 (only the rendered
    # text) lack comes from the Gradescope test around them.
    return _record_from(
        CheckResult,
        meta,
        exercise=exercise,
        function=function,
        name=test.get("name", ""),
        outcome=test.get("status", "failed"),
        score=float(test.get("score", 0)),
        max_score=float(test.get("max_score", 0)),
        visibility=test.get("visibility", "visible"),
        public=True,
        message=test.get("output", ""),
    )


def from_gradescope(data: dict) -> SubmissionResult:
    """Read back a results.json written by `to_gradescope` (for reports and resumed runs);
    files from before format 3 have one test per check."""
    extra = data.get("extra_data", {})
    checks, adjustments = [], []
    placed: dict[tuple[str, str], list[tuple[int, int]]] = {}  # function -> (its stored position, index in checks)
    for test in data.get("tests", []):
        meta = test.get("extra_data", {})
        if "adjustment" in meta:
            adjustments.append(Adjustment.from_facts(meta["adjustment"]))
            continue
        exercise, function = meta.get("exercise", ""), meta.get("function", "")
        if "checks" in meta:
            for stored in meta["checks"]:
                if isinstance(stored.get(_POSITION), int):
                    placed.setdefault((exercise, function), []).append((stored[_POSITION], len(checks)))
                checks.append(_check_from(stored, exercise=exercise, function=function, test={}))
        else:
            checks.append(_check_from(meta, exercise=exercise, function=function, test=test))
    # Checks the writer split over tests per visibility go back in their function's order, in
    # the places they were read into; every other check keeps the order the file has it in.
    for spots in placed.values():
        ordered = [checks[index] for _, index in sorted(spots)]
        for (_, index), check in zip(sorted(spots, key=lambda spot: spot[1]), ordered):
            checks[index] = check
    return SubmissionResult(
        student=extra.get("student", ""),
        course=extra.get("course", ""),
        grader_version=extra.get("grader_version", ""),
        isolation=extra.get("isolation", ""),
        checks=tuple(checks),
        output=extra.get("student_output", ""),
        notes=tuple(extra.get("notes", ())),
        problems=tuple(_record_from(Note, note) for note in extra.get("problems", ())),
        extra=dict(extra.get("submission", {})),
        adjustments=tuple(adjustments),
    )


def dumps(data: dict) -> str:
    """Stable JSON text: sorted keys, fixed indentation, a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
