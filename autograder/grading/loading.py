"""Loading a submitted notebook for the exercises that have no .py file: which cells define
which function, and how a cell that failed is worded for the functions it defines."""

from __future__ import annotations

import re
from dataclasses import replace


from autograder.grading.catalog import Plan
from autograder.render.messages import load_failure_message
from autograder.grading.notebooks import NotebookError, code_cells
from autograder.isolation.records import LoadResult
from autograder.isolation.session import Session

__all__ = ["notebook_loads"]


def notebook_loads(plan: Plan, session: Session, files: dict[str, bytes], notes: list[str]) -> tuple[str | None, dict]:
    """Run the submitted notebook for the exercises that have no .py file; LoadResult per exercise."""
    notebooks = sorted(name for name in files if name.lower().endswith(".ipynb"))
    needed = [m.exercise for m in plan.materials if m.exercise.file not in files]
    if not notebooks or not needed or session is None:
        return None, {}
    name = notebooks[0]
    if len(notebooks) > 1:
        notes.append(f"Several notebooks were submitted; {name} was graded, {', '.join(notebooks[1:])} ignored.")
    try:
        cells = code_cells(files[name])
    except NotebookError as exc:
        failed = LoadResult(ok=False, outcome="error", error={"type": "NotebookError", "message": str(exc), "traceback": []})
        notes.append(f"{name} could not be read: {exc}")
        return name, {e.name: failed for e in needed}
    loaded = session.load_notebook(cells, {e.name: [(f.name, len(f.params)) for f in e.functions] for e in needed})
    limits = plan.course.grading.limits
    texts = {index: _cell_failure(name, index, error, limits) for index, error in loaded.cell_errors.items()}
    notes.extend(texts[index] for index in sorted(texts))
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
                    functions[function] = {"present": False, "cell_outcome": outcome, "cell_message": texts[index]}
            result = replace(result, functions=functions)
        results[exercise] = result
    return name, results


def _cell_failure(notebook: str, index: int, error: dict, limits) -> str:
    if error.get("type") in ("timeout", "crashed"):
        return load_failure_message(f"{notebook}, cell {index + 1},", error["type"], error, limits).replace(" did not finish loading", " did not finish running")
    trace = "\n".join(error.get("traceback") or [])
    return f"{notebook}, cell {index + 1} raised {error.get('type')}: {error.get('message')}" + (f"\n{trace}" if trace else "")


def _defining_cell(function: str, cells: list[tuple[str | None, str]], failed: dict) -> int | None:
    """The last failed cell whose text defines `function` (a def at the start of a line)."""
    pattern = re.compile(rf"^\s*def\s+{re.escape(function)}\s*\(", re.MULTILINE)
    found = [index for index in failed if 0 <= index < len(cells) and pattern.search(cells[index][1])]
    return max(found) if found else None


