"""A failure shows the student's own intermediate values, and hidden expected values wait for the due date.

Beside the call that shows a failure, feedback lists the local variables of the student's
function as it returned from that call (their hidden node values, computed with their own
helpers), so a hidden check can be acted on without revealing the reference's answer. The
reference's answer and steps for hidden checks are kept in the record and shown only where the
due date has passed: Gradescope's tests that are not visible, `grade --reveal-hidden`.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from autograder import cli
from autograder.commands import grade, report
from autograder.grading.catalog import load_material
from autograder.grading.engine import Plan, grade_session
from autograder.render.messages import worded
from autograder.render.feedback import feedback_markdown
from autograder.render.feedback_html import feedback_html
from autograder.isolation.inprocess import InProcessSession
from autograder.render.messages import EXPLAINED
from autograder.outputs.results_json import to_gradescope
from autograder.isolation.worker import call_watching

EXERCISE = "03_relu"
CASES = Path(__file__).parent / "cases"


def _helper(x):
    inner_secret = x * 100  # a local of a function called from inside: never shown
    return inner_secret


def test_the_functions_own_locals_are_kept_as_it_returns_without_its_parameters():
    def student(input_data, weights):
        hidden = np.array([_helper(1), 2.0])
        _private = 3
        helper = _helper  # a function: not plain data
        total = float(hidden.sum())
        return total

    value, raised, kept = call_watching(student, [np.array([1]), {"w": 1}])
    assert value == 102.0 and raised is None
    assert list(kept) == ["hidden", "total"]
    assert "inner_secret" not in kept and "input_data" not in kept


def test_locals_are_kept_when_the_function_raises_and_large_values_are_left_out():
    def student(rows):
        big = np.zeros(10_000)
        count = len(rows)
        raise ValueError(count)

    value, raised, kept = call_watching(student, [[1, 2]])
    assert value is None and isinstance(raised, ValueError)
    assert kept == {"count": 2}


def test_a_recursive_function_shows_its_outermost_call():
    def depth(n):
        here = n
        return 0 if n == 0 else depth(n - 1)

    _, _, kept = call_watching(depth, [3])
    assert kept == {"here": 3}


@pytest.fixture(scope="module")
def material(course):
    return load_material(course, course.exercise(EXERCISE))


def _graded(course, material, table):
    plan = Plan(course=course, materials=[material])
    return worded(grade_session(plan, InProcessSession({EXERCISE: table}), {"relu.py": b""}, student="s"), plan.course)


def _leaky_everywhere():
    def relu(x):
        return x if x > 0 else 0.01 * x

    def predict_with_relu(input_data, weights):
        node_0_output = relu((input_data * weights["node0"]).sum())
        node_1_output = relu((input_data * weights["node1"]).sum())
        return node_0_output * weights["output"][0] + node_1_output * weights["output"][1]

    return {"relu": relu, "predict_with_relu": predict_with_relu}


def test_a_hidden_failure_shows_the_students_hidden_node_values_from_their_own_relu(course, material):
    result = _graded(course, material, _leaky_everywhere())
    hidden = [c for c in result.checks if c.function == "predict_with_relu" and not c.public and not c.passed]
    shown = [c for c in hidden if c.variables]
    assert shown, "no hidden failure of predict_with_relu carries the student's variables"
    names = dict(shown[0].variables)
    assert set(names) == {"node_0_output", "node_1_output"}
    # The student's leaky relu made these values: a negative node input stays (slightly) negative.
    text = feedback_markdown(result, course)
    assert f"Your predict_with_relu's variables when it returned: node_0_output = {names['node_0_output']}" in text


def test_only_the_checks_that_explain_a_cause_are_traced(course, material):
    result = _graded(course, material, _leaky_everywhere())
    failed = [c for c in result.checks if not c.passed]
    assert any(c.variables for c in failed)
    for function in ("relu", "predict_with_relu"):
        for public in (True, False):
            own = [c for c in failed if c.function == function and c.public is public]
            traced = [c for c in own if c.variables]
            causes = {c.cause for c in traced}
            assert len(traced) == len(causes) <= EXPLAINED
            # The first failure of each cause is the one traced (the one feedback explains).
            firsts = {}
            for check in own:
                firsts.setdefault(check.cause, check)
            assert {c.name for c in traced} <= {c.name for c in firsts.values()}


def test_hidden_expected_values_are_withheld_until_revealed(course, material):
    graded = _graded(course, material, _leaky_everywhere())
    # Only the hidden checks: a cause that a public check also shows is explained by that one.
    result = replace(graded, checks=tuple(c for c in graded.checks if not c.public))
    hidden = [c for c in result.checks if not c.public and c.outcome == "failed" and c.expected]
    assert hidden, "hidden failures keep the reference's answer in the record"
    phrase = "here is what this hidden check expected"
    assert phrase not in feedback_markdown(result, course)
    assert phrase not in feedback_html(result, course)
    assert phrase in feedback_markdown(result, course, reveal=True)
    assert phrase in feedback_html(result, course, reveal=True)
    steps = "For this input the reference computes"
    assert feedback_markdown(result, course, reveal=True).count(steps) > feedback_markdown(result, course).count(steps)


def test_gradescope_shows_hidden_expected_values_only_in_tests_it_holds_back(course, material):
    result = _graded(course, material, _leaky_everywhere())
    tests = to_gradescope(result)["tests"]
    phrase = "here is what this hidden check expected"
    visible = [t for t in tests if t["visibility"] == "visible"]
    held = [t for t in tests if t["visibility"] != "visible"]
    assert visible and held
    assert not any(phrase in t["output"] for t in visible)
    assert any(phrase in t["output"] for t in held if t["status"] == "failed")


@pytest.mark.slow
def test_a_real_worker_that_hangs_when_traced_gives_no_variables_and_keeps_grading(course, runner):
    source = b"import time\ndef relu(input):\n    slow = 1\n    time.sleep(30 if slow else 0)\n    return 0\n"
    with runner.session({"relu.py": source}) as session:
        assert session.load(EXERCISE, "relu.py", [("relu", 1)]).ok
        started = time.monotonic()
        assert session.variables(EXERCISE, "relu", (1,)) == ()
        assert time.monotonic() - started < course.grading.limits.call_timeout_s + 3
    fine = b"import numpy as np\ndef relu(input):\n    big = np.zeros(100000)\n    kept = [input, 2]\n    return 0\n"
    with runner.session({"relu.py": fine}) as session:
        assert session.load(EXERCISE, "relu.py", [("relu", 1)]).ok
        assert session.variables(EXERCISE, "relu", (1,)) == (("kept", [1, 2]),)
        assert session.call(EXERCISE, "relu", (5,)).value == 0  # the same worker still answers


@pytest.fixture
def wrong_submission(tmp_path):
    folder = tmp_path / "alice"
    # Its mistake (int() on each prediction) only hidden checks catch: they explain it themselves.
    shutil.copytree(CASES / "integer_truncation" / "submission", folder)
    return folder


def test_reveal_hidden_is_refused_before_the_due_date(course, wrong_submission, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(grade, "grade_the_rest", lambda *a, **k: pytest.fail("graded before refusing --reveal-hidden"))
    due = course.assignment().due
    assert due is not None
    with pytest.raises(report.RevealError, match="before the due date"):
        report.check_reveal(course.assignment(), due - timedelta(minutes=1))
    report.check_reveal(course.assignment(), due)  # from the due date on, allowed

    class BeforeTheDueDate(datetime):
        @classmethod
        def now(cls, tz=None):
            return due - timedelta(days=1)

    monkeypatch.setattr(grade, "datetime", BeforeTheDueDate)  # the command reads the clock once
    code = cli.main(["grade", str(wrong_submission), "--out", str(tmp_path / "out"), "--course", str(course.root), "--reveal-hidden"])
    assert code == 2
    assert "before the due date" in capsys.readouterr().err


@pytest.mark.slow
def test_reveal_hidden_after_the_due_date_rewrites_feedback_even_for_skipped_students(course, wrong_submission, tmp_path):
    out = tmp_path / "out"
    after = course.assignment().due + timedelta(days=1)
    phrase = "here is what this hidden check expected"
    assert grade.grade_command(course, [wrong_submission], out_dir=out, workers=1) == 0
    feedback = out / "alice" / "feedback.md"
    assert phrase not in feedback.read_text(encoding="utf-8")
    # Unchanged submission: skipped, yet its feedback follows this run's choice.
    assert grade.grade_command(course, [wrong_submission], out_dir=out, workers=1, reveal_hidden=True, now=after) == 0
    assert phrase in feedback.read_text(encoding="utf-8")
    assert report.report_command(course, out) == 0
    assert phrase not in (out / "alice" / "feedback.md").read_text(encoding="utf-8")
