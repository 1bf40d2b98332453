"""A grading folder's adjustments.csv for the commands: read, stamped once, written back.

Rows written by hand without `by` or `at` get them the first time any command reads the file
(who ran it, the time then), and the file is written back at once: from then on every run reads
the same facts and writes the same bytes.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone
from pathlib import Path

from autograder.adjustments import ADJUSTMENTS, Adjustment, adjustments_csv, read_adjustments, stamp
from autograder.course import Course
from autograder.files import write_atomic

__all__ = ["current_user", "load_trail", "save_trail"]


def current_user() -> str:
    """Who is recording: $USER (or the login name), "instructor" when neither is known."""
    try:
        return os.environ.get("USER") or getpass.getuser() or "instructor"
    except (OSError, KeyError):
        return "instructor"


def load_trail(course: Course, out_dir: Path, *, by: str | None = None, now: datetime | None = None) -> tuple[list[Adjustment], bool]:
    """DIR/adjustments.csv's adjustments (none without the file), rows without who or when
    stamped; True when some were, for the caller to `save_trail` once nothing can fail."""
    adjustments = read_adjustments(out_dir, course)
    if all(a.by and a.at for a in adjustments):
        return adjustments, False
    return stamp(adjustments, by=by or current_user(), now=now or datetime.now(timezone.utc)), True


def save_trail(course: Course, out_dir: Path, adjustments: list[Adjustment]) -> None:
    write_atomic(Path(out_dir) / ADJUSTMENTS, adjustments_csv(adjustments, course))
