"""`autograder dev check`: each property it lints is shown to fail when the course breaks it.

Each test copies the course with one exercise (03_relu), breaks one thing, and expects the
finding that names it. 10 examples per check keep each lint to a few seconds.
"""

import re
import shutil
from pathlib import Path

import pytest

from autograder.course import CourseError, load
from autograder.devcheck import lint_course

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = "03_relu"
EXAMPLES = 10


def one_exercise_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "exercises").mkdir(parents=True)
    (root / "solutions").mkdir()
    shutil.copytree(ROOT / "exercises" / EXERCISE, root / "exercises" / EXERCISE, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "solutions" / EXERCISE, root / "solutions" / EXERCISE, ignore=shutil.ignore_patterns("__pycache__"))
    text = (ROOT / "course.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition("[[assignments]]")
    blocks = rest.split("[[exercises]]")
    relu = next(b for b in blocks if f'name = "{EXERCISE}"' in b)
    assignment = f'[[assignments]]\nid = "relu-only"\ntitle = "ReLU"\nexercises = ["{EXERCISE}"]\n\n'
    (root / "course.toml").write_text(head + assignment + "[[exercises]]" + relu, encoding="utf-8")
    return root


def findings(root: Path) -> list[str]:
    report = lint_course(load(root), examples=EXAMPLES)
    return [f.problem for f in report.findings]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def course_copy(tmp_path):
    return one_exercise_course(tmp_path)


@pytest.mark.slow
def test_the_intact_course_has_no_findings(course_copy):
    assert findings(course_copy) == []


@pytest.mark.slow
def test_a_stub_that_already_works_is_reported(course_copy):
    stub = course_copy / "exercises" / EXERCISE / "relu.py"
    edit(stub, 'raise NotImplementedError("relu is not written yet")', "return max(0, input)")
    assert any("the stub is not 'not started'" in f and "relu:" in f for f in findings(course_copy))


@pytest.mark.slow
def test_a_stub_without_todo_is_reported(course_copy):
    stub = course_copy / "exercises" / EXERCISE / "relu.py"
    stub.write_text(re.sub(r"# TODO:.*", "# write it here", stub.read_text(encoding="utf-8")), encoding="utf-8")
    assert any("needs a `# TODO:`" in f for f in findings(course_copy))


@pytest.mark.slow
def test_a_broken_reference_is_reported(course_copy):
    reference = course_copy / "solutions" / EXERCISE / "relu.py"
    edit(reference, "def relu(input):", "def relu(input):\n    return input\n\n\ndef _unused(input):")
    assert any(f.startswith("the reference fails 'relu:") for f in findings(course_copy))


@pytest.mark.slow
def test_a_hidden_check_that_cannot_fail_is_reported(course_copy):
    hidden = course_copy / "solutions" / EXERCISE / "hidden_checks.py"
    hidden.write_text(
        hidden.read_text(encoding="utf-8")
        + "\n\nfrom autograder.checking import Check as _Check\n"
        + "CHECKS.append(_Check(function='relu', name='accepts anything', examples=_one(numbers()), "
        + "body=lambda proxy, x, reference: proxy(x), reference=True))\n",
        encoding="utf-8",
    )
    assert "hidden check 'relu: accepts anything' fails no known-wrong implementation: a check that cannot fail is a defect" in findings(course_copy)


@pytest.mark.slow
def test_a_misconception_equal_to_the_reference_is_reported(course_copy):
    wrong = course_copy / "solutions" / EXERCISE / "misconceptions.py"
    wrong.write_text(
        wrong.read_text(encoding="utf-8")
        + "\n\nMISCONCEPTIONS.append(Misconception(function='relu', id='not-wrong', message='m', hint='h', implementation=lambda input: max(0, input)))\n",
        encoding="utf-8",
    )
    assert any("misconception 'not-wrong' passes every check" in f for f in findings(course_copy))


@pytest.mark.slow
def test_two_indistinguishable_misconceptions_are_reported(course_copy):
    wrong = course_copy / "solutions" / EXERCISE / "misconceptions.py"
    wrong.write_text(
        wrong.read_text(encoding="utf-8")
        + "\n\nMISCONCEPTIONS.append(Misconception(function='relu', id='leaky-again', message='m', hint='h', "
        + "implementation=next(m.implementation for m in MISCONCEPTIONS if m.id == 'leaky-relu' and m.function == 'relu')))\n",
        encoding="utf-8",
    )
    problems = findings(course_copy)
    assert any("misconception 'leaky-again' is diagnosed as 'leaky-relu'" in f for f in problems)


def test_stray_files_and_solution_markers_under_exercises_are_reported(course_copy):
    folder = course_copy / "exercises" / EXERCISE
    (folder / "notes.txt").write_text("draft", encoding="utf-8")
    edit(folder / "relu.py", "    # TODO: return input", "    ### BEGIN SOLUTION\n    ### END SOLUTION\n    # TODO: return input")
    report = lint_course(load(course_copy), examples=1)
    problems = [f.problem for f in report.findings]
    assert any("notes.txt is a stray file" in f for f in problems)
    assert any("solution or hidden-test markers" in f for f in problems)


def test_a_missing_hint_stops_the_course_from_loading(course_copy):
    path = course_copy / "course.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'hint = """.*?"""\n', "", text, flags=re.S), encoding="utf-8")
    with pytest.raises(CourseError, match="has no hint; add hint"):
        load(course_copy)
