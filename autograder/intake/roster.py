"""Read the class roster: who should have submitted, with the names and ids the LMS knows.

The roster is a CSV file with a header row. Column names are matched without regard to case,
spaces, underscores or hyphens, so an LMS export works as it is:

| field   | accepted column names                                              |
|---------|--------------------------------------------------------------------|
| id      | id, student id, user id, participant (required)                    |
| name    | name, student, full name, student name, sortable name              |
|         | or first name + last name / surname, joined as "First Last"        |
| email   | email, email address, e-mail                                       |
| sis_id  | sis id, sis user id, id number, student number                     |
| section | section, sections                                                  |
| extension_days | extension days, extension, extra days (days added to every due date) |

A Canvas gradebook export can serve as a roster: its "Points Possible" and posting-policy
rows (no id) are skipped. A semicolon-separated file (Excel in many locales) is detected
from the header line.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass

from autograder.errors import AutogradeError

__all__ = ["RosterEntry", "RosterError", "read_roster", "parse_roster"]


class RosterError(AutogradeError):
    """The roster file cannot be used; the message says which line and what to change."""


@dataclass(frozen=True)
class RosterEntry:
    id: str
    name: str = ""
    email: str = ""
    sis_id: str = ""
    section: str = ""
    extension_days: float = 0.0  # a standing extension on every assignment (intake/extensions.py)


_ALIASES = {
    "id": ("id", "student id", "user id", "userid", "participant", "participant id"),
    "name": ("name", "student", "full name", "student name", "sortable name", "fullname"),
    "email": ("email", "email address", "e mail", "e mail address", "mail"),
    "sis_id": ("sis id", "sis user id", "id number", "idnumber", "student number"),
    "section": ("section", "sections"),
    "extension_days": ("extension days", "extension", "extra days"),
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
}


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


_FIELD_OF = {_normal(alias): field for field, names in _ALIASES.items() for alias in names}
_POINTS_POSSIBLE = re.compile(r"Points Possible", re.IGNORECASE)


def read_roster(path: str | os.PathLike) -> list[RosterEntry]:
    """The roster entries of a CSV file, in file order."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise RosterError(f"{name}: no such roster file; export the class list from the LMS as CSV") from None
    except OSError as error:
        raise RosterError(f"{name}: cannot read the roster ({error.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterError(
            f"{name}: not UTF-8 text (byte {error.start}); save the roster as 'CSV UTF-8'"
        ) from None
    return parse_roster(text, source=name)


def parse_roster(text: str, *, source: str = "roster") -> list[RosterEntry]:
    """Parse roster CSV text; `source` names the file in error messages."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(rows, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(rows, None)
        if header is None:
            raise RosterError(f"{source}: the roster is empty; it needs a header row with an 'id' column")
        columns = _columns(header, source)
        entries: list[RosterEntry] = []
        seen: dict[str, int] = {}
        for row in rows:
            line = rows.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            value = _Cells(cells, columns)
            student_id = value("id")
            if not student_id:
                if _POINTS_POSSIBLE.search(cells[0]) or not (value("name") or value("email")):
                    continue  # an LMS export's points-possible or posting-policy row
                raise RosterError(
                    f"{source}, line {line}: the id cell is empty; fill in the student's id "
                    f"or delete the row"
                )
            if student_id in seen:
                raise RosterError(
                    f"{source}, line {line}: id {student_id!r} already appears on line "
                    f"{seen[student_id]}; each student must appear once"
                )
            seen[student_id] = line
            name = value("name")
            if not name and ("first" in columns or "last" in columns):
                name = " ".join(part for part in (value("first"), value("last")) if part)
            entries.append(
                RosterEntry(
                    id=student_id,
                    name=name,
                    email=value("email"),
                    sis_id=value("sis_id"),
                    section=value("section"),
                    extension_days=_days(value("extension_days"), f"{source}, line {line}"),
                )
            )
    except csv.Error as error:
        raise RosterError(f"{source}, line {rows.line_num}: not valid CSV ({error})") from None
    return entries


def _days(cell: str, where: str) -> float:
    """The roster's extension_days cell: blank is none; anything else a number of days >= 0."""
    if not cell:
        return 0.0
    try:
        days = float(cell)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or days < 0:
        raise RosterError(f"{where}: extension_days = {cell!r} is not a number of days; write e.g. 2 (or 1.5), or leave it blank")
    return days


class _Cells:
    """One row's cells looked up by field name; a short row reads as blank cells."""

    def __init__(self, cells: list[str], columns: dict[str, int]):
        self.cells, self.columns = cells, columns

    def __call__(self, field: str) -> str:
        index = self.columns.get(field)
        return self.cells[index] if index is not None and index < len(self.cells) else ""


def _columns(header: list[str], source: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _FIELD_OF.get(_normal(cell))
        if field is None:
            continue
        if field in columns:
            raise RosterError(
                f"{source}: columns {header[columns[field]]!r} and {cell!r} both look like the "
                f"{field} column; rename or delete one of them"
            )
        columns[field] = index
    if "id" not in columns:
        found = ", ".join(repr(cell) for cell in header if cell.strip()) or "none"
        raise RosterError(
            f"{source}: no student id column (found columns: {found}); add a column named 'id' "
            f"holding the id the LMS uses for each student (Canvas user id, Moodle participant "
            f"number, ...) or rename the existing one"
        )
    return columns
