"""course.toml: the real one loads, and every broken key is named with its fix."""

from pathlib import Path

import pytest

from autograder.course import CourseError, find_course_root, load

ROOT = Path(__file__).resolve().parents[1]


def test_the_kit_course_loads_with_every_exercise_and_points():
    course = load(ROOT)
    assert [e.name for e in course.exercises] == [
        "01_forward_propagation",
        "02_activation_functions",
        "03_relu",
        "04_many_observations",
        "05_multilayer",
        "06_deep_network",
        "07_loss",
        "08_slopes",
        "09_gradient_descent",
        "10_backprop",
    ]
    assert [a.id for a in course.assignments] == ["forward-propagation", "learning"]
    assert [e for a in course.assignments for e in a.exercises] == [e.name for e in course.exercises]
    assert course.exercise("03_relu").function("relu").params == ("input",)
    assert course.points == sum(f.points for e in course.exercises for f in e.functions)
    assert course.assignments[0].due.tzinfo is not None


def test_course_root_is_found_from_a_subfolder():
    assert find_course_root(ROOT / "exercises") == ROOT


def write_course(tmp_path, text):
    (tmp_path / "course.toml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD = (ROOT / "course.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change, message",
    [
        (("format_version = 1", "format_version = 9"), "format_version = 9 is not supported"),
        (('hint = """relu returns', 'title2 = """relu returns'), 'exercise "03_relu" has no hint'.replace('"', "'")),
        (("examples_per_check = 100", "examples_per_check = 0"), "grading.examples_per_check = 0"),
        (("call_timeout_s = 2.0", "call_timeout_s = -1"), "grading.limits.call_timeout_s = -1 must be a positive number"),
        (("call_timeout_s = 2.0", "call_timeut_s = 2.0"), "grading.limits.call_timeut_s is not a known limit"),
        (('hidden_check_visibility = "after_due_date"', 'hidden_check_visibility = "sometimes"'), "must be one of visible"),
        (('    "06_deep_network",\n]', '    "07_missing",\n]'), "lists exercise '07_missing'"),
        (('file = "relu.py"', 'file = "relu.txt"'), "must be a bare file name ending in .py"),
        (("{ name = \"relu\", params = [\"input\"], points = 2 }", "{ name = \"relu\", params = [\"input\"], points = 0 }"), "points = 0 must be > 0"),
    ],
)
def test_broken_course_toml_names_the_key_and_the_fix(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    write_course(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(CourseError) as caught:
        load(tmp_path)
    assert message in str(caught.value)


def test_invalid_toml_syntax_is_reported_with_the_file(tmp_path):
    write_course(tmp_path, "format_version = \n")
    with pytest.raises(CourseError, match="not valid TOML"):
        load(tmp_path)


def test_unknown_exercise_suggests_the_closest_name():
    course = load(ROOT)
    with pytest.raises(CourseError, match="Did you mean '03_relu'"):
        course.exercise("relu")


def test_an_assignments_view_of_the_course_holds_its_exercises_and_its_part_of_course_toml(tmp_path):
    import shutil

    course = load(ROOT)
    assert course.for_assignment(None) is course and course.toml_text() == (ROOT / "course.toml").read_text(encoding="utf-8")
    for assignment in course.assignments:
        view = course.for_assignment(assignment.id)
        assert [e.name for e in view.exercises] == list(assignment.exercises)
        assert view.assignment() == assignment and view.points == sum(course.exercise(n).points for n in assignment.exercises)
        folder = tmp_path / assignment.id
        shutil.copytree(ROOT / "exercises", folder / "exercises")
        (folder / "course.toml").write_text(view.toml_text(), encoding="utf-8")
        shipped = load(folder)  # what a release, a Gradescope zip or a starter repository loads
        assert [a.id for a in shipped.assignments] == [assignment.id] and shipped.exercises == view.exercises
    assert course.of_assignment().scope == course.assignments[0].id


def test_files_name_their_assignment_and_files_of_two_are_refused():
    course = load(ROOT)
    first, last = course.assignments[0], course.assignments[-1]
    file_of = lambda assignment: course.exercise(assignment.exercises[0]).file  # noqa: E731
    assert course.assignment_of([file_of(last), "notes.txt"]) == last
    assert course.assignment_of(["notes.txt"]) is None
    with pytest.raises(CourseError, match="belong to the assignments"):
        course.assignment_of([file_of(first), file_of(last)])
