"""Why a grading folder has no similarity hints: a fact for render to word."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIBRARY_MISSING", "NOTHING_KEPT", "Unavailable"]

LIBRARY_MISSING = "library-missing"  # copydetect (the `similarity` extra) is not installed
NOTHING_KEPT = "nothing-kept"  # no student's files are kept in the folder (graded before they were)


@dataclass(frozen=True)
class Unavailable:
    reason: str  # LIBRARY_MISSING or NOTHING_KEPT
