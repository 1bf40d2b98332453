"""One submission end to end: a confined worker session, the engine's verdicts, their words.

The thin layer between a command or platform and the core: `grading` decides (facts only),
`render.messages.worded` words the record once, here, so every page and LMS file reads the
same text. It writes nothing; `outputs/` writes files.
"""

from __future__ import annotations

from dataclasses import replace

from autograder.grading.engine import Plan, grade_session
from autograder.isolation.runner import Runner
from autograder.render.messages import worded
from autograder.results import Note, SubmissionResult

__all__ = ["grade_files", "unfinished_result"]


def grade_files(plan: Plan, runner: Runner, files: dict[str, bytes], *, student: str, cell_labels: tuple[str, ...] = ()) -> SubmissionResult:
    """Grade the exercise files of one student (file name -> content) in a fresh worker.
    `cell_labels`: how the student names the notebook's code cells (the Jupyter check cell
    knows them), so a note about a cell names it that way instead of by the grader's count."""
    wanted = {m.exercise.file for m in plan.materials}
    chosen = {name: content for name, content in files.items() if name in wanted or name.lower().endswith(".ipynb")}
    if not chosen:
        return worded(grade_session(plan, None, {}, student=student, isolation=runner.isolation), plan.course)
    # Only .py files go into the worker's folder; a notebook's cells travel in the request.
    session = runner.session({n: c for n, c in chosen.items() if n in wanted}, student=student)
    try:
        result = grade_session(plan, session, chosen, student=student)
    finally:
        output = session.close()
    problems = tuple(_labelled(note, cell_labels) for note in result.problems)
    return worded(replace(result, isolation=session.isolation or runner.isolation, output=output, problems=problems), plan.course)


def _labelled(note: Note, cell_labels: tuple[str, ...]) -> Note:
    if note.kind == "cell_failed" and 0 < note.cell <= len(cell_labels) and cell_labels[note.cell - 1]:
        return replace(note, cell_label=cell_labels[note.cell - 1])
    return note


def unfinished_result(plan: Plan, *, student: str, isolation: str = "") -> SubmissionResult:
    """Every check of the course at 0 with outcome "crashed": grading this one submission failed
    (a grader error, a dead grading process, a deadline) and the class goes on without it. The
    reason is the caller's to keep (it is for the instructor, not in the student's notes)."""
    empty = grade_session(plan, None, {}, student=student, isolation=isolation)
    checks = tuple(replace(c, outcome="crashed", score=0.0, stage="unfinished", cause="crashed:unfinished") for c in empty.checks)
    return worded(replace(empty, checks=checks, problems=(Note(kind="unfinished"),)), plan.course)
