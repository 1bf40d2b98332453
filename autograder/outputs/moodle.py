"""moodle.csv: a Moodle assignment's offline grading worksheet (written when asked for)."""

from __future__ import annotations

import html
import re
from typing import Iterable

from autograder.points import two_decimals
from autograder.outputs.rows import NO_SUBMISSION, CourseInfo, GradebookError, GradeRow, csv_text, lms_grade

__all__ = ['FILE', 'moodle_csv', 'text']

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
                lms_grade(row, lambda value: f"{two_decimals(value):f}"),
                f"{two_decimals(row.max_score):f}",
                "Yes",
                "-",
                html.escape(row.feedback_summary, quote=False),
            ]
        )
    return csv_text(table)


FILE = "moodle.csv"


def text(rows, info: CourseInfo) -> str | None:
    return moodle_csv(rows, assignment_title=info.assignment_title) if info.moodle else None
