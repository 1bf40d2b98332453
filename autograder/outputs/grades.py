"""grades.csv: the teacher's own table, one column per exercise, then totals, lateness, status."""

from __future__ import annotations

from typing import Iterable, Sequence

from autograder.points import format_points
from autograder.outputs.rows import CourseInfo, GradebookError, GradeRow, csv_text

__all__ = ['FILE', 'grades_csv', 'text']

GRADES_FIXED_COLUMNS = ("raw_total", "late_penalty", "total", "max", "late", "status")

def grades_csv(rows: Iterable[GradeRow], exercises: Sequence[str]) -> str:
    """The teacher's grades.csv: one column per exercise, then totals, lateness and status.
    An `adjustment` column (manual adjustments of whole submissions) comes before raw_total
    when a row has one, so the columns still add up to raw_total."""
    exercises = list(exercises)
    rows = list(rows)
    adjusted = any(row.adjustment for row in rows)
    header = ["student_id", "name", *exercises, *(["adjustment"] if adjusted else []), *GRADES_FIXED_COLUMNS]
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
        if adjusted:
            cells.append(format_points(row.adjustment))
        cells += [
            format_points(row.raw_total),
            format_points(row.late_penalty),
            format_points(row.total),
            format_points(row.max_score),
            "yes" if row.late else "no",
            row.status,
        ]
        table.append(cells)
    return csv_text(table)


FILE = "grades.csv"


def text(rows, info: CourseInfo) -> str:
    return grades_csv(rows, info.exercises)
