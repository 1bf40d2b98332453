"""The one error base the command line catches: every domain error says what to do next.

Each boundary keeps its own subclass (CourseError, RosterError, GradebookError...), so a
caller can still catch one kind; `cli.main` catches `AutogradeError` once and prints it.
"""

from __future__ import annotations

__all__ = ["AutogradeError"]


class AutogradeError(Exception):
    """A problem the user can fix (a file, a key, an argument); printed without a traceback."""
