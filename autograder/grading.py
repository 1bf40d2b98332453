"""Grade one submission end to end: materials, a confined worker session, the result.

The thin layer between the CLI (or the class grader) and the engine. It writes nothing;
`outputs.py` writes files.
"""

from __future__ import annotations

from autograder.bank import ExampleBank
from autograder.catalog import checks_digest, load_material
from autograder.course import Course
from autograder.engine import Plan, grade_profile, grade_session
from autograder.results import SubmissionResult
from autograder.runner import Runner

__all__ = ["make_plan", "grade_files"]


CACHE_DIR = ".autograder-cache"


def make_plan(
    course: Course, *, hidden: bool = True, exercises: tuple[str, ...] = (), examples: int | None = None, replay: bool = True
) -> Plan:
    """Load checks (and, when `hidden`, the reference and hidden checks) for the course.

    With `replay`, each check's examples are drawn once and cached under the course folder
    (see bank.py); without, every submission runs Hypothesis from scratch (same results).
    """
    chosen = [course.exercise(name) for name in exercises] if exercises else list(course.exercises)
    materials = [load_material(course, exercise, hidden=hidden) for exercise in chosen]
    bank = ExampleBank(grade_profile, cache_dir=course.root / CACHE_DIR, key=checks_digest(course)) if replay else None
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
