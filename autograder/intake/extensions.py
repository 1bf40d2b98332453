"""Extensions: a later due date for one student, read and checked before anyone is graded.

Two sources, the more specific one winning for a student:

* the roster's `extension_days` column: days added to every assignment's due date (a standing
  accommodation);
* an `extensions.csv` (`grade --extensions FILE`), one row per grant, with a header:

  | column     | holds                                                                  |
  |------------|------------------------------------------------------------------------|
  | id         | the student's id, as in the roster and the submissions (required)      |
  | assignment | a course.toml assignment id; blank: every assignment                   |
  | due        | the new due date, `2026-12-16T23:59:00Z`, `2026-12-16 23:59` or `2026-12-16` |
  | days       | or the days added to the assignment's due date, e.g. `2` or `1.5`     |
  | reason     | why, for the instructor's record (students are told the date, not the reason) |

  A row naming this assignment replaces a row for every assignment, which replaces the roster's
  days (as a per-student override does in Canvas). A date without a time takes the course due
  date's time of day, and a time without a zone the course due date's zone (UTC when none).

The late policy then runs unchanged against the effective due date: the grace period, the
penalty per started day and its cap all count from it. With an extension and no submission time
known, the LMS's late flag is not counted: the LMS computed it against the original due date.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from difflib import get_close_matches
from typing import Iterable

from autograder.course import Assignment
from autograder.errors import AutogradeError
from autograder.intake.lateness import LatePolicy, Lateness, assess

__all__ = ["EXTENSIONS", "Extension", "ExtensionError", "ExtensionRow", "extensions_for", "late_facts", "parse_extensions", "read_extensions"]

EXTENSIONS = "extensions.csv"


class ExtensionError(AutogradeError):
    """An extension cannot be used; the message names the file, the row and the fix."""


@dataclass(frozen=True)
class ExtensionRow:
    """One grant as written: a new due date or extra days, for one assignment or all (None)."""

    student: str
    assignment: str | None
    due: datetime | date | None  # a date alone takes the course due date's time of day
    days: float | None
    reason: str
    where: str  # "extensions.csv, row 3": for messages and the record


@dataclass(frozen=True)
class Extension:
    """One student's effective due date for one assignment, and where it came from."""

    student: str
    due: datetime  # timezone-aware
    days: float | None = None  # the extra days, when the grant was given in days
    reason: str = ""
    source: str = ""

    def facts(self, *, late_flag_ignored: bool = False) -> dict:
        """What results.json keeps (`extra["extension"]`); render words it."""
        return {
            "due": self.due.isoformat(),
            "days": self.days,
            "reason": self.reason,
            "source": self.source,
            "late_flag_ignored": late_flag_ignored,
        }


_COLUMNS = {
    "id": ("id", "student", "student id", "user id", "participant"),
    "assignment": ("assignment", "assignment id"),
    "due": ("due", "new due", "due date", "new due date"),
    "days": ("days", "extra days", "extension days", "extension"),
    "reason": ("reason", "why", "note"),
}
_FIELD_OF = {alias: column for column, aliases in _COLUMNS.items() for alias in aliases}


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


def read_extensions(path: str | os.PathLike, *, assignments: Iterable[str]) -> list[ExtensionRow]:
    """The rows of an extensions.csv, checked against the course's assignment ids."""
    name = os.fspath(path)
    try:
        data = open(name, "rb").read()
    except FileNotFoundError:
        raise ExtensionError(f"{name}: no such extensions file; write one with the columns id, assignment, due or days, reason") from None
    except OSError as error:
        raise ExtensionError(f"{name}: cannot read the extensions ({error.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtensionError(f"{name}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'") from None
    return parse_extensions(text, source=os.path.basename(name) or name, assignments=assignments)


def parse_extensions(text: str, *, source: str = EXTENSIONS, assignments: Iterable[str]) -> list[ExtensionRow]:
    """Parse extensions.csv text; `source` names the file in messages."""
    known = list(assignments)
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(rows, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ExtensionError(f"{source}: empty; it needs a header row: id,assignment,due,days,reason")
        columns = _columns(header, source)
        found: list[ExtensionRow] = []
        seen: dict[tuple[str, str | None], str] = {}
        for row in rows:
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            where = f"{source}, row {rows.line_num}"

            def cell(column: str) -> str:
                index = columns.get(column)
                return cells[index] if index is not None and index < len(cells) else ""

            student = cell("id")
            if not student:
                raise ExtensionError(f"{where}: the id cell is empty; fill in the student's id or delete the row")
            assignment = cell("assignment") or None
            if assignment is not None and assignment not in known:
                close = get_close_matches(assignment, known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ExtensionError(
                    f"{where}: assignment {assignment!r} is not in course.toml; {hint}the assignments are {', '.join(known) or 'none'} "
                    f"(leave the cell blank for every assignment)"
                )
            due_text, days_text = cell("due"), cell("days")
            if due_text and days_text:
                raise ExtensionError(f"{where}: both due ({due_text!r}) and days ({days_text!r}) are given; keep one of them")
            if not due_text and not days_text:
                raise ExtensionError(f"{where}: neither due nor days is given; write a new due date such as 2026-12-16T23:59:00Z, or days such as 2")
            key = (student, assignment)
            if key in seen:
                raise ExtensionError(f"{where}: {student!r} already has an extension{' for ' + assignment if assignment else ''} in {seen[key]}; keep one row")
            seen[key] = where
            found.append(
                ExtensionRow(
                    student=student,
                    assignment=assignment,
                    due=_due(due_text, where) if due_text else None,
                    days=_days(days_text, where) if days_text else None,
                    reason=" ".join(cell("reason").split()),
                    where=where,
                )
            )
    except csv.Error as error:
        raise ExtensionError(f"{source}, row {rows.line_num}: not valid CSV ({error})") from None
    return found


def _columns(header: list[str], source: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        if not cell.strip():
            continue
        column = _FIELD_OF.get(_normal(cell))
        if column is None:
            close = get_close_matches(_normal(cell), list(_FIELD_OF), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ExtensionError(f"{source}: unknown column {cell!r}; {hint}the columns are id, assignment, due, days, reason")
        if column in columns:
            raise ExtensionError(f"{source}: columns {header[columns[column]]!r} and {cell!r} are both the {column} column; keep one")
        columns[column] = index
    if "id" not in columns:
        raise ExtensionError(f"{source}: no id column; the header must name id and due or days, e.g. id,assignment,due,days,reason")
    if "due" not in columns and "days" not in columns:
        raise ExtensionError(f"{source}: neither a due nor a days column; add one, e.g. id,assignment,due,days,reason")
    return columns


def _due(text: str, where: str) -> datetime | date:
    value = text.replace(" ", "T", 1) if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?.*", text) else text
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ExtensionError(
            f"{where}: due {text!r} is not a date; write it as 2026-12-16T23:59:00Z (a time zone), 2026-12-16 23:59 "
            f"(the course due date's zone) or 2026-12-16 (the course due date's time of day)"
        ) from None


def _days(text: str, where: str) -> float:
    try:
        days = float(text)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or days <= 0:
        raise ExtensionError(f"{where}: days {text!r} is not a number of days above 0; write e.g. 2 or 1.5")
    return days


def extensions_for(
    assignment: Assignment | None,
    rows: Iterable[ExtensionRow] = (),
    roster: Iterable = (),
    *,
    roster_source: str = "roster",
    students: Iterable[str] | None = None,
) -> dict[str, Extension]:
    """Each student's effective extension for `assignment`: its own row, else a row for every
    assignment, else the roster's extension_days. `students`, when given, are the ids known
    (the roster, or the submissions): a row naming anyone else is refused."""
    rows = list(rows)
    if students is not None:
        known = set(students)
        for row in rows:
            if row.student not in known:
                close = get_close_matches(row.student, sorted(known), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ExtensionError(
                    f"{row.where}: no student {row.student!r} in the roster or the submissions; {hint}"
                    f"use the id the roster and the LMS use (with no roster, pass --roster so students who have not submitted yet are known)"
                )
    chosen: dict[str, tuple[int, Extension]] = {}
    for entry in roster or ():
        if getattr(entry, "extension_days", 0):
            days = entry.extension_days
            chosen[entry.id] = (0, _granted(entry.id, assignment, None, days, "", f"{roster_source} (extension_days)"))
    for row in rows:
        if row.assignment is not None and (assignment is None or row.assignment != assignment.id):
            continue
        rank = 2 if row.assignment is not None else 1
        if chosen.get(row.student, (0,))[0] < rank:
            chosen[row.student] = (rank, _granted(row.student, assignment, row.due, row.days, row.reason, row.where))
    return {student: extension for student, (_, extension) in sorted(chosen.items())}


def _granted(student: str, assignment: Assignment | None, due, days: float | None, reason: str, where: str) -> Extension:
    original = assignment.due if assignment else None
    zone = original.tzinfo if original is not None else timezone.utc
    if days is not None:
        if original is None:
            raise ExtensionError(
                f"{where}: {student!r} gets {days:g} extra days, but the assignment has no due date; "
                f"set `due` for it in course.toml, or give the new due date instead of days"
            )
        return Extension(student, original + timedelta(days=days), days=days, reason=reason, source=where)
    if not isinstance(due, datetime):  # a date alone: the course due date's time of day
        due = datetime.combine(due, original.timetz() if original is not None else time(23, 59, tzinfo=timezone.utc))
    if due.tzinfo is None or due.utcoffset() is None:
        due = due.replace(tzinfo=zone)
    return Extension(student, due, reason=reason, source=where)


def late_facts(
    *,
    submitted_at: datetime | None,
    late_flag: bool,
    assignment: Assignment | None,
    policy: LatePolicy,
    max_score: float,
    extension: Extension | None = None,
) -> dict:
    """The lateness keys of a result's `extra`: the policy's verdict against the effective due
    date, and the extension as facts when there is one (no key at all otherwise)."""
    due = extension.due if extension is not None else (assignment.due if assignment else None)
    # With an extension the LMS's flag says nothing: it was computed against the original due date.
    ignored = extension is not None and late_flag and submitted_at is None
    verdict: Lateness = assess(submitted_at=submitted_at, late_flag=late_flag and not ignored, due=due, policy=policy, max_score=max_score)
    facts = {"lateness": verdict.reason, "late": verdict.late, "late_penalty": verdict.penalty}
    if extension is not None:
        facts["extension"] = extension.facts(late_flag_ignored=ignored)
    return facts

