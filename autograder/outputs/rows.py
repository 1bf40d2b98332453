"""The gradebook's rows: one `GradeRow` per student, from results, roster and lateness,
and what every LMS file shares (statuses, grades in LMS cells, CSV text that no spreadsheet runs).

The choices every file shares (numbers, CSV, absent and ungradable students) are listed in
gradebook.py.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from dataclasses import dataclass, field, fields
from difflib import get_close_matches
from typing import Any, Mapping, Sequence

from autograder.errors import AutogradeError
from autograder.intake.lateness import Lateness
from autograder.points import format_points
from autograder.results import SubmissionResult
from autograder.intake.roster import RosterEntry

__all__ = ['GRADED', 'NO_SUBMISSION', 'REJECTED', 'CourseInfo', 'GradeRow', 'GradebookError', 'course_info', 'csv_text', 'lms_grade', 'natural', 'neutralise', 'rows_from_results']

GRADED = "graded"

NO_SUBMISSION = "no submission"

REJECTED = "rejected"  # the grader ran no checks (the submission's notes say why)

STATUS_ORDER = (GRADED, NO_SUBMISSION, REJECTED)

class GradebookError(AutogradeError):
    """The grades cannot be written as asked; the message says what to change."""

@dataclass(frozen=True)
class GradeRow:
    """One student's line in every gradebook file."""

    student_id: str
    name: str
    email: str
    sis_id: str
    section: str
    status: str  # "graded", "no submission", "rejected" or a status set by the class grader
    points: Mapping[str, float] = field(hash=False)  # exercise -> points before the penalty, in order
    raw_total: float
    late_penalty: float  # the policy's penalty in points; total never goes below 0
    total: float  # max(0, raw_total - late_penalty)
    max_score: float
    late: bool
    feedback_summary: str = ""
    # Points moved by manual adjustments of the whole submission (those of one function are in
    # its exercise's points); included in raw_total.
    adjustment: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", dict(self.points))  # a private copy: rows stay as built

@dataclass(frozen=True)
class CourseInfo:
    """What `write_all` needs beyond the rows: which files, and the assignment they grade."""

    assignment_title: str
    exercises: tuple[str, ...]
    canvas_assignment_id: int | str | None = None  # write canvas.csv when set
    moodle: bool = False  # write moodle.csv (student ids must be Moodle participant numbers)
    points_possible: float | None = None  # default: the largest max_score among the rows

    def __post_init__(self) -> None:
        object.__setattr__(self, "exercises", tuple(self.exercises))

def rows_from_results(
    results: Sequence[SubmissionResult],
    roster: Sequence[RosterEntry] | None,
    lateness: Mapping[str, Lateness],
    exercises: Sequence[str],
    *,
    max_score: float | None = None,
) -> list[GradeRow]:
    """One GradeRow per student: roster order first, then unlisted submitters by id.

    Points per exercise are the sums of its functions' exact points (`exercise_points`); the late penalty
    of `lateness[student]` (none when absent) is taken off the sum, never below 0. Roster
    students with no result get status "no submission" and 0 points. `max_score` is the
    assignment's maximum, used for rows without checks; by default the largest maximum
    among the results.
    """
    exercises = list(exercises)
    if len(set(exercises)) != len(exercises):
        raise GradebookError(f"exercises={exercises!r} lists an exercise twice; list each once")
    by_student: dict[str, SubmissionResult] = {}
    for result in results:
        if not result.student:
            raise GradebookError("a result has an empty student id; set SubmissionResult.student")
        if result.student in by_student:
            raise GradebookError(
                f"student={result.student!r} has two results; grade each student's latest "
                f"submission once"
            )
        for check in result.checks:
            if check.exercise not in exercises:
                close = get_close_matches(check.exercise, exercises, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise GradebookError(
                    f"student={result.student!r}: check {check.name!r} belongs to exercise "
                    f"{check.exercise!r}, which is not in exercises={exercises!r}{hint}; pass the "
                    f"assignment's exercise list from course.toml"
                )
        by_student[result.student] = result
    if max_score is None:
        max_score = max((r.max_score for r in results if r.checks), default=0.0)

    roster = list(roster or ())
    known = {entry.id: entry for entry in roster}
    order = [entry.id for entry in roster] + sorted(set(by_student) - set(known), key=natural)
    rows = []
    for student in order:
        entry = known.get(student)
        result = by_student.get(student)
        if result is None:
            rows.append(_absent_row(entry, exercises, max_score))
        else:
            rows.append(_graded_row(result, entry, lateness.get(student), exercises, max_score))
    return rows

def _absent_row(entry: RosterEntry, exercises: list[str], max_score: float) -> GradeRow:
    return GradeRow(
        student_id=entry.id,
        name=entry.name,
        email=entry.email,
        sis_id=entry.sis_id,
        section=entry.section,
        status=NO_SUBMISSION,
        points={exercise: 0.0 for exercise in exercises},
        raw_total=0.0,
        late_penalty=0.0,
        total=0.0,
        max_score=max_score,
        late=False,
        feedback_summary=f"No submission: 0/{format_points(max_score)}.",
    )

def _graded_row(
    result: SubmissionResult,
    entry: RosterEntry | None,
    late: Lateness | None,
    exercises: list[str],
    assignment_max: float,
) -> GradeRow:
    grouped = result.by_exercise()
    exact = {e: result.exercise_points(e) for e in exercises}
    points = {e: float(exact[e][0]) for e in exercises}
    maxima = {e: float(exact[e][1]) for e in exercises}
    raw = float(sum(earned for earned, _ in exact.values()) + result.settled.overall)
    row_max = float(sum(top for _, top in exact.values())) if result.checks else assignment_max
    penalty = late.penalty if late is not None else 0.0
    total = float(max(Decimal("0.00"), Decimal(repr(raw)) - Decimal(repr(float(penalty)))))
    status = result.extra.get("status") or (GRADED if result.checks else REJECTED)
    extra = result.extra
    if status == GRADED:
        parts = ", ".join(
            f"{e} {format_points(points[e])}/{format_points(maxima[e])}" for e in exercises if e in grouped
        )
        summary = f"{format_points(total)}/{format_points(row_max)}: {parts}"
        if result.settled.total:
            sign = "+" if result.settled.total > 0 else "-"
            summary += f"; manual adjustment {sign}{format_points(abs(result.settled.total))}"
        if penalty:
            summary += f"; late penalty -{format_points(penalty)}"
    else:
        summary = f"Not graded ({status}): " + ("; ".join(result.notes) or "no checks ran.")
    return GradeRow(
        student_id=result.student,
        name=entry.name if entry else str(extra.get("name") or ""),
        email=entry.email if entry else str(extra.get("email") or ""),
        sis_id=entry.sis_id if entry else str(extra.get("sis_id") or ""),
        section=entry.section if entry else str(extra.get("section") or ""),
        status=str(status),
        points=points,
        raw_total=raw,
        late_penalty=penalty,
        total=total,
        max_score=row_max,
        late=bool(late and late.late),
        feedback_summary=summary,
        adjustment=float(result.settled.overall),
    )

def lms_grade(row: GradeRow, show) -> str:
    if row.status == GRADED:
        return show(row.total)
    if row.status == NO_SUBMISSION:
        return show(0)
    return ""  # not gradable automatically: leave the LMS cell as the teacher set it

def course_info(mapping: Mapping[str, Any]) -> CourseInfo:
    known = [f.name for f in fields(CourseInfo)]
    unknown = [key for key in mapping if key not in known]
    missing = [key for key in ("assignment_title", "exercises") if key not in mapping]
    if unknown or missing:
        problem = f"unknown key {unknown[0]!r}" if unknown else f"missing key {missing[0]!r}"
        raise GradebookError(f"course_info: {problem}; the keys are {', '.join(known)}")
    return CourseInfo(**dict(mapping))

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")

def neutralise(cell: object) -> str:
    """A cell a spreadsheet shows as text: ids and names come from file names students chose,
    and Excel, LibreOffice and Sheets run a cell starting with = + - @ (or tab, CR) as a formula.
    Such a cell gets a leading apostrophe (OWASP's CSV-injection rule); plain numbers, and a lone
    "-" (Moodle's "not modified"), stay as they are."""
    text = str(cell)
    if len(text) > 1 and text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text

def csv_text(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerows([neutralise(cell) for cell in row] for row in table)
    return buffer.getvalue()

def natural(text: str) -> list:
    """Sort key putting "s2" before "s10" and 9 before 10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]
