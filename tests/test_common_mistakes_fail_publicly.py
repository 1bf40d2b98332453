"""A student who makes one of the lesson's common mistakes never sees all-green in `autograder check`.

Each misconception marked `common = True` in solutions/*/misconceptions.py is written into a
student's file as its source code (the reference file, with the graded function replaced by
the mistake) and checked the two ways students check: `autograder check NN_name` on the files,
and `check("NN_name")` in the released notebook, both in the real confined worker. The course's
own rule (`dev check`) is tested in test_devcheck.py; this pins what a student sees.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.grading.catalog import load_lesson, load_material
from autograder.course import load
from autograder.commands.local import check_once
from autograder.platforms.notebook import check
from autograder.platforms.notebook_source import source_notebook
from autograder.render.console import console

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# The @misconception decorator needs the kit, and the lesson module is the grader's; a student's
# file defines everything itself: a decorator that only records, and the lesson's values.
RECORDER = """
MISCONCEPTIONS = []


def misconception(function, *, id, hint, common=False, spellings=()):
    def declare(implementation):
        MISCONCEPTIONS.append({"function": function, "id": id, "implementation": implementation})
        implementation.spelling = lambda spelling: spelling
        return implementation

    return declare
"""


def _common():
    course = load(ROOT)
    for exercise in course.exercises:
        for wrong in load_material(course, exercise, hidden=True).misconceptions:
            if wrong.common:
                yield pytest.param(exercise.name, (wrong.function, wrong.id), id=f"{exercise.name}-{wrong.function}-{wrong.id}")


def _lesson_values(course, text: str) -> str:
    """`text` with each `from lesson import A, B` replaced by A = ... and B = ... as literals."""
    lesson = load_lesson(course)

    def literals(match) -> str:
        names = [name.strip() for name in match.group(1).split(",")]
        return "from numpy import array\n" + "\n".join(f"{name} = {getattr(lesson, name)!r}" for name in names)

    return re.sub(r"^from lesson import (.+)$", literals, text, flags=re.M)


def student_source(course, exercise: str, misconception: tuple[str, str]) -> tuple[str, str]:
    """(function, file text): the reference file with `function` replaced by the mistake's first
    implementation, written out as source the way a student would submit it."""
    material = load_material(course, course.exercise(exercise), hidden=True)
    wrong = next(m for m in material.misconceptions if (m.function, m.id) == misconception)
    mistakes = (course.solutions_dir / exercise / "misconceptions.py").read_text(encoding="utf-8")
    assert "from autograder.checks import misconception\n" in mistakes
    mistakes = _lesson_values(course, mistakes.replace("from autograder.checks import misconception\n", RECORDER))
    reference = (course.solutions_dir / exercise / course.exercise(exercise).file).read_text(encoding="utf-8")
    # By id from the module's own records: an implementation may be a closure without a name.
    chosen = f"next(m['implementation'] for m in MISCONCEPTIONS if (m['function'], m['id']) == {misconception!r})"
    text = f"{reference}\n\n# --- the mistake ---\n{mistakes}\n\n{wrong.function} = {chosen}\n"
    return wrong.function, text


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "course.toml", root / "course.toml")
    return root


@pytest.mark.parametrize("exercise, misconception", list(_common()))
def test_autograder_check_on_the_files_fails_a_common_mistake(course_copy, runner, exercise, misconception):
    course = load(course_copy)
    function, text = student_source(course, exercise, misconception)
    (course.exercises_dir / exercise / course.exercise(exercise).file).write_text(text, encoding="utf-8")
    out = console()
    with out.capture() as captured:
        code = check_once(course, exercise, out, runner=runner)
    shown = captured.get()
    assert code != 0, f"{misconception}: `autograder check {exercise}` is all green"
    counts = re.search(rf"{function}: (\d+) of (\d+) public checks passed", shown)
    assert counts and int(counts[1]) < int(counts[2]), shown
    assert "All public checks passed" not in shown


@pytest.mark.parametrize("exercise, misconception", list(_common()))
def test_the_notebook_check_cell_fails_a_common_mistake(course_copy, tmp_path, exercise, misconception):
    course = load(course_copy)
    function, text = student_source(course, exercise, misconception)
    notebook = source_notebook(course, course.assignments[0])
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("autograder", {})
        if meta.get("role") == "code" and meta.get("exercise") == exercise:
            cell.source = cell.source.splitlines()[0] + "\n" + text
    path = tmp_path / "forward-propagation.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    report = check(exercise, notebook=str(path), course=course_copy)
    assert not report.passed, f"{misconception}: the notebook's check cell for {exercise} is all green"
    assert function in report.text
