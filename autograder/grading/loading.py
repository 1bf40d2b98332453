"""Loading a submitted notebook for the exercises that have no .py file: which cells define
which function, and which failed cell stands for a function it did not define."""

from __future__ import annotations

import re
from dataclasses import replace


from autograder.grading.catalog import Plan
from autograder.grading.notebooks import NotebookError, code_cells
from autograder.isolation.records import LoadResult
from autograder.results import Note
from autograder.isolation.session import Session

__all__ = ["notebook_loads"]


def notebook_loads(plan: Plan, session: Session, files: dict[str, bytes], notes: list[Note]) -> tuple[str | None, dict]:
    """Run the submitted notebook for the exercises that have no .py file; LoadResult per exercise."""
    notebooks = sorted(name for name in files if name.lower().endswith(".ipynb"))
    needed = [m.exercise for m in plan.materials if m.exercise.file not in files]
    if not notebooks or not needed or session is None:
        return None, {}
    name = notebooks[0]
    if len(notebooks) > 1:
        notes.append(Note(kind="notebooks_ignored", file=name, others=tuple(notebooks[1:])))
    try:
        cells = code_cells(files[name])
    except NotebookError as exc:
        failed = LoadResult(ok=False, outcome="error", error={"type": "NotebookError", "message": str(exc), "traceback": []})
        notes.append(Note(kind="notebook_unreadable", file=name, raised_message=str(exc)))
        return name, {e.name: failed for e in needed}
    loaded = session.load_notebook(cells, {e.name: [(f.name, len(f.params)) for f in e.functions] for e in needed})
    for index in sorted(loaded.cell_errors):
        error = loaded.cell_errors[index]
        notes.append(
            Note(
                kind="cell_failed",
                file=name,
                cell=index + 1,
                raised=str(error.get("type", "")),
                raised_message=str(error.get("message", "")),
                traceback=tuple(error.get("traceback") or ()),
            )
        )
    results = {}
    for exercise, result in loaded.results.items():
        if result.ok:
            functions = dict(result.functions)
            for function, info in functions.items():
                index = _defining_cell(function, cells, loaded.cell_errors) if not info.get("present") else None
                if index is not None:
                    # The function is absent because its cell failed: read it as the same file would.
                    failed_type = loaded.cell_errors[index].get("type")
                    outcome = failed_type if failed_type in ("timeout", "crashed") else "error"
                    functions[function] = {"present": False, "cell_outcome": outcome, "cell": index + 1, "cell_error": loaded.cell_errors[index]}
            result = replace(result, functions=functions)
        results[exercise] = result
    return name, results


def _defining_cell(function: str, cells: list[tuple[str | None, str]], failed: dict) -> int | None:
    """The last failed cell whose text defines `function` (a def at the start of a line)."""
    pattern = re.compile(rf"^\s*def\s+{re.escape(function)}\s*\(", re.MULTILINE)
    found = [index for index in failed if 0 <= index < len(cells) and pattern.search(cells[index][1])]
    return max(found) if found else None


