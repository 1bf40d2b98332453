"""Grade one submission end to end: materials, a confined worker session, the result.

The thin layer between the CLI (or the class grader) and the engine. It writes nothing;
`outputs.py` writes files.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from autograder.grading.bank import ExampleBank
from autograder.grading.catalog import checks_digest, load_material
from autograder.course import Course
from autograder.grading.engine import Plan, grade_session
from autograder.grading.property import grade_profile
from autograder.render.messages import unfinished_message, unfinished_note
from autograder.results import SubmissionResult
from autograder.isolation.runner import Runner

__all__ = ["default_cache_dir", "make_plan", "grade_files", "unfinished_result"]


CACHE_ENV = "AUTOGRADER_CACHE"
CACHE_DIR = ".autograder-cache"  # examples shipped inside a course folder (the student bundle, Gradescope's)


def default_cache_dir() -> Path | None:
    """Where drawn examples are kept between runs when no folder is given: $AUTOGRADER_CACHE,
    else the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then autograder/examples);
    None (memory only) when there is no home. Never the course folder: that is the instructor's."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory to find
        return None
    return base / "autograder" / "examples"


def make_plan(
    course: Course,
    *,
    hidden: bool = True,
    exercises: tuple[str, ...] = (),
    examples: int | None = None,
    replay: bool = True,
    cache_dir: Path | None = None,
) -> Plan:
    """Load checks (and, when `hidden`, the reference and hidden checks) for the course.

    With `replay`, each check's examples are drawn once and kept in memory and in `cache_dir`
    (default: `default_cache_dir()`; see bank.py); without, every submission runs Hypothesis
    from scratch (same results).
    """
    chosen = [course.exercise(name) for name in exercises] if exercises else list(course.exercises)
    materials = [load_material(course, exercise, hidden=hidden) for exercise in chosen]
    where = cache_dir if cache_dir is not None else default_cache_dir()
    shipped = course.root / CACHE_DIR  # a released bundle's examples, read but never written
    bank = ExampleBank(grade_profile, cache_dir=where, key=checks_digest(course), shipped=shipped) if replay else None
    return Plan(course=course, materials=materials, hidden=hidden, examples=examples, bank=bank)


def grade_files(plan: Plan, runner: Runner, files: dict[str, bytes], *, student: str) -> SubmissionResult:
    """Grade the exercise files of one student (file name -> content) in a fresh worker."""
    wanted = {m.exercise.file for m in plan.materials}
    chosen = {name: content for name, content in files.items() if name in wanted or name.lower().endswith(".ipynb")}
    if not chosen:
        return grade_session(plan, None, {}, student=student, isolation=runner.isolation)
    # Only .py files go into the worker's folder; a notebook's cells travel in the request.
    session = runner.session({n: c for n, c in chosen.items() if n in wanted}, student=student)
    try:
        result = grade_session(plan, session, chosen, student=student)
    finally:
        output = session.close()
    return SubmissionResult(
        student=result.student,
        course=result.course,
        grader_version=result.grader_version,
        isolation=session.isolation or runner.isolation,
        checks=result.checks,
        output=output,
        notes=result.notes,
    )


def unfinished_result(plan: Plan, *, student: str, isolation: str = "") -> SubmissionResult:
    """Every check of the course at 0 with outcome "crashed": grading this one submission failed
    (a grader error, a dead grading process, a deadline) and the class goes on without it. The
    reason is the caller's to keep (it is for the instructor, not in the student's notes)."""
    empty = grade_session(plan, None, {}, student=student, isolation=isolation)
    checks = tuple(replace(c, outcome="crashed", score=0.0, message=unfinished_message(), cause="crashed:unfinished") for c in empty.checks)
    return replace(empty, checks=checks, notes=(unfinished_note(),))
