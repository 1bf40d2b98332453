"""canvas.csv: a Canvas gradebook import for one assignment (written when course.toml gives its id)."""

from __future__ import annotations

import re
from typing import Iterable

from autograder.points import format_points, two_decimals
from autograder.outputs.rows import CourseInfo, GradebookError, GradeRow, csv_text, lms_grade

__all__ = ['FILE', 'canvas_csv', 'text']

CANVAS_INFO_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")

# Canvas drops (trailing) columns whose header matches this, so an assignment titled so is lost.
_CANVAS_READ_ONLY = re.compile(r"Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade")

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
        grade = lms_grade(row, format_points)
        # SIS Login ID stays blank: Canvas matches on ID first, and the roster has no logins.
        table.append([row.name or row.student_id, row.student_id, row.sis_id, "", row.section, grade])
    return csv_text(table)


FILE = "canvas.csv"


def text(rows, info: CourseInfo) -> str | None:
    if info.canvas_assignment_id is None:
        return None
    points = info.points_possible
    if points is None:
        points = max((row.max_score for row in rows), default=0.0)
    return canvas_csv(rows, assignment_title=info.assignment_title, assignment_id=info.canvas_assignment_id, points_possible=points)
