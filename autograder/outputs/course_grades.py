"""course-grades.csv: several assignments side by side, one row per student (`autograder combine`).

Each assignment is graded into its own folder (its grades.csv, canvas.csv and report are that
assignment's); this file puts the folders' rows together: per assignment its exercises' points,
its total after the late penalty and the student's status, then the course total and maximum.
A student missing from an assignment's folder has blank cells and status "no submission" there,
and that assignment adds 0 to the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from autograder.outputs.rows import GRADED, NO_SUBMISSION, GradebookError, GradeRow, csv_text, natural
from autograder.points import format_points

__all__ = ["FILE", "AssignmentRows", "course_grades_csv"]

FILE = "course-grades.csv"


@dataclass(frozen=True)
class AssignmentRows:
    """One assignment's gradebook rows, as its own grading folder has them."""

    id: str
    exercises: tuple[str, ...]
    max_score: float
    rows: tuple[GradeRow, ...]


def course_grades_csv(assignments: Sequence[AssignmentRows]) -> str:
    """The students of every assignment, in natural id order, each assignment's columns in turn."""
    ids = [a.id for a in assignments]
    if len(set(ids)) != len(ids):
        raise GradebookError(f"assignments={ids!r} lists an assignment twice; give each assignment's folder once")
    header = ["student_id", "name"]
    for assignment in assignments:
        header += [*assignment.exercises, f"{assignment.id} total", f"{assignment.id} status"]
    header += ["total", "max"]
    if len(set(header)) != len(header):
        raise GradebookError(f"two assignments share an exercise or a column name ({', '.join(ids)}); each column must be named once")
    by_assignment = [{row.student_id: row for row in assignment.rows} for assignment in assignments]
    students = sorted({student for rows in by_assignment for student in rows}, key=natural)
    table = [header]
    for student in students:
        found = [rows.get(student) for rows in by_assignment]
        name = next((row.name for row in found if row is not None and row.name), "")
        cells, total = [student, name], 0.0
        for assignment, row in zip(assignments, found):
            if row is None:
                cells += [""] * len(assignment.exercises) + ["", NO_SUBMISSION]
                continue
            graded = row.status == GRADED
            cells += [format_points(row.points[e]) if graded and e in row.points else "" for e in assignment.exercises]
            cells += [format_points(row.total) if graded else "", row.status]
            total += row.total if graded else 0.0
        cells += [format_points(total), format_points(sum(a.max_score for a in assignments))]
        table.append(cells)
    return csv_text(table)
