"""What intake is told (`Wanted`, `IntakeLimits`) and what it returns (`Submission`, `Intake`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from autograder.errors import AutogradeError

__all__ = ["IntakeError", "Wanted", "IntakeLimits", "Submission", "Intake", "STATUSES", "SOURCES", "fingerprint"]

STATUSES = ("ok", "empty", "rejected", "unreadable")
SOURCES = ("canvas", "moodle", "nbgrader", "folder", "file", "zip")

MiB = 1 << 20


class IntakeError(AutogradeError, ValueError):
    """Intake was configured wrongly (a bad `Wanted`, `IntakeLimits` or paths); the message says the fix."""


def _bare_name(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value not in ("", ".", "..")
        and not any(c in value for c in "/\\\x00")
    )


@dataclass(frozen=True)
class Wanted:
    """The files a course takes from a submission.

    files:     accepted file name -> exercise folder, e.g. {"relu.py": "03_relu"}.
    notebook_suffix: any file ending with it is kept under its own name (None: no notebooks).
    notebooks: released notebook names; they only help tell one student's folder from a class.
    assignment: the nbgrader assignment folder to take when a student has several.
    """

    files: Mapping[str, str]
    notebook_suffix: str | None = ".ipynb"
    notebooks: frozenset[str] = frozenset()
    assignment: str | None = None

    def __post_init__(self) -> None:
        files = dict(self.files)
        for name, exercise in files.items():
            if not _bare_name(name):
                raise IntakeError(f"Wanted: files key {name!r} must be a bare file name such as 'relu.py'")
            if not _bare_name(exercise):
                raise IntakeError(
                    f"Wanted: files[{name!r}] = {exercise!r} must be an exercise folder name such as '03_relu'"
                )
        suffix = self.notebook_suffix
        if suffix is not None and not (isinstance(suffix, str) and suffix.startswith(".") and _bare_name(suffix[1:])):
            raise IntakeError(f"Wanted: notebook_suffix={suffix!r} must look like '.ipynb' (or be None)")
        notebooks = frozenset(self.notebooks)
        for name in notebooks:
            if not _bare_name(name):
                raise IntakeError(f"Wanted: notebooks entry {name!r} must be a bare file name such as 'hw3.ipynb'")
        if self.assignment is not None and not _bare_name(self.assignment):
            raise IntakeError(f"Wanted: assignment={self.assignment!r} must be an nbgrader assignment folder name")
        if not files and suffix is None:
            raise IntakeError("Wanted: nothing is wanted; give files={'relu.py': '03_relu', ...} or a notebook_suffix")
        object.__setattr__(self, "files", MappingProxyType(files))
        object.__setattr__(self, "notebooks", notebooks)

    @classmethod
    def of(cls, exercises: Iterable[Any], **options: Any) -> Wanted:
        """Build from exercise records that have `.name` ("03_relu") and `.file` ("relu.py")."""
        return cls(files={e.file: e.name for e in exercises}, **options)

    @property
    def exercises(self) -> frozenset[str]:
        return frozenset(self.files.values())

    def is_notebook(self, name: str) -> bool:
        suffix = self.notebook_suffix
        return suffix is not None and len(name) > len(suffix) and name.lower().endswith(suffix.lower())

    def wants(self, name: str) -> bool:
        return name in self.files or self.is_notebook(name)


@dataclass(frozen=True)
class IntakeLimits:
    """Caps that keep hostile uploads from exhausting memory; every one names itself when it bites.

    max_total_bytes: bytes decompressed or read for one submission (its files and nested zips).
    max_file_bytes:  size of one kept file.
    max_entries:     entries in one zip, and files and folders looked at for one submission.
    max_zip_depth:   zips inside zips: 1 is a zip, 2 a zip inside it.
    max_ratio:       uncompressed/compressed size of a zip entry (judged past 1 MiB).
    """

    max_total_bytes: int = 64 * MiB
    max_file_bytes: int = 2 * MiB
    max_entries: int = 2000
    max_zip_depth: int = 2
    max_ratio: float = 100.0

    def __post_init__(self) -> None:
        for key in ("max_total_bytes", "max_file_bytes", "max_entries", "max_zip_depth"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise IntakeError(f"IntakeLimits: {key}={value!r} must be a whole number >= 1")
        if isinstance(self.max_ratio, bool) or not isinstance(self.max_ratio, (int, float)) or not self.max_ratio >= 1:
            raise IntakeError(f"IntakeLimits: max_ratio={self.max_ratio!r} must be a number >= 1")


def fingerprint(files: Mapping[str, bytes]) -> str:
    """sha256 over the files sorted by name; lengths are hashed too, so no two file sets collide by concatenation."""
    digest = hashlib.sha256()
    for name in sorted(files):
        encoded = name.encode("utf-8", "surrogatepass")
        content = files[name]
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


@dataclass(frozen=True)
class Submission:
    """One student's submission as found on disk or in an archive; nothing of it has been run."""

    student_id: str  # LMS id (Canvas user id, Moodle participant id, nbgrader student) or file/folder stem
    name: str | None  # display name where the LMS gives one
    source: str  # one of SOURCES
    origin: str  # where it came from, for messages: a path, or "class.zip!member/…"
    late: bool  # the LMS's own late flag (Canvas "_late_")
    submitted_at: datetime | None  # timezone-aware, only where the format records it (nbgrader)
    files: Mapping[str, bytes] = field(hash=False)  # wanted file name -> content
    problems: tuple[str, ...]  # entries rejected or ignored, for the instructor
    status: str  # one of STATUSES
    attempt: int  # resubmission number where the LMS tells (Canvas "-N"), else 0
    fingerprint: str = ""  # sha256 of the files; computed when left empty

    def __post_init__(self) -> None:
        files = {name: bytes(self.files[name]) for name in sorted(self.files)}
        object.__setattr__(self, "files", MappingProxyType(files))
        object.__setattr__(self, "problems", tuple(self.problems))
        if self.status not in STATUSES:
            raise IntakeError(f"Submission: status={self.status!r} must be one of {STATUSES}")
        if self.source not in SOURCES:
            raise IntakeError(f"Submission: source={self.source!r} must be one of {SOURCES}")
        if self.submitted_at is not None and self.submitted_at.utcoffset() is None:
            raise IntakeError(f"Submission: submitted_at={self.submitted_at!r} must be timezone-aware")
        if not self.fingerprint:
            object.__setattr__(self, "fingerprint", fingerprint(files))


@dataclass(frozen=True)
class Intake:
    """Everything found in the given paths: one submission per student, sorted by student_id."""

    submissions: tuple[Submission, ...]
    superseded: tuple[Submission, ...] = ()  # older or duplicate submissions that lost to a newer one
    problems: tuple[str, ...] = ()  # paths or entries that belong to no student, or could not be read at all
    warnings: tuple[str, ...] = ()  # what looks like one student speaking for another, or one student twice

    def get(self, student_id: str) -> Submission | None:
        for submission in self.submissions:
            if submission.student_id == student_id:
                return submission
        return None

    @property
    def student_ids(self) -> tuple[str, ...]:
        return tuple(s.student_id for s in self.submissions)
