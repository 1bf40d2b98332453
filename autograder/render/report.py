"""The instructor's class report: one static, self-contained HTML file beside the gradebook.

Pure until `write_report`: results, gradebook rows and summary in, text out. Charts are SVG
whose geometry is computed here; the only script sorts the student table, and the page's
Content-Security-Policy admits that script by its hash and forbids every network load.
The same inputs always give the same bytes: nothing reads the clock unless given a time.
"""

from __future__ import annotations

import base64
import hashlib
import math
import platform
import re
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import quote

from autograder.course import Assignment, Course
from autograder.render.similarity import report_section
from autograder.render.feedback_html import (
    FEEDBACK_HTML,
    NOT_ATTEMPTED,
    check_anchor,
    template_environment,
)
from autograder.files import student_folder, write_atomic
from autograder.outputs.gradebook import GRADED, NO_SUBMISSION, GradeRow, summary_json
from autograder.points import format_points
from autograder.render.decisions import adjustment_target, due_text, moment_text, signed
from autograder.results import CheckResult, SubmissionResult

__all__ = ["REPORT", "HISTOGRAM_BINS", "render_report", "write_report"]

REPORT = "report.html"
HISTOGRAM_BINS = 10

# Histogram canvas in SVG user units; the SVG scales to its container's width.
_WIDTH, _HEIGHT = 640, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 24, 46


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    x: float
    y: float
    width: float
    height: float
    label: str
    center: float  # x of the labels under and above the bar


@dataclass(frozen=True)
class CheckBar:
    name: str
    function: str
    runs: int
    passed: int
    wrong: int  # failed, raised, too slow, crashed...
    idle: int  # not submitted, not started, missing: no attempt to judge
    rate: float

    @property
    def percent(self) -> str:
        return f"{self.rate * 100:.0f}%"

    @property
    def segments(self) -> list[tuple[str, float, float, int]]:
        """(class, x, width, count) of the stacked bar on a 0..100 scale, empty parts left out."""
        parts, x = [], 0.0
        for kind, count in (("passed", self.passed), ("wrong", self.wrong), ("idle", self.idle)):
            if count:
                width = _round(100 * count / self.runs)
                parts.append((kind, _round(x), width, count))
                x += width
        return parts


@dataclass(frozen=True)
class Group:
    """Failing submissions that went wrong the same way, with one student's case as the example."""

    title: str  # the misconception's message, or the check's name
    key: str  # the misconception id, or the minimal input
    exercise: str
    function: str
    hint: str
    students: tuple[tuple[str, str], ...]  # (student id, link to the feedback), natural order
    example_student: str
    example_link: str
    example_check: str
    example_message: str


def _natural(text: str) -> list:
    """Sort key putting "s2" before "s10", as the gradebook orders its rows."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]


def _feedback_link(student: str, index: int | None = None) -> str:

    link = f"{quote(student_folder(student))}/{FEEDBACK_HTML}"
    return link if index is None else f"{link}#{check_anchor(index)}"


def _round(value: float) -> float:
    return round(value, 2)


def histogram(totals: Sequence[float], max_score: float, *, bins: int = HISTOGRAM_BINS) -> dict[str, Any]:
    """Bars for the totals over 0..max_score in `bins` equal bins (the last one includes the maximum)."""
    counts = [0] * bins
    for total in totals:
        index = int(total * bins / max_score) if max_score > 0 else 0
        counts[min(max(index, 0), bins - 1)] += 1
    peak = max(counts, default=0)
    step = max(1, math.ceil(peak / 4))
    top = max(step, step * math.ceil(peak / step))
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    slot = plot_w / bins
    bars = []
    for index, count in enumerate(counts):
        low, high = max_score * index / bins, max_score * (index + 1) / bins
        height = plot_h * count / top
        bars.append(
            Bin(
                low=low,
                high=high,
                count=count,
                x=_round(_LEFT + index * slot + 3),
                y=_round(_TOP + plot_h - height),
                width=_round(slot - 6),
                height=_round(height),
                label=f"{format_points(low)}–{format_points(high)}",
                center=_round(_LEFT + (index + 0.5) * slot),
            )
        )
    ticks = []
    for value in range(0, top + 1, step):
        y = _round(_TOP + plot_h - plot_h * value / top)
        ticks.append({"value": value, "y": y, "label_y": _round(y + 4)})

    def marker(value: float | None) -> float | None:
        if value is None or max_score <= 0:
            return None
        return _round(_LEFT + plot_w * min(max(value / max_score, 0.0), 1.0))

    return {
        "bars": bars,
        "ticks": ticks,
        "width": _WIDTH,
        "height": _HEIGHT,
        "left": _LEFT,
        "right": _WIDTH - _RIGHT,
        "baseline": _TOP + plot_h,
        "top": _TOP,
        "label_y": _TOP + plot_h + 16,
        "count_y": [_round(bar.y - 3) for bar in bars],
        "middle": _round((_LEFT + _WIDTH - _RIGHT) / 2),
        "tick_x": _LEFT - 6,
        "axis_y": _HEIGHT - 6,
        "marker": marker,
    }


def _check_bars(results: Sequence[SubmissionResult], exercise: str) -> list[CheckBar]:
    """One bar per check of `exercise`, most failed first (ties keep the checks' own order)."""
    order: dict[str, int] = {}
    counts: dict[str, dict[str, Any]] = {}
    for result in results:
        for check in result.checks:
            if check.exercise != exercise:
                continue
            order.setdefault(check.name, len(order))
            entry = counts.setdefault(check.name, {"function": check.function, "runs": 0, "passed": 0, "wrong": 0, "idle": 0})
            entry["runs"] += 1
            kind = "passed" if check.passed else "idle" if check.outcome in NOT_ATTEMPTED else "wrong"
            entry[kind] += 1
    bars = [CheckBar(name=name, rate=round(e["passed"] / e["runs"], 4), **e) for name, e in counts.items()]
    return sorted(bars, key=lambda bar: (bar.rate, order[bar.name]))


def _first_problem(result: SubmissionResult, function_key: tuple[str, str], wanted) -> tuple[int, CheckResult] | None:
    for index, check in enumerate(result.checks):
        if (check.exercise, check.function) == function_key and wanted(check):
            return index, check
    return None


def _where(check: CheckResult) -> str:
    """What identifies one failure among a class: the call that showed it, else its first line."""
    return check.call or check.message.strip().split("\n", 1)[0][:200]


def _groups(results: Sequence[SubmissionResult], course: Course) -> tuple[list[Group], list[Group]]:
    """Diagnosed misconceptions, then undiagnosed failures by (first failing check, minimal input).

    Each student counts once per function: the first check (in check order) that went wrong
    stands for that function, since later checks of one bug repeat the same story.
    """
    exercise_order = {e.name: i for i, e in enumerate(course.exercises)}
    check_order: dict[str, int] = {}
    named: dict[tuple[str, str, str], dict[str, tuple[int, CheckResult]]] = {}
    other: dict[tuple[str, str, str, str], dict[str, tuple[int, CheckResult]]] = {}
    for result in results:
        functions = []
        for check in result.checks:
            check_order.setdefault(check.name, len(check_order))
            if (check.exercise, check.function) not in functions:
                functions.append((check.exercise, check.function))
        for key in functions:
            found = _first_problem(result, key, lambda c: not c.passed and c.misconception)
            if found is not None:
                named.setdefault((*key, found[1].misconception), {})[result.student] = found
                continue
            found = _first_problem(result, key, lambda c: not c.passed and c.outcome not in NOT_ATTEMPTED)
            if found is not None:
                other.setdefault((*key, found[1].name, _where(found[1])), {})[result.student] = found

    def build(members: dict[str, tuple[int, CheckResult]], title: str, key: str, hint: str) -> Group:
        ids = sorted(members, key=_natural)
        index, example = members[ids[0]]
        exercise, function = example.exercise, example.function
        return Group(
            title=title,
            key=key,
            exercise=exercise,
            function=function,
            hint=hint,
            students=tuple((student, _feedback_link(student, members[student][0])) for student in ids),
            example_student=ids[0],
            example_link=_feedback_link(ids[0], index),
            example_check=example.name,
            example_message=example.message,
        )

    diagnosed = []
    for (exercise, function, ident), members in named.items():
        sample = members[sorted(members, key=_natural)[0]][1]
        diagnosed.append(build(members, sample.misconception_message or ident, ident, sample.misconception_hint))
    undiagnosed = [build(members, name, call, "") for (_, _, name, call), members in other.items()]

    def rank(group: Group) -> tuple:
        return (-len(group.students), exercise_order.get(group.exercise, 1 << 30), check_order.get(group.example_check, 0), group.key)

    return sorted(diagnosed, key=rank), sorted(undiagnosed, key=rank)


def _settings(course: Course, results: Sequence[SubmissionResult], summary: Mapping[str, Any]) -> dict[str, Any]:
    isolation: dict[str, int] = {}
    for result in results:
        level = result.isolation or "not recorded"
        isolation[level] = isolation.get(level, 0) + 1

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    limits = {f"grading.limits.{key}": value for key, value in asdict(course.grading.limits).items()}
    return {
        "isolation": sorted(isolation.items(), key=lambda item: (-item[1], item[0])),
        "grader_versions": sorted({r.grader_version for r in results if r.grader_version}),
        "examples_per_check": summary.get("examples_per_check", course.grading.examples_per_check),
        "hidden_check_visibility": course.grading.hidden_check_visibility,
        "limits": {key: f"{value:g}" for key, value in limits.items()},
        "software": [
            ("Hypothesis", version("hypothesis")),
            ("numpy", version("numpy")),
            ("Python", platform.python_version()),
        ],
    }


def _adjustments(results: Sequence[SubmissionResult]) -> list[dict]:
    """Every manual adjustment of the class, by student, in the order recorded."""
    found = []
    for result in results:
        for adjustment, applied in zip(result.adjustments, result.settled.applied):
            found.append(
                {
                    "student": result.student,
                    "link": _feedback_link(result.student),
                    "target": adjustment_target(adjustment),
                    "points": signed(applied),
                    "recorded": signed(adjustment.points) if applied != adjustment.points else "",
                    "reason": adjustment.reason,
                    "by": adjustment.by,
                    "at": moment_text(adjustment.at),
                }
            )
    return found


def _student_rows(rows: Sequence[GradeRow], results: Sequence[SubmissionResult], exercises: Sequence[str]) -> list[dict]:
    graded_ids = {r.student for r in results}
    by_id = {r.student: r for r in results}
    table = []
    for position, row in enumerate(rows):
        table.append(
            {
                "position": position,
                "id": row.student_id,
                "name": row.name,
                "total": row.total,
                "max_score": row.max_score,
                "points": [row.points.get(e, 0.0) for e in exercises],
                "status": row.status,
                "late": row.late,
                "penalty": row.late_penalty,
                "link": _feedback_link(row.student_id) if row.student_id in graded_ids else "",
                "adjusted": signed(by_id[row.student_id].settled.total) if row.student_id in by_id and by_id[row.student_id].settled.total else "",
                "extension": _extension(by_id.get(row.student_id)),
            }
        )
    return table


def _extension(result: SubmissionResult | None) -> str:
    facts = (result.extra.get("extension") if result is not None else None) or {}
    if not facts:
        return ""
    reason = f": {facts['reason']}" if facts.get("reason") else ""
    return f"extension to {due_text(facts['due'])}{reason}"


def _script() -> tuple[str, str]:
    """The table-sorting script and its CSP hash (so no other inline script can run)."""
    text = template_environment().get_template("report_sort.js.j2").render()
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def render_report(
    course: Course,
    results: Sequence[SubmissionResult],
    rows: Sequence[GradeRow],
    summary: Mapping[str, Any] | None = None,
    *,
    generated_at: str | None = None,
    assignment: Assignment | None = None,
    similarity=None,
) -> str:
    """The class report as HTML text.

    `rows` and `summary` are what the gradebook files were written from (`summary` is
    computed from them when not given); `generated_at` is printed as given; `similarity`
    (integrity's `Similarity` or `Unavailable`) fills the similarity section.
    """
    exercises = [e.name for e in course.exercises]
    # Results arrive in grading order (completion order with several workers): fix one order.
    results = sorted(results, key=lambda r: _natural(r.student))
    if summary is None:
        summary = summary_json(results, rows, exercises=exercises)
    graded = [row for row in rows if row.status == GRADED]
    max_score = summary.get("max_score") or course.points
    totals = summary["totals"]
    chart = histogram([row.total for row in graded], max_score)
    mean_points = {e["exercise"]: e["mean_points"] for e in summary.get("exercises", [])}
    sections = []
    for exercise in course.exercises:
        bars = _check_bars(results, exercise.name)
        if not bars:
            continue
        points = [row.points.get(exercise.name, 0.0) for row in graded]
        sections.append(
            {
                "exercise": exercise,
                "bars": bars,
                "mean": mean_points.get(exercise.name),
                "full_marks": sum(p >= exercise.points - 1e-9 for p in points),
                "graded": len(points),
            }
        )
    diagnosed, undiagnosed = _groups(results, course)
    assignment = assignment or course.assignment()
    script, script_hash = _script()
    statuses = summary.get("status", {})
    figures = [
        ("Students", str(summary.get("students", len(rows)))),
        ("Submitted", str(summary.get("submissions", len(results)))),
        ("Mean", _score(totals.get("mean"), max_score)),
        ("Median", _score(totals.get("median"), max_score)),
        ("Not started", str(summary.get("not_started", 0))),
        ("Late", str(summary.get("late", 0))),
    ]
    if statuses.get(NO_SUBMISSION):
        figures.append(("No submission", str(statuses[NO_SUBMISSION])))
    ungraded = sum(count for status, count in statuses.items() if status not in (GRADED, NO_SUBMISSION))
    if ungraded:
        figures.append(("Not graded", str(ungraded)))
    if summary.get("older_course"):
        figures.append(("Graded by an older course", str(len(summary["older_course"]))))
    context = {
        "course": course,
        "assignment": assignment,
        "title": f"{assignment.title if assignment else course.name}: class report",
        "generated_at": generated_at,
        "figures": figures,
        "needs_attention": list(summary.get("needs_attention", [])),
        "course_version": summary.get("course_version", ""),
        "older_course": list(summary.get("older_course", [])),
        "warnings": list(summary.get("warnings", [])),
        "chart": chart,
        "mean": totals.get("mean"),
        "median": totals.get("median"),
        "graded_count": len(graded),
        "max_score": max_score,
        "sections": sections,
        "diagnosed": diagnosed,
        "repeated": [g for g in undiagnosed if len(g.students) > 1],
        "single": [g for g in undiagnosed if len(g.students) == 1],
        "exercises": course.exercises,
        "students": _student_rows(rows, results, exercises),
        "adjustments": _adjustments(results),
        "settings": _settings(course, results, summary),
        "script": script,
        "script_hash": script_hash,
        "similarity": report_section(course, similarity),
    }
    return template_environment().get_template("report.html.j2").render(context)


def _score(value: float | None, max_score: float) -> str:
    return "—" if value is None else f"{format_points(value)} / {format_points(max_score)}"


def write_report(
    out_dir: Path,
    course: Course,
    results: Sequence[SubmissionResult],
    rows: Sequence[GradeRow],
    summary: Mapping[str, Any] | None = None,
    *,
    generated_at: str | None = None,
    assignment: Assignment | None = None,
    similarity=None,
) -> Path:
    """Write DIR/report.html atomically and return its path."""
    target = Path(out_dir) / REPORT
    write_atomic(target, render_report(course, results, rows, summary, generated_at=generated_at, assignment=assignment, similarity=similarity))
    return target
