"""Read a student's notebook into the code the worker runs, cell by cell.

Parsed here, in the grader, with nbformat (old formats are upgraded to v4). Only the code
the student wrote or was given runs: nbgrader's autograder test cells and the kit's check
and plot cells are left out, and IPython-only lines (`%magic`, `!shell`) become comments, since the
worker is plain Python.

Cells of a released notebook carry their exercise in `metadata.autograder.exercise`; the
worker runs each exercise's cells in a namespace of its own, exactly like separate files
(so exercise 04's ready-made `relu` cannot stand in for the student's `relu` of 03). Cells
of a notebook made some other way all share one namespace.
"""

from __future__ import annotations

import json

from autograder.errors import AutogradeError

__all__ = ["NotebookError", "code_cells", "MAX_CELLS", "MAX_SOURCE"]

# The kit's own read-only cells: the check cell and the plot cell (a picture, never graded).
KIT_CELL_TAGS = {"autograder-check", "autograder-plot"}
MAX_CELLS = 500
MAX_SOURCE = 200_000  # characters of code in all cells together


class NotebookError(AutogradeError):
    """The notebook cannot be read; the message says why, for the student."""


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution"):
        return True  # an nbgrader autograder-test cell
    return bool(KIT_CELL_TAGS & set(cell.get("metadata", {}).get("tags", [])))


def _plain_python(source: str) -> str:
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            indent = line[: len(line) - len(stripped)]
            lines.append(f"{indent}pass  # IPython only: {stripped[:80]}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _section(cell) -> str | None:
    tag = cell.get("metadata", {}).get("autograder", {})
    label = tag.get("exercise") if isinstance(tag, dict) else None
    return label if isinstance(label, str) and label else None


def code_cells(data: bytes) -> list[tuple[str | None, str]]:
    """(exercise or None, code) for each cell to run, in notebook order.

    Raises NotebookError if the file is not a readable notebook. An untagged cell belongs
    to the exercise of the tagged cell before it (None before any tag).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError("the notebook is not UTF-8 text; save it again from Jupyter") from None
    import nbformat  # only when a notebook is graded: importing it costs seconds (jsonschema)

    try:
        notebook = nbformat.reads(text, as_version=4)
    except (json.JSONDecodeError, ValueError) as exc:
        raise NotebookError(f"the notebook is not valid JSON ({str(exc)[:120]}); download it again from Jupyter with File > Download") from None
    except Exception as exc:  # nbformat raises several kinds for unreadable structures
        raise NotebookError(f"the notebook could not be read ({type(exc).__name__}); save it again from Jupyter") from None
    cells = []
    total = 0
    section = None
    for cell in notebook.get("cells", []):
        section = _section(cell) or section
        if cell.get("cell_type") != "code" or _is_test_cell(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        total += len(source)
        if len(cells) >= MAX_CELLS or total > MAX_SOURCE:
            raise NotebookError(f"the notebook is too large to grade (more than {MAX_CELLS} cells or {MAX_SOURCE} characters of code)")
        cells.append((section, _plain_python(source)))
    return cells
