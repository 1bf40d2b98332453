"""Gradebook outputs: the class's grades as CSV for people, Canvas and Moodle, plus a summary.

Every writer takes `GradeRow`s and returns text, so the same rows always give the same bytes;
only `write_all` touches the disk. Choices shared by all files:

* Numbers: at most 2 decimals, rounded half up, trailing zeros dropped (`2.5`, `3`, `0.43`),
  except where an LMS export shows fixed decimals (Canvas "Points Possible", Moodle grades).
* CSV: the csv module with minimal quoting, `\\n` line ends, UTF-8 without a byte-order mark.
* A roster student without a submission gets 0 in the LMS files (the deadline has passed and
  blank means "leave as is" to both importers); a submission that could not be graded at all
  (status "rejected" or anything other than "graded") gets a blank cell, so the LMS keeps
  whatever the teacher decides by hand.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import statistics
from decimal import Decimal
from dataclasses import dataclass, field, fields
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from autograder.errors import AutogradeError
from autograder.files import write_atomic
from autograder.intake.lateness import Lateness
from autograder.points import format_points, two_decimals
from autograder.results import OUTCOMES, SubmissionResult
from autograder.intake.roster import RosterEntry

__all__ = [
    "GRADED",
    "neutralise",
    "NO_SUBMISSION",
    "REJECTED",
    "CourseInfo",
    "GradeRow",
    "GradebookError",
    "canvas_csv",
    "format_points",
    "grades_csv",
    "moodle_csv",
    "rows_from_results",
    "summary_json",
    "write_all",
]

GRADED = "graded"
NO_SUBMISSION = "no submission"
REJECTED = "rejected"  # the grader ran no checks (the submission's notes say why)
_STATUS_ORDER = (GRADED, NO_SUBMISSION, REJECTED)

GRADES_FIXED_COLUMNS = ("raw_total", "late_penalty", "total", "max", "late", "status")
CANVAS_INFO_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = (
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (grade)",
    "Feedback comments",
)
# Canvas drops (trailing) columns whose header matches this, so an assignment titled so is lost.
_CANVAS_READ_ONLY = re.compile(r"Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade")


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
    order = [entry.id for entry in roster] + sorted(set(by_student) - set(known), key=_natural)
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
    raw = float(sum(earned for earned, _ in exact.values()))
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
    )


def grades_csv(rows: Iterable[GradeRow], exercises: Sequence[str]) -> str:
    """The teacher's grades.csv: one column per exercise, then totals, lateness and status."""
    exercises = list(exercises)
    header = ["student_id", "name", *exercises, *GRADES_FIXED_COLUMNS]
    clash = sorted({name for name in header if header.count(name) > 1})
    if clash:
        raise GradebookError(
            f"exercises={exercises!r}: {', '.join(map(repr, clash))} would appear twice in the "
            f"header; rename the exercise"
        )
    table = [header]
    for row in rows:
        cells = [row.student_id, row.name]
        cells += [format_points(row.points[e]) if e in row.points else "" for e in exercises]
        cells += [
            format_points(row.raw_total),
            format_points(row.late_penalty),
            format_points(row.total),
            format_points(row.max_score),
            "yes" if row.late else "no",
            row.status,
        ]
        table.append(cells)
    return _csv_text(table)


def canvas_csv(
    rows: Iterable[GradeRow],
    *,
    assignment_title: str,
    assignment_id: int | str | None,
    points_possible: float,
) -> str:
    """A Canvas gradebook import file for one assignment, keyed by Canvas user id (`ID`).

    Header `Student,ID,SIS User ID,SIS Login ID,Section,<Title> (<id>)`: the importer wants
    `Student` first, `ID` second and a `Section` column closing the student columns, and
    `SIS User ID,SIS Login ID,Section` is a sequence it accepts (unlike `Integration ID`,
    which the importer we read does not know). With `assignment_id=None` the column is the
    bare title, which Canvas matches by exact title or else creates as a new assignment.
    """
    title = (assignment_title or "").strip()
    if not title or "\n" in title or "\r" in title:
        raise GradebookError(f"assignment_title={assignment_title!r} must be one non-empty line")
    if assignment_id is None:
        column = title
    else:
        if not re.fullmatch(r"\d+", str(assignment_id)):
            raise GradebookError(
                f"assignment_id={assignment_id!r} must be Canvas's numeric assignment id (the "
                f"number in the assignment's URL), e.g. canvas_assignment_id = 480001"
            )
        column = f"{title} ({assignment_id})"
    if _CANVAS_READ_ONLY.search(column):
        raise GradebookError(
            f"assignment_title={assignment_title!r}: Canvas ignores gradebook columns named like "
            f"its read-only totals ({_CANVAS_READ_ONLY.pattern}); rename the assignment"
        )
    table = [
        [*CANVAS_INFO_COLUMNS, column],
        ["    Points Possible", "", "", "", "", f"{two_decimals(points_possible):f}"],
    ]
    for row in rows:
        grade = _lms_grade(row, format_points)
        # SIS Login ID stays blank: Canvas matches on ID first, and the roster has no logins.
        table.append([row.name or row.student_id, row.student_id, row.sis_id, "", row.section, grade])
    return _csv_text(table)


def moodle_csv(rows: Iterable[GradeRow], *, assignment_title: str) -> str:
    """A Moodle assignment "offline grading worksheet" to upload, keyed by participant number.

    `Identifier` is `Participant <student_id>`, so student ids must be the participant numbers
    in Moodle's "Download all submissions" folder names. `Last modified (grade)` is `-`, as in
    a worksheet for ungraded work: Moodle then skips students whose grade was already changed
    in Moodle unless the upload form's "Allow updating records that have been modified more
    recently in Moodle than in the spreadsheet" is ticked. The feedback is HTML-escaped,
    since Moodle stores feedback comments as HTML. `assignment_title` is not a worksheet
    column (Moodle keeps it in the file name); it is checked so the call reads like the others.
    """
    if not (assignment_title or "").strip():
        raise GradebookError(f"assignment_title={assignment_title!r} must not be empty")
    table = [list(MOODLE_COLUMNS)]
    for row in rows:
        if not re.fullmatch(r"\d+", row.student_id):
            raise GradebookError(
                f"student_id={row.student_id!r} is not a Moodle participant number; Moodle reads "
                f"the number after 'Participant ', so key the roster by the number in the "
                f"'Name_1234567_assignsubmission_file' folder names"
            )
        status = "No submission" if row.status == NO_SUBMISSION else "Submitted for grading"
        table.append(
            [
                f"Participant {row.student_id}",
                row.name,
                row.email,
                status,
                _lms_grade(row, lambda value: f"{two_decimals(value):f}"),
                f"{two_decimals(row.max_score):f}",
                "Yes",
                "-",
                html.escape(row.feedback_summary, quote=False),
            ]
        )
    return _csv_text(table)


def _lms_grade(row: GradeRow, show) -> str:
    if row.status == GRADED:
        return show(row.total)
    if row.status == NO_SUBMISSION:
        return show(0)
    return ""  # not gradable automatically: leave the LMS cell as the teacher set it


def summary_json(
    results: Sequence[SubmissionResult],
    rows: Sequence[GradeRow],
    *,
    exercises: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Class statistics for the report; the same inputs always give the same dict, in order.

    Totals and exercise means cover graded rows only (absent students would pull the mean to
    0 without saying anything about the work). Pass rates are per check name, over the
    results that ran that check, in the order the checks first appear.
    """
    if exercises is None:
        exercises = list(dict.fromkeys(e for row in rows for e in row.points))
    graded = [row for row in rows if row.status == GRADED]
    totals = [row.total for row in graded]

    statuses: dict[str, int] = {s: 0 for s in _STATUS_ORDER}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    statuses = {s: statuses[s] for s in _STATUS_ORDER} | {
        s: statuses[s] for s in sorted(set(statuses) - set(_STATUS_ORDER))
    }

    outcomes: dict[str, int] = {o: 0 for o in OUTCOMES}
    checks: dict[str, dict[str, Any]] = {}
    misconceptions: dict[str, set[str]] = {}
    not_started = 0
    for result in results:
        if result.extra.get("status") == "crashed":
            continue  # its checks never ran: they say nothing about the class's work
        if result.checks and all(c.outcome == "not_started" for c in result.checks):
            not_started += 1
        for check in result.checks:
            outcomes[check.outcome] = outcomes.get(check.outcome, 0) + 1
            entry = checks.setdefault(
                check.name, {"name": check.name, "exercise": check.exercise, "runs": 0, "passed": 0}
            )
            entry["runs"] += 1
            entry["passed"] += check.passed
            if check.misconception:
                misconceptions.setdefault(check.misconception, set()).add(result.student)
    outcomes = {o: outcomes[o] for o in OUTCOMES} | {
        o: outcomes[o] for o in sorted(set(outcomes) - set(OUTCOMES))
    }
    for entry in checks.values():
        entry["pass_rate"] = round(entry["passed"] / entry["runs"], 4)

    return {
        "students": len(rows),
        "submissions": len(results),
        "status": statuses,
        "outcomes": outcomes,
        "totals": {
            "count": len(totals),
            "mean": _stat(statistics.fmean, totals),
            "median": _stat(statistics.median, totals),
            "min": _stat(min, totals),
            "max": _stat(max, totals),
        },
        "max_score": max((row.max_score for row in rows), default=0.0),
        "late": sum(row.late for row in rows),
        "not_started": not_started,
        "checks": list(checks.values()),
        "exercises": [
            {
                "exercise": exercise,
                "mean_points": _stat(statistics.fmean, [row.points.get(exercise, 0.0) for row in graded]),
            }
            for exercise in exercises
        ],
        "misconceptions": [
            {"id": key, "count": len(students), "students": sorted(students, key=_natural)}
            for key, students in sorted(misconceptions.items(), key=lambda item: (-len(item[1]), item[0]))
        ],
    }


def write_all(
    out_dir: str | os.PathLike,
    rows: Sequence[GradeRow],
    course_info: CourseInfo | Mapping[str, Any],
    *,
    summary: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write grades.csv, and canvas.csv / moodle.csv / summary.json when asked; return the paths.

    Every text is built before anything is written, and each file is replaced atomically
    (a temporary file in the same folder, then os.replace), so a failure never leaves a
    half-written gradebook for an LMS to import.
    """
    info = course_info if isinstance(course_info, CourseInfo) else _course_info(course_info)
    files = {"grades.csv": grades_csv(rows, info.exercises)}
    points = info.points_possible
    if points is None:
        points = max((row.max_score for row in rows), default=0.0)
    if info.canvas_assignment_id is not None:
        files["canvas.csv"] = canvas_csv(
            rows,
            assignment_title=info.assignment_title,
            assignment_id=info.canvas_assignment_id,
            points_possible=points,
        )
    if info.moodle:
        files["moodle.csv"] = moodle_csv(rows, assignment_title=info.assignment_title)
    if summary is not None:
        files["summary.json"] = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        target = folder / name
        write_atomic(target, text)
        written.append(target)
    return written


def _course_info(mapping: Mapping[str, Any]) -> CourseInfo:
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


def _csv_text(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerows([neutralise(cell) for cell in row] for row in table)
    return buffer.getvalue()


def _stat(function, values: list[float]) -> float | None:
    return round(function(values), 4) if values else None


def _natural(text: str) -> list:
    """Sort key putting "s2" before "s10" and 9 before 10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]
