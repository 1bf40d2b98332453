"""Gradebook outputs: the class's grades as CSV for people, Canvas and Moodle, plus a summary.

One module per file (`grades`, `canvas`, `moodle`, each with `FILE` and `text(rows, info)`,
listed in `WRITERS`: a new LMS is one module and one line), the rows they share in `rows`,
`summary` for summary.json. This module is their face and the only writer to disk.

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

import json
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from autograder.files import write_atomic
from autograder.outputs import canvas, grades, moodle
from autograder.outputs.canvas import canvas_csv
from autograder.outputs.course_grades import AssignmentRows, course_grades_csv
from autograder.outputs.grades import grades_csv
from autograder.outputs.moodle import moodle_csv
from autograder.outputs.rows import GRADED, NO_SUBMISSION, REJECTED, CourseInfo, GradebookError, GradeRow, neutralise, rows_from_results
from autograder.outputs.rows import course_info as make_course_info
from autograder.outputs.summary import summary_json
from autograder.points import format_points

__all__ = [
    "GRADED",
    "neutralise",
    "NO_SUBMISSION",
    "REJECTED",
    "AssignmentRows",
    "CourseInfo",
    "GradeRow",
    "GradebookError",
    "WRITERS",
    "canvas_csv",
    "format_points",
    "grades_csv",
    "moodle_csv",
    "rows_from_results",
    "summary_json",
    "write_all",
    "write_course_grades",
]

# Every LMS file, in the order written: each a module with FILE and text(rows, info) -> str | None.
WRITERS = (grades, canvas, moodle)


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
    info = course_info if isinstance(course_info, CourseInfo) else make_course_info(course_info)
    files = {}
    for writer in WRITERS:
        text = writer.text(rows, info)
        if text is not None:
            files[writer.FILE] = text
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


def write_course_grades(path: str | os.PathLike, assignments: Sequence[AssignmentRows]) -> Path:
    """Write course-grades.csv (several assignments side by side) to `path`, atomically."""
    target = Path(path)
    text = course_grades_csv(assignments)  # built before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return target
