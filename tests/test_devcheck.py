"""`autograder dev check`: each property it lints is shown to fail when the course breaks it.

Each test copies the course with one exercise (03_relu), breaks one thing, and expects the
finding that names it. 10 examples per check keep each lint to a few seconds.
"""

import re
import shutil
from pathlib import Path

import pytest

from autograder.course import CourseError, load
from autograder.commands.devcheck import lint_course

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = "03_relu"
EXAMPLES = 10


def one_exercise_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "exercises").mkdir(parents=True)
    (root / "solutions").mkdir()
    shutil.copytree(ROOT / "exercises" / EXERCISE, root / "exercises" / EXERCISE, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "solutions" / EXERCISE, root / "solutions" / EXERCISE, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "exercises" / "lesson.py", root / "exercises" / "lesson.py")  # course.toml's [course] lesson
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
        + "\n\nfrom autograder.grading.checking import Check as _Check\n"
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
        + '\n\n@misconception("relu", id="not-wrong", hint="h")\ndef not_wrong(input):\n    """m"""\n    return max(0, input)\n',
        encoding="utf-8",
    )
    assert any("misconception 'not-wrong' passes every check" in f for f in findings(course_copy))


@pytest.mark.slow
def test_two_indistinguishable_misconceptions_are_reported(course_copy):
    wrong = course_copy / "solutions" / EXERCISE / "misconceptions.py"
    wrong.write_text(
        wrong.read_text(encoding="utf-8")
        + '\n\n@misconception("relu", id="leaky-again", hint="h")\ndef leaky_again(input):\n    """m"""\n    return leaky_relu(input)\n',
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


@pytest.mark.slow
def test_a_common_misconception_no_public_check_fails_is_reported(course_copy):
    # Without the public check on the output weights' order, swapped hidden nodes look all-green locally.
    edit(course_copy / "exercises" / EXERCISE / "checks.py", "    network_output_weights_follow_their_nodes,\n", "")
    problems = findings(course_copy)
    assert problems == [
        "misconception 'hidden-nodes-swapped' is marked common but passes every public check of predict_with_relu: "
        "students making it see all-green with `autograder check` and lose the points when graded; add a public check it fails"
    ]


@pytest.mark.slow
def test_a_function_whose_checks_code_that_computes_nothing_passes_is_reported(course_copy):
    # Keep only relu's checks on non-negative numbers: `return input` passes every one, and earns all.
    keep = "\nCHECKS = [c for c in CHECKS if c.function != 'relu' or 'positive' in c.name or 'non-negative' in c.name]\n"
    for path in (course_copy / "exercises" / EXERCISE / "checks.py", course_copy / "solutions" / EXERCISE / "hidden_checks.py"):
        path.write_text(path.read_text(encoding="utf-8") + keep, encoding="utf-8")
    problems = findings(course_copy)
    assert "`return input` passes every check of relu: add a check that needs the real computation" in problems
    assert any(p.startswith("relu written as `return input` earns 2 of its 2 points (more than 5%)") for p in problems)


def test_the_lessons_common_mistakes_are_marked_common():
    # The mistakes real learners of this lesson make most (see issue 16), in every exercise that has them.
    from autograder.grading.catalog import load_material

    course = load(ROOT)
    common = {(e.name, m.id) for e in course.exercises for m in load_material(course, e, hidden=True).misconceptions if m.common}
    for exercise in ("03_relu", "04_many_observations", "05_multilayer"):
        assert (exercise, "relu-on-output") in common and (exercise, "leaky-relu") in common
    assert {("02_activation_functions", "tanh-on-output"), ("02_activation_functions", "first-hidden-node-only")} <= common
    assert {("06_deep_network", "relu-on-last-layer"), ("06_deep_network", "tutorial-layers")} <= common
    forward = course.assignment("forward-propagation").exercises  # the lesson's tutorial weights are unit 1's
    assert all((name, "tutorial-weights") in common for name in forward if name != "06_deep_network")
    # and unit 2's, named in issue 17
    assert {("07_loss", "sign-flipped"), ("07_loss", "sum-instead-of-mean"), ("07_loss", "mean-absolute-error")} <= common
    assert {("08_slopes", "no-factor-2"), ("09_gradient_descent", "adds-the-slope"), ("09_gradient_descent", "updates-in-place")} <= common
    assert {("09_gradient_descent", "history-after-update"), ("10_backprop", "relu-slope-ignored"), ("10_backprop", "output-slopes-before-relu")} <= common


def _common_misconceptions():
    from autograder.grading.catalog import load_material

    course = load(ROOT)
    for exercise in course.exercises:
        material = load_material(course, exercise, hidden=True)
        for wrong in material.misconceptions:
            if wrong.common:
                yield pytest.param(exercise.name, wrong.id, id=f"{exercise.name}-{wrong.function}-{wrong.id}")


@pytest.mark.parametrize("exercise, misconception", list(_common_misconceptions()))
def test_autograder_check_is_never_all_green_for_a_common_mistake(exercise, misconception):
    """What `autograder check` runs (the public checks), on the mistake in place of the reference."""
    from autograder.grading.catalog import load_material
    from autograder.grading.engine import Plan, grade_session
    from autograder.isolation.inprocess import InProcessSession

    course = load(ROOT)
    full = load_material(course, course.exercise(exercise), hidden=True)
    wrong = next(m for m in full.misconceptions if m.id == misconception and m.common)
    public = load_material(course, course.exercise(exercise), hidden=False)
    for implementation in wrong.implementations:
        table = dict(full.reference, **{wrong.function: implementation})
        session = InProcessSession({exercise: table})
        result = grade_session(Plan(course=course, materials=[public], hidden=False, examples=EXAMPLES), session, {full.exercise.file: b""}, student="x")
        failed = [c.name for c in result.checks if c.function == wrong.function and not c.passed]
        assert failed, f"{misconception} passes every public check of {wrong.function}"
