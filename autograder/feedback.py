"""A student's feedback as Markdown: per exercise and function, what passed and what to fix.

Pure: takes a result and the course, returns text. The hint from course.toml follows the
first problem of each exercise; hidden checks never reveal expected values unless visible.
"""

from __future__ import annotations

import html
import re

from autograder.course import Course
from autograder.messages import check_text
from autograder.points import format_points
from autograder.results import SubmissionResult

__all__ = ["feedback_markdown", "fenced", "inline"]

ICONS = {"passed": "✅", "not_started": "⏳", "no_submission": "➖"}


def fenced(text: str) -> list[str]:
    """Student-controlled text as a plain code block: nothing in it can render as Markdown."""
    safe = text.replace("```", "ˋˋˋ").replace("~~~", "˜˜˜")
    return ["```text", *safe.splitlines(), "```"]


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def inline(text: str) -> str:
    """Student-controlled text inside a Markdown line (an id from a file name): shown literally,
    never as HTML, a link or emphasis, and on one line."""
    one_line = " ".join(text.split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(one_line, quote=False))


def feedback_markdown(result: SubmissionResult, course: Course, *, header: str = "") -> str:
    lines = [f"# Feedback for {inline(result.student)}", ""]
    if header:
        lines += [header, ""]
    lines.append(f"**Score: {format_points(result.score)} / {format_points(result.max_score)}**")
    lateness = result.extra.get("lateness") if result.extra else None
    if lateness:
        lines += ["", f"Lateness: {lateness}"]
    lines.append("")
    for note in result.notes:
        lines += fenced(note) + [""]
    grouped = result.by_exercise()
    for exercise in course.exercises:
        checks = grouped.get(exercise.name)
        if not checks:
            continue
        got = sum(c.score for c in checks)
        top = sum(c.max_score for c in checks)
        lines += [f"## {exercise.name}: {exercise.title} — {format_points(got)} / {format_points(top)}", ""]
        first_problem = True
        for function in exercise.functions:
            own = [c for c in checks if c.function == function.name]
            passed = sum(c.passed for c in own)
            lines.append(f"### `{function.name}` — {passed} of {len(own)} checks passed")
            lines.append("")
            for check in own:
                icon = ICONS.get(check.outcome, "❌")
                kind = "public" if check.public else "hidden"
                lines.append(f"- {icon} **{check.name}** ({kind}, {format_points(check.score)}/{format_points(check.max_score)})")
                if (not check.passed and check.message) or check.also_passed_by:
                    lines += [""] + [f"  {line}" for line in fenced(check_text(check))] + [""]
                    if first_problem and not check.passed:
                        lines += [f"  💡 Hint: {exercise.hint}", ""]
                        first_problem = False
            lines.append("")
    if result.output.strip():
        lines += [
            "## What your code printed",
            "",
            "Shown as plain text for your information; it does not affect the grade.",
            "",
            *fenced(result.output.rstrip()),
            "",
        ]
    if result.isolation:
        lines += [f"<sub>Graded by autograder {result.grader_version}; isolation: {result.isolation}.</sub>", ""]
    return "\n".join(lines)
