"""A seventh exercise is one folder pair plus a course.toml entry: no edit anywhere in the kit.

tests/fixtures/seventh holds a small exercise (`07_average`) written as a course author would.
It is added to a copy of this course, and `dev check`, grading and the misconception diagnosis
work on it as on the lesson's own six.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.commands.devcheck import lint_course
from autograder.course import load
from autograder.grading.plan import make_plan
from autograder.pipeline import grade_files

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "seventh"
NAME = "07_average"


@pytest.fixture(scope="module")
def course_with_seven(tmp_path_factory):
    root = tmp_path_factory.mktemp("seven")
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(FIXTURE / part / NAME, root / part / NAME)
    text = (ROOT / "course.toml").read_text(encoding="utf-8")
    last = '    "06_deep_network",\n]'
    assert last in text
    text = text.replace(last, f'    "06_deep_network",\n    "{NAME}",\n]', 1)
    (root / "course.toml").write_text(text + (FIXTURE / "course_entry.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return load(root)


def test_dev_check_accepts_the_seventh_exercise(course_with_seven, runner):
    findings = [f for f in lint_course(course_with_seven, examples=20, runner=runner).findings]
    assert [f.problem for f in findings] == []


def _grade(course, runner, source: str):
    plan = make_plan(course, exercises=(NAME,), cache_dir=None)
    return grade_files(plan, runner, {"average.py": source.encode()}, student="s")


def test_the_seventh_exercise_grades_the_reference_full_and_a_mistake_by_name(course_with_seven, runner):
    reference = (course_with_seven.solutions_dir / NAME / "average.py").read_text(encoding="utf-8")
    right = _grade(course_with_seven, runner, reference)
    assert right.checks and right.score == right.max_score == 2
    wrong = _grade(course_with_seven, runner, "def average_prediction(predictions):\n    return sum(predictions)\n")
    assert wrong.score < 2
    assert {c.misconception for c in wrong.checks if not c.passed} == {"sum-not-average"}
