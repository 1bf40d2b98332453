"""The check cell of a released notebook: an exercise's public checks on the code the student ran.

`check("03_relu")` grades, in the kit's confined worker and with the public checks only, the
cells of that exercise as the kernel last ran them: the saved notebook gives the cells and
their exercise tags, and each kit-made cell that was run since is taken from the kernel's
input history instead (the student need not save first). Without a saved notebook it uses
the history alone; without IPython, the saved file alone. The result shows as HTML in
Jupyter and as the terminal check's text elsewhere.

Every code cell the kit writes starts with a marker line naming its exercise,
`# [03_relu] Your code (relu.py): ...`; that line is how a history entry finds its cell.
"""

from __future__ import annotations

import atexit
import copy
import os
import re
from pathlib import Path

import nbformat

from autograder.course import Course, CourseError, find_course_root, load

__all__ = ["check", "CheckReport", "cell_marker", "marker_exercise", "executed_notebook", "COURSE_ENV"]

COURSE_ENV = "AUTOGRADER_COURSE"  # a course folder to use when none is found above the notebook
MARKER = re.compile(r"^#\s*\[(?P<exercise>[^\]\s]+)\]")
KIT_IMPORT = re.compile(r"^\s*from\s+autograder[.\w]*\s+import\s", re.M)
SHOWN_AS = "notebook.ipynb"  # the name the grader sees when no saved notebook was found
HTML_FORMAT = (
    '<pre style="font-family:Menlo,\'DejaVu Sans Mono\',Consolas,monospace;font-size:90%;'
    'line-height:1.35;white-space:pre-wrap;margin:0">{code}</pre>'
)


def cell_marker(exercise: str, text: str) -> str:
    """The first line of a kit-made code cell: `# [03_relu] text`."""
    return f"# [{exercise}] {text}"


def marker_exercise(source: str) -> str | None:
    """The exercise a code cell's marker line names, or None for a cell without one."""
    match = MARKER.match(source.lstrip("\n"))
    return match.group("exercise") if match else None


def _key(source: str) -> str | None:
    """A kit-made cell's identity: its marker line."""
    if marker_exercise(source) is None:
        return None
    return source.lstrip("\n").splitlines()[0].strip()


def _label(line: str) -> str:
    """How a note names a cell: its marker up to the colon, else its first 60 characters."""
    line = line.strip()
    if marker_exercise(line) and ":" in line:
        return line.split(":", 1)[0]  # "# [03_relu] Your code (relu.py)"
    return line if len(line) <= 60 else line[:59] + "…"


def _is_kit_cell(source: str) -> bool:
    """A check or grading cell: it calls the kit and is never part of the student's code."""
    return bool(KIT_IMPORT.search(source))


def _section(cell, current: str | None) -> str | None:
    tag = cell.get("metadata", {}).get("autograder", {})
    label = tag.get("exercise") if isinstance(tag, dict) else None
    return label if isinstance(label, str) and label else current


def executed_notebook(exercise: str, *, saved: bytes | None, history: list[str] | None) -> tuple[bytes, list[str]]:
    """A notebook of what to grade for `exercise`, and notes for the student.

    Cells come from `saved` (the notebook file) when it can be read: the exercise's cells and
    the untagged cells before the first exercise, each kit-made cell replaced by its latest
    run from `history` (IPython's raw input, oldest first). Without `saved`, the latest run of
    each kit-made cell of the exercise is taken from `history`, in the order first run.
    """
    latest: dict[str, str] = {}
    for source in history or ():
        key = _key(source) if isinstance(source, str) else None
        if key is not None and not _is_kit_cell(source):
            latest[key] = source
    notes: list[str] = []
    notebook = None
    if saved is not None:
        try:
            notebook = nbformat.reads(saved.decode("utf-8"), as_version=4)
        except Exception as exc:  # nbformat raises several kinds for unreadable files
            notes.append(f"The saved notebook could not be read ({type(exc).__name__}); checked the cells you ran instead.")
    cells = []
    if notebook is not None:
        section = None
        for cell in notebook.cells:
            section = _section(cell, section)
            if section not in (None, exercise) or cell.get("cell_type") != "code":
                continue
            cell = copy.deepcopy(cell)
            key = _key(cell.source)
            ran = latest.get(key) if key else None
            if ran is not None and ran.rstrip() != cell.source.rstrip():
                cell.source = ran
                notes.append(
                    f"You ran a changed version of the cell “{_label(key)}” that is not saved yet; this check used what you ran. "
                    "Save the notebook before you submit: the saved file is what gets graded."
                )
            cells.append(cell)
    else:
        for key, source in latest.items():
            if marker_exercise(key) == exercise:
                cells.append(nbformat.v4.new_code_cell(source, metadata={"autograder": {"exercise": exercise}}))
    result = nbformat.v4.new_notebook(cells=cells)
    for index, cell in enumerate(result.cells):
        cell["id"] = f"cell-{index + 1}"
    return nbformat.writes(result).encode("utf-8"), notes


class CheckReport:
    """One check's outcome: `_repr_html_` for Jupyter, the terminal check's text as repr."""

    def __init__(self, text: str, html: str, *, passed: bool, result=None):
        self.text, self.html, self.passed, self.result = text, html, passed, result

    @classmethod
    def of(cls, result, course: Course) -> "CheckReport":
        from autograder.render.console import render_check
        from rich.console import Console

        out = Console(record=True, width=100, force_terminal=False, force_jupyter=False, highlight=False, file=open(os.devnull, "w"))
        try:
            status = render_check(result, course, out)
            text = out.export_text(clear=False)
            html = out.export_html(inline_styles=True, code_format=HTML_FORMAT)
        finally:
            out.file.close()
        return cls(text.rstrip() + "\n", html, passed=status == 0, result=result)

    @classmethod
    def skipped(cls, why: str) -> "CheckReport":
        import html

        return cls(why + "\n", f"<p>{html.escape(why)}</p>", passed=False)

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html


_RUNNERS: dict = {}
_PLANS: dict = {}


def _runner(course: Course):
    from autograder.isolation.runner import Runner

    runner = _RUNNERS.get(course.grading.limits)
    if runner is not None and runner.process.poll() is not None:
        # Jupyter's "interrupt kernel" signals the kernel's whole process group, the worker server included
        _RUNNERS.pop(course.grading.limits)
        runner.close()
        runner = None
    if runner is None:
        runner = _RUNNERS[course.grading.limits] = Runner(course.grading.limits)
        atexit.register(runner.close)
    return runner


def _plan(course: Course, exercise: str):
    from autograder.grading.catalog import course_digest
    from autograder.grading.plan import make_plan

    key = (str(course.root), exercise, course_digest(course))
    if key not in _PLANS:
        _PLANS[key] = make_plan(course, hidden=False, exercises=(exercise,))
    return _PLANS[key]


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _history(shell) -> list[str] | None:
    """The raw source of every cell the kernel ran, oldest first (magics not yet translated)."""
    if shell is None:
        return None
    raw = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None)
    if raw is None:
        raw = shell.user_ns.get("In")
    return [s for s in raw if isinstance(s, str)] if raw is not None else None


def _notebook_path(name: str | None, shell) -> Path | None:
    """The notebook this kernel runs: Jupyter's session path, VS Code's, else `name` in the working folder."""
    user_ns = shell.user_ns if shell is not None else {}
    candidates = [user_ns.get("__vsc_ipynb_file__"), os.environ.get("JPY_SESSION_NAME"), user_ns.get("__session__"), name]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.endswith(".ipynb") and Path(candidate).is_file():
            return Path(candidate).resolve()
    return None


def _course(course: str | os.PathLike | None, notebook: Path | None) -> Course:
    if course is None:
        course = os.environ.get(COURSE_ENV) or None
    if course is not None:
        return load(Path(course))
    start = notebook.parent if notebook is not None else Path.cwd()
    try:
        return load(find_course_root(start))
    except CourseError:
        raise CourseError(
            f"no course.toml in {start} or any parent folder; open the notebook from the unzipped course folder "
            f"(where course.toml is), or set {COURSE_ENV} to that folder"
        ) from None


def _cell_labels(notebook: bytes) -> tuple[str, ...]:
    """How the student knows each code cell the grader ran (its marker, else its first line):
    the grader counts only the cells it ran, Jupyter shows other numbers."""
    from autograder.grading.notebooks import NotebookError, code_cells

    try:
        return tuple(_label((code.strip().splitlines() or [""])[0]) for _, code in code_cells(notebook))
    except NotebookError:
        return ()


def check(exercise: str, *, notebook: str | None = None, course: str | os.PathLike | None = None) -> CheckReport:
    """Run `exercise`'s public checks on what this kernel ran, in the kit's confined worker.

    `notebook` is the notebook's file name, used when Jupyter does not say which file runs;
    `course` the folder holding course.toml (default: found upward from the notebook).
    """
    mode = os.environ.get("NBGRADER_EXECUTION")
    if mode:
        return CheckReport.skipped(f"Check skipped: nbgrader is running this notebook ({mode}); the grading cells grade it.")
    from autograder.pipeline import grade_files

    shell = _shell()
    path = _notebook_path(notebook, shell)
    loaded = _course(course, path)
    name = loaded.exercise(exercise).name
    saved = path.read_bytes() if path is not None else None
    data, notes = executed_notebook(name, saved=saved, history=_history(shell))
    shown = path.name if path is not None else SHOWN_AS
    runner = _runner(loaded)
    try:
        result = grade_files(_plan(loaded, name), runner, {shown: data}, student="you", cell_labels=_cell_labels(data))
    except BaseException:
        _RUNNERS.pop(loaded.grading.limits, None)
        runner.close()
        raise
    if notes:
        from dataclasses import replace

        result = replace(result, notes=tuple(notes) + result.notes)
    return CheckReport.of(result, loaded)
