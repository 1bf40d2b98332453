"""Code that computes nothing earns (almost) nothing, while honest partial work keeps its points.

A function whose passed checks are all passed by one trivial implementation too (`return 0`,
an argument returned unchanged, zeros, None) scores 0 for them, and says why; a function that
does better than every trivial implementation on its own keeps each point it earned.
"""

from __future__ import annotations

import pytest

from autograder.grading.engine import Plan, grade_session
from autograder.render.messages import worded
from autograder.render.feedback import feedback_markdown
from autograder.grading.plan import make_plan
from autograder.pipeline import grade_files
from autograder.isolation.inprocess import InProcessSession
from autograder.render.messages import check_text
from autograder.outputs.results_json import from_gradescope, to_gradescope
from autograder.grading.trivial import TRIVIAL_SHARE

EXAMPLES = 10

# Styles a student might write, several not in trivial.py's own list (0.0, -1, zeros built
# from the first argument, a bare `pass`).
BODIES = [
    "return 0.0",
    "return -1",
    "pass",
    "return {first}",
    "return {last}",
    "return np.zeros_like(np.asarray({first}, dtype=float))",
]


def _trivial_files(course, body: str) -> dict[str, bytes]:
    files = {}
    for exercise in course.exercises:
        lines = ["import numpy as np", ""]
        for function in exercise.functions:
            code = body.format(first=function.params[0], last=function.params[-1])
            lines += [f"def {function.signature()}:", f"    {code}", ""]
        files[exercise.file] = "\n".join(lines).encode()
    return files


@pytest.fixture(scope="module")
def small_plan(course):
    return make_plan(course, examples=EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("body", BODIES)
def test_a_submission_that_computes_nothing_scores_at_most_five_percent(course, small_plan, runner, body):
    result = grade_files(small_plan, runner, _trivial_files(course, body), student="nothing")
    assert result.max_score == course.points
    assert result.score <= TRIVIAL_SHARE * course.points, [(c.name, c.score) for c in result.checks if c.score]


def _relu_plan(course, plan):
    material = next(m for m in plan.materials if m.exercise.name == "03_relu")
    return material, Plan(course=course, materials=[material], examples=EXAMPLES, bank=plan.bank)


def _grade_relu(course, plan, relu):
    material, relu_plan = _relu_plan(course, plan)
    table = dict(material.reference, relu=relu)
    result = worded(grade_session(relu_plan, InProcessSession({"03_relu": table}), {"relu.py": b""}, student="s"), relu_plan.course)
    return [c for c in result.checks if c.function == "relu"], result


def test_returning_the_argument_scores_nothing_and_says_why(course, small_plan):
    checks, result = _grade_relu(course, small_plan, lambda x: x)
    passed = [c for c in checks if c.passed]
    assert passed and all(c.score == 0 and c.also_passed_by == "return input" for c in passed)
    assert "`return input`, which computes nothing" in check_text(passed[0])
    markdown = feedback_markdown(result, course)
    assert "computes nothing" in markdown
    # The reason survives results.json and is read back for the report.
    again = from_gradescope(to_gradescope(result))
    assert [c.also_passed_by for c in again.checks] == [c.also_passed_by for c in result.checks]


def test_a_wrong_function_that_beats_every_trivial_one_keeps_its_points(course, small_plan):
    # abs() passes checks that `return 0` passes and checks that `return input` passes, but no
    # single trivial implementation passes all of them: it computes something.
    checks, _ = _grade_relu(course, small_plan, abs)
    assert any(not c.passed for c in checks)
    assert sum(c.score for c in checks) > 0
    assert not any(c.also_passed_by for c in checks)


def test_a_correct_function_is_never_touched(course, small_plan):
    material, _ = _relu_plan(course, small_plan)
    checks, _ = _grade_relu(course, small_plan, material.reference["relu"])
    assert all(c.passed for c in checks) and sum(c.score for c in checks) == pytest.approx(2.0)
