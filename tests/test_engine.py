"""The engine: minimal counterexamples, honest messages, visibility, scoring, and replay.

Trusted functions run in-process here (InProcessSession has the worker's semantics), so these
tests pin the engine's behaviour without paying for processes; the runner has its own tests.
"""

from dataclasses import replace

import pytest

from autograder.grading.catalog import load_material
from autograder.grading.engine import Plan, grade_session
from autograder.render.messages import worded
from autograder.isolation.inprocess import InProcessSession

EXERCISE = "03_relu"


@pytest.fixture(scope="module")
def material(course):
    return load_material(course, course.exercise(EXERCISE))


def grade(course, material, table, *, bank=None, examples=None, **plan_options):
    plan = Plan(course=course, materials=[material], examples=examples, bank=bank, **plan_options)
    session = InProcessSession({EXERCISE: table})
    return worded(grade_session(plan, session, {"relu.py": b""}, student="s"), course)


def by_name(result):
    return {c.name: c for c in result.checks}


def with_relu(material, relu):
    table = dict(material.reference)
    table["relu"] = relu
    return table


def test_reference_scores_full_marks(course, material):
    result = grade(course, material, dict(material.reference))
    assert result.score == result.max_score == course.exercise(EXERCISE).points


def test_failure_reports_the_smallest_input_in_the_exercise_words(course, material):
    result = grade(course, material, with_relu(material, lambda x: x))
    failed = [c for c in result.checks if c.function == "relu" and c.outcome == "failed"]
    assert failed
    message = next(c.message for c in failed if c.public and "negative" in c.name)
    # Shrunk to the simplest negative number, shown as the student would type the call.
    assert "We called relu(-1)" in message or "We called relu(-1.0)" in message
    assert "expected " in message and "got -1" in message


def test_hidden_checks_never_show_the_expected_value(course, material):
    result = grade(course, material, with_relu(material, lambda x: x))
    hidden = [c for c in result.checks if not c.public and c.outcome == "failed"]
    assert hidden
    for check in hidden:
        assert "; expected" not in check.message
        assert "hidden check" in check.message
        assert check.visibility == course.grading.hidden_check_visibility


def test_a_check_marked_visible_in_course_toml_shows_its_expected_value(course, material):
    hidden_name = next(c.title for c in material.hidden if c.function == "relu")
    exercise = replace(material.exercise, check_overrides={hidden_name: {"visibility": "visible"}})
    result = grade(course, replace(material, exercise=exercise), with_relu(material, lambda x: x))
    check = by_name(result)[hidden_name]
    assert check.visibility == "visible"
    if check.outcome == "failed":
        assert "; expected " in check.message


def test_not_started_stops_after_one_call_and_says_so(course, material):
    calls = []

    def stub(x):
        calls.append(x)
        raise NotImplementedError

    result = grade(course, material, with_relu(material, stub))
    relu = [c for c in result.checks if c.function == "relu"]
    assert {c.outcome for c in relu} == {"not_started"}
    assert len(calls) == 1
    assert "not started yet" in relu[0].message


def test_an_exception_reports_its_type_and_the_input(course, material):
    def broken(x):
        if x < 0:
            raise ValueError("negative!")
        return x

    result = grade(course, material, with_relu(material, broken))
    errors = [c for c in result.checks if c.outcome == "error"]
    assert errors and all("raised ValueError: negative!" in c.message for c in errors)


def test_points_split_over_a_functions_checks_add_up_exactly(course, material):
    result = grade(course, material, dict(material.reference))
    for function in course.exercise(EXERCISE).functions:
        own = [c.max_score for c in result.checks if c.function == function.name]
        assert round(sum(own), 6) == function.points


def test_returning_none_is_a_wrong_value_not_a_crash(course, material):
    result = grade(course, material, with_relu(material, lambda x: None))
    relu = [c for c in result.checks if c.function == "relu"]
    assert all(c.outcome == "failed" for c in relu)
    assert any("None" in c.message for c in relu)


@pytest.mark.parametrize("wrong", ["reference", "identity", "leaky", "none", "raises-on-zero"])
def test_replayed_examples_give_byte_identical_results_to_plain_hypothesis(course, material, plan, wrong):
    """The fast path (examples drawn once and replayed) must not change any result."""
    relu = {
        "reference": material.reference["relu"],
        "identity": lambda x: x,
        "leaky": lambda x: x if x > 0 else 0.01 * x,
        "none": lambda x: None,
        "raises-on-zero": lambda x: 1 / x if x == 0 else max(0, x),
    }[wrong]
    table = with_relu(material, relu)
    # 25 examples per check keep this affordable: the plain path runs Hypothesis for every check.
    fast = grade(course, material, table, bank=plan.bank, examples=25)
    plain = grade(course, material, table, bank=None, examples=25)
    assert fast == plain
    # Again: now the reference's answers on the banked examples come from memory.
    assert plan.bank.expected
    assert grade(course, material, table, bank=plan.bank, examples=25) == fast
