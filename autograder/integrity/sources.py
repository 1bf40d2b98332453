"""What similarity compares, per exercise: a student's own code (their exercise file, or the
cells of that exercise in their notebook), and what it ignores: the course's stub, the lesson
module and the code blocks of the exercise's README, which every student is given."""

from __future__ import annotations

import re
from typing import Mapping

from autograder.course import Course, Exercise
from autograder.grading.notebooks import NotebookError, code_cells

__all__ = ["exercise_code", "given_code"]

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_DEF = re.compile(r"^def\s+(\w+)\s*\(", re.MULTILINE)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def exercise_code(course: Course, files: Mapping[str, bytes]) -> dict[str, tuple[str, str]]:
    """Exercise name -> (where the code came from, the code), in course order.

    An exercise file wins over a notebook's cells. A notebook cell belongs to its tagged
    exercise, else to the exercise of a course function it defines; other cells are left out.
    """
    owner = {f.name: e.name for e in course.exercises for f in e.functions}
    from_notebooks: dict[str, tuple[str, list[str]]] = {}
    for name in sorted(files):
        if not name.lower().endswith(".ipynb"):
            continue
        try:
            cells = code_cells(files[name])
        except NotebookError:
            continue  # the student was told when it was graded; nothing to compare
        for exercise, code in cells:
            if exercise is None:
                defined = [owner[f] for f in _DEF.findall(code) if f in owner]
                exercise = defined[0] if defined else None
            if exercise is not None:
                from_notebooks.setdefault(exercise, (name, []))[1].append(code)
    found = {}
    for exercise in course.exercises:
        if exercise.file in files:
            found[exercise.name] = (exercise.file, _text(files[exercise.file]))
        elif exercise.name in from_notebooks:
            name, cells = from_notebooks[exercise.name]
            found[exercise.name] = (name, "\n".join(cells))
    return found


def given_code(course: Course, exercise: Exercise) -> tuple[str, ...]:
    """The code every student of `exercise` was given: its stub, the lesson, its README's code blocks."""
    texts = []
    for path in (course.exercises_dir / exercise.name / exercise.file, course.lesson):
        if path is not None and path.is_file():
            texts.append(_text(path.read_bytes()))
    readme = course.exercises_dir / exercise.name / "README.md"
    if readme.is_file():
        texts.extend(_FENCE.findall(_text(readme.read_bytes())))
    return tuple(texts)
