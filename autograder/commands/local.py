"""The student's `autograder check`: public checks on their own files, once or on every save.

Student code runs in the same confined worker as in grading. `--watch` polls file
modification times (works on WSL, NFS and network drives, where file events are unreliable).
"""

from __future__ import annotations

import time

from rich.console import Console

from autograder.render.console import render_check
from autograder.course import Course
from autograder.grading.plan import make_plan
from autograder.pipeline import grade_files
from autograder.isolation.runner import Runner

__all__ = ["student_files", "check_once", "watch"]


def student_files(course: Course, names: tuple[str, ...]) -> dict[str, bytes]:
    files = {}
    for exercise in course.exercises:
        if names and exercise.name not in names:
            continue
        path = course.exercises_dir / exercise.name / exercise.file
        if path.is_file():
            files[exercise.file] = path.read_bytes()
    return files


def _names(course: Course, exercise: str | None) -> tuple[str, ...]:
    return (course.exercise(exercise).name,) if exercise else ()


def check_once(course: Course, exercise: str | None, out: Console, *, runner: Runner | None = None) -> int:
    names = _names(course, exercise)
    plan = make_plan(course, hidden=False, exercises=names)
    own = runner is None
    runner = runner or Runner(course.grading.limits)
    try:
        result = grade_files(plan, runner, student_files(course, names), student="you")
    finally:
        if own:
            runner.close()
    return render_check(result, course, out)


def _stamp(course: Course, names: tuple[str, ...]):
    stamps = []
    for e in course.exercises:
        if names and e.name not in names:
            continue
        path = course.exercises_dir / e.name / e.file
        stamps.append(path.stat().st_mtime_ns if path.exists() else 0)
    return tuple(stamps)


def watch(course: Course, exercise: str | None, out: Console, *, poll: float = 1.0) -> int:
    names = _names(course, exercise)
    with Runner(course.grading.limits) as runner:
        last = None
        try:
            while True:
                stamp = _stamp(course, names)
                if stamp != last:
                    last = stamp
                    out.clear()
                    check_once(course, exercise, out, runner=runner)
                    out.print(f"[dim]Watching for saved changes (every {poll:g} s). Press Ctrl+C to stop.[/dim]")
                time.sleep(poll)
        except KeyboardInterrupt:
            return 0
