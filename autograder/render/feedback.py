"""A student's feedback as Markdown: per exercise and function, what passed and what to fix.

Pure: takes a result and the course, returns text. The hint from course.toml follows the
first problem of each exercise; hidden checks reveal expected values only once the due date has passed.
"""

from __future__ import annotations

import html
import re

from decimal import Decimal

from autograder.course import Course
from autograder.render.decisions import adjusted_function, adjustment_line, lateness_text
from autograder.render.messages import EXPLAINED, causes, check_text, unearned_text
from autograder.points import format_points
from autograder.results import SubmissionResult, function_score

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


# A whole exercise or function stopped by one of these before any check ran: said once.
WHOLE = {"no_submission", "missing", "not_started", "wrong_signature"}


def _short(check) -> str:
    prefix = f"{check.function}: "
    return check.name[len(prefix):] if check.name.startswith(prefix) else check.name


def _shared_text(checks, reveal: bool) -> str | None:
    """The one explanation every check here has, when none passed and they all say the same."""
    texts = {check_text(c, reveal=reveal) for c in checks}
    if len(texts) == 1 and not any(c.passed for c in checks):
        return texts.pop()
    return None


def _kind(check) -> str:
    return "public" if check.public else "hidden"


def _named(group) -> str:
    """Checks in one line: the public ones by name, the hidden ones counted."""
    public = [_short(c) for c in group if c.public]
    hidden = len(group) - len(public)
    named = [f"{name} (public)" for name in public]
    if hidden:
        named.append(f"{hidden} hidden check{'s' if hidden > 1 else ''}" if public or hidden > 1 else f"{_short(group[-1])} (hidden)")
    return "; ".join(named)


def _failed_lines(group) -> list[str]:
    if len(group) == 1:
        return [f"- ❌ **{_short(group[0])}** ({_kind(group[0])})"]
    return [f"- ❌ {len(group)} checks failed for the same reason: {_named(group)}"]


def _function_lines(function, own, reveal: bool, moved: Decimal = Decimal(0)) -> tuple[list[str], bool]:
    """The lines for one function, and whether it had a problem; `moved`: points a manual
    adjustment added or took away."""
    passed = [c for c in own if c.passed]
    points = function_score(own)
    got, top = points.score, points.max_score
    adjusted = f", {adjusted_function(got + moved, top)}" if moved else ""
    lines = [f"### `{function.name}` — {len(passed)} of {len(own)} checks passed, {format_points(got)} / {format_points(top)} points{adjusted}", ""]
    if len(passed) == len(own):
        return lines + [f"✅ All {len(own)} checks passed.", ""], False
    if own[0].outcome in WHOLE and all(c.outcome == own[0].outcome for c in own):
        # Missing, not started...: the first check says why, the others only that they did not run.
        return lines + [f"{ICONS.get(own[0].outcome, '❌')} No check could run:", "", *fenced(check_text(own[0], reveal=reveal)), ""], True
    if passed:
        lines += [f"✅ Passed {len(passed)}: " + "; ".join(_short(c) for c in passed), ""]
        unearned = [c for c in passed if c.also_passed_by]
        if unearned:
            lines += fenced(unearned_text(function.name, unearned[0].also_passed_by, every=True)) + [""]
    groups = causes(own)
    calls: set[str] = set()
    for group in groups[:EXPLAINED]:
        lines += _failed_lines(group) + [""]
        repeated = bool(group[0].call) and group[0].call in calls  # its values are shown just above
        calls.add(group[0].call)
        lines += [f"  {line}" for line in fenced(check_text(group[0], reveal=reveal, call_shown=repeated))] + [""]
    rest = [check for group in groups[EXPLAINED:] for check in group]
    if rest:
        lines += [f"- ❌ Also failed: {_named(rest)}. Fix the problems above first, then run the checks again.", ""]
    return lines, True


def feedback_markdown(result: SubmissionResult, course: Course, *, header: str = "", reveal: bool = False) -> str:
    """The student's feedback.md. `reveal`: hidden checks' expected values and the reference's
    steps are shown (the due date has passed; messages.revealed)."""
    lines = [f"# Feedback for {inline(result.student)}", ""]
    if header:
        lines += [header, ""]
    lines.append(f"**Score: {format_points(result.score)} / {format_points(result.max_score)}**")
    lateness = lateness_text(result.extra)
    if lateness:
        lines += ["", f"Lateness: {lateness}"]
    if result.adjustments:
        lines += ["", "Manual adjustments (included in the score):", ""]
        lines += [f"- {adjustment_line(a, applied, reason=inline(a.reason))}" for a, applied in zip(result.adjustments, result.settled.applied)]
    lines.append("")
    grouped = result.by_exercise()
    # A file that did not load (or was not submitted) is said once, under its exercise.
    said_once = {name: _shared_text(checks, reveal) for name, checks in grouped.items()}
    for note in result.notes:
        if note not in said_once.values():
            lines += fenced(note) + [""]
    for exercise in course.exercises:
        checks = grouped.get(exercise.name)
        if not checks:
            continue
        got, top = result.exercise_points(exercise.name)
        lines += [f"## {exercise.name}: {exercise.title} — {format_points(got)} / {format_points(top)}", ""]
        shared = said_once[exercise.name]
        if shared is not None and checks[0].outcome == "no_submission":
            lines += [f"{ICONS['no_submission']} {shared}", ""]  # the course's own file name: nothing to fence
            continue
        if shared is not None:
            lines += [f"{ICONS.get(checks[0].outcome, '❌')} None of this exercise's {len(checks)} checks could run:", "", *fenced(shared), ""]
            lines += [f"- `{f.name}`: 0 of {sum(c.function == f.name for c in checks)} checks passed" for f in exercise.functions]
            lines += ["", f"💡 Hint: {exercise.hint}", ""]
            continue
        first_problem = True
        for function in exercise.functions:
            own = [c for c in checks if c.function == function.name]
            if not own:
                continue
            moved = result.settled.functions.get((exercise.name, function.name), Decimal(0))
            block, problem = _function_lines(function, own, reveal, moved)
            lines += block
            if problem and first_problem:
                lines += [f"💡 Hint: {exercise.hint}", ""]
                first_problem = False
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
