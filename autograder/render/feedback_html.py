"""A student's feedback as one self-contained HTML page: the twin of feedback.md.

Pure: takes a result and the course, returns text. Every piece of student-controlled text
(messages quoting exceptions, printed output, notes) goes through Jinja's autoescape, and
the page's Content-Security-Policy forbids scripts and every network load.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from autograder.course import Course, Curve
from autograder.render.curve_svg import curve_svg
from autograder.points import format_points
from autograder.render.decisions import adjusted_function, adjustment_line, lateness_text
from autograder.render.messages import revealed, steps_text
from autograder.results import CheckResult, SubmissionResult, function_score

__all__ = [
    "FEEDBACK_HTML",
    "MessageParts",
    "OUTCOME_LABELS",
    "check_anchor",
    "feedback_html",
    "template_environment",
]

FEEDBACK_HTML = "feedback.html"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Outcomes that say the function was not attempted rather than that it is wrong.
NOT_ATTEMPTED = ("no_submission", "not_started", "missing")
_UNIFORM = NOT_ATTEMPTED + ("wrong_signature",)
# Words, not emoji, for each outcome: they read aloud, print, and need no emoji font.
OUTCOME_LABELS = {
    "passed": "passed",
    "failed": "wrong result",
    "error": "error",
    "timeout": "too slow",
    "memory": "out of memory",
    "crashed": "crashed",
    "not_started": "not started",
    "missing": "missing",
    "wrong_signature": "wrong signature",
    "no_submission": "not submitted",
}


@functools.lru_cache(maxsize=1)
def template_environment():
    """The Jinja environment for the HTML pages: autoescape on, undefined names are errors."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=True,  # the templates end in .j2, so select_autoescape would not switch it on
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["points"] = format_points
    return env


def check_anchor(index: int) -> str:
    """The fragment naming the index-th check of a result in feedback.html (the report links to it)."""
    return f"check-{index + 1}"


@dataclass(frozen=True)
class MessageParts:
    """A check's explanation, field by field, as the page lays it out."""

    body: str  # what happened: the call, expected and got, or the exception
    reference: str = ""  # the reference's intermediate values for the failing input
    misconception: str = ""  # the diagnosed misconception's message
    misconception_hint: str = ""
    variables: str = ""  # the student's own local variables for that input
    expected: str = ""  # a hidden check's expected value, once the due date has passed
    curves: str = ""  # the student's curve beside the reference's (course.toml `curve`), as SVG markup

    @classmethod
    def of(cls, check: CheckResult, *, reveal: bool = False, curve: Curve | None = None) -> "MessageParts":
        shown = revealed(check, reveal)
        drawn = ""
        if curve is not None and check.curve:
            drawn = curve_svg(check.curve, check.expected_curve if shown else (), curve.label)
        return cls(
            curves=drawn,
            body=check.message.rstrip(),
            reference=steps_text(check.steps) if shown else "",
            variables=steps_text(check.variables),
            expected=check.expected if shown and check.visibility != "visible" else "",
            misconception=check.misconception_message,
            misconception_hint=check.misconception_hint,
        )


def _function_block(checks: list[tuple[int, CheckResult]], reveal: bool, curve: Curve | None = None) -> dict:
    """One function's checks, folded into one line when all fail for the same not-attempted reason."""
    results = [c for _, c in checks]
    outcomes = {c.outcome for c in results}
    messages = {c.message for c in results}
    uniform = len(results) > 1 and len(outcomes) == 1 and outcomes <= set(_UNIFORM) and len(messages) == 1
    items = []
    for index, check in checks:
        items.append(
            {
                "anchor": check_anchor(index),
                "check": check,
                "label": OUTCOME_LABELS.get(check.outcome, check.outcome),
                "kind": "public" if check.public else "hidden",
                "parts": None if check.passed or not check.message else MessageParts.of(check, reveal=reveal, curve=curve),
            }
        )
    return {
        "uniform": uniform,
        "outcome": results[0].outcome if uniform else "",
        "label": OUTCOME_LABELS.get(results[0].outcome, results[0].outcome) if uniform else "",
        "message": results[0].message if uniform else "",
        "items": items,
        "passed": sum(c.passed for c in results),
        "failed": any(not c.passed for c in results),
    }


def feedback_html(
    result: SubmissionResult,
    course: Course,
    *,
    header: str = "",
    reveal: bool = False,
) -> str:
    """The student's feedback page. `reveal`: hidden checks' expected values and the reference's
    steps are shown (the due date has passed; messages.revealed)."""
    indexed: dict[str, list[tuple[int, CheckResult]]] = {}
    for index, check in enumerate(result.checks):
        indexed.setdefault(check.exercise, []).append((index, check))
    exercises = []
    for exercise in course.exercises:
        checks = indexed.get(exercise.name)
        if not checks:
            continue
        functions = []
        for function in exercise.functions:
            own = [(i, c) for i, c in checks if c.function == function.name]
            if own:
                moved = result.settled.functions.get((exercise.name, function.name))
                points = function_score([c for _, c in own])
                adjusted = adjusted_function(points.score + moved, points.max_score) if moved else ""
                functions.append({"name": function.name, "adjusted": adjusted, **_function_block(own, reveal, function.curve)})
        exercises.append(
            {
                "name": exercise.name,
                "title": exercise.title,
                "hint": exercise.hint,
                "score": result.exercise_points(exercise.name)[0],
                "max_score": result.exercise_points(exercise.name)[1],
                "functions": functions,
            }
        )
    context = {
        "result": result,
        "header": header,
        "name": str(result.extra.get("name", "")) if result.extra else "",
        "lateness": lateness_text(result.extra),
        "adjustments": [adjustment_line(a, applied) for a, applied in zip(result.adjustments, result.settled.applied)],
        "exercises": exercises,
        "output": result.output.rstrip() if result.output.strip() else "",
        "score_percent": round(100 * result.score / result.max_score) if result.max_score else 0,
    }
    return template_environment().get_template("feedback.html.j2").render(context)
