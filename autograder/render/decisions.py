"""The words for an instructor's decisions on one student: an extension, a manual adjustment.

Records keep the facts (`extra["extension"]`, `SubmissionResult.adjustments`); feedback.md,
feedback.html, results.json and the class report all say them with these functions.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from autograder.points import format_points

__all__ = ["adjusted_function", "adjustment_line", "recorded_text", "adjustment_target", "adjustment_title", "due_text", "extension_text", "lateness_text", "moment_text", "signed", "trail_warnings"]


def due_text(iso: str) -> str:
    """A stored due date as people read it: "2026-12-16 23:59 UTC", in its own zone."""
    moment = datetime.fromisoformat(iso)
    zone = moment.tzname() or "UTC"
    return moment.strftime("%Y-%m-%d %H:%M ") + ("UTC" if zone in ("UTC", "UTC+00:00") else zone)


def moment_text(stamp: str) -> str:
    """A recorded UTC time ("2026-12-15T09:30:00Z") as "2026-12-15 09:30 UTC"."""
    if not stamp:
        return "time not recorded"
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def extension_text(facts: dict) -> str:
    """ "Extension to 2026-12-16 23:59 UTC." and, if the LMS flag was set aside, why."""
    text = f"Extension to {due_text(facts['due'])}."
    if facts.get("late_flag_ignored"):
        text += " The LMS marked the submission late against the original due date; with the extension that mark is not counted."
    return text


def lateness_text(extra: dict | None) -> str:
    """The feedback's lateness line: the extension first, then the late policy's verdict."""
    extra = extra or {}
    reason = str(extra.get("lateness") or "")
    facts = extra.get("extension")
    return f"{extension_text(facts)} {reason}".strip() if facts else reason


def signed(points: Decimal) -> str:
    """+1.5, -2: the points an adjustment moves, always with their sign."""
    text = format_points(abs(points))
    return f"{'-' if points < 0 else '+'}{text}"


def _plural(points: Decimal) -> str:
    return "point" if abs(points) == 1 else "points"


def adjustment_target(adjustment) -> str:
    return f"{adjustment.function} ({adjustment.exercise})" if adjustment.function else "the whole submission"


def adjustment_title(adjustment, applied: Decimal) -> str:
    """The adjustment's name where a list of tests shows it: "Manual adjustment: +1 point on relu"."""
    where = f" on {adjustment.function}" if adjustment.function else ""
    return f"Manual adjustment: {signed(applied)} {_plural(applied)}{where}"


def adjustment_line(adjustment, applied: Decimal, *, reason: str | None = None) -> str:
    """The whole story in one line: points, target, reason, who and when, and any shortfall.
    `reason`: the reason as the page must show it (escaped for Markdown)."""
    why = adjustment.reason if reason is None else reason
    text = f"{signed(applied)} {_plural(applied)} on {adjustment_target(adjustment)}: {why} ({adjustment.by or 'instructor'}, {moment_text(adjustment.at)})"
    if applied != adjustment.points:
        text += f"; {signed(adjustment.points)} was recorded, but only {signed(applied)} fits between 0 and the maximum"
    return text


def adjusted_function(score: Decimal, top: Decimal) -> str:
    """Beside a function's earned points when an adjustment moved them."""
    return f"adjusted by hand to {format_points(score)} / {format_points(top)}"


def trail_warnings(unmatched, short) -> list[str]:
    """What a regrade says about adjustments.csv: rows for no one graded, rows that no longer fit."""
    lines = [f"{a.where}: {a.student!r} was not graded in this run; the adjustment is kept for when they are" for a in unmatched]
    lines += [
        f"{a.where}: {a.student}'s {signed(a.points)} on {adjustment_target(a)} no longer fits the regraded score; "
        f"{signed(applied)} applied. Review the row (autograder report refuses it until it fits)"
        for a, applied in short
    ]
    return lines


def recorded_text(adjustment, where: str) -> str:
    """What `adjust` says once it has written the row."""
    return f"Recorded in {where}: {adjustment.student}: {adjustment_line(adjustment, adjustment.points)}"
