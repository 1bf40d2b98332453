"""Curves in feedback: a function whose course.toml entry has a `curve` (train's loss history)
gets, for a failed check, the student's sequence next to the reference's for the failing input,
drawn as an inline SVG in feedback.html (no plotting library, no script). The engine records the
numbers; render draws them; a hidden check's reference curve waits for the due date as its
expected value does."""

import re

import numpy as np
import pytest

from autograder.course import CourseError, Curve, load
from autograder.grading.catalog import load_material
from autograder.grading.engine import Plan, grade_session
from autograder.isolation.inprocess import InProcessSession
from autograder.render.curve_svg import curve_svg
from autograder.render.feedback_html import feedback_html
from autograder.render.messages import worded


def curved(course):
    """The first function course.toml gives a curve, with its exercise."""
    for exercise in course.exercises:
        for function in exercise.functions:
            if function.curve is not None:
                return exercise, function
    pytest.skip("no function of the course has a curve")


@pytest.fixture(scope="module")
def wrong_history(course):
    """The curved function written as its misconception of the history (after, not before, each update)."""
    exercise, function = curved(course)
    material = load_material(course, exercise)
    wrong = next(m for m in material.misconceptions if m.function == function.name and m.id == "history-after-update")
    table = dict(material.reference)
    table[function.name] = wrong.implementations[0]
    plan = Plan(course=course, materials=[material], examples=20)
    result = worded(grade_session(plan, InProcessSession({exercise.name: table}), {exercise.file: b""}, student="s"), course)
    return exercise, function, material, result


def test_a_failed_check_keeps_both_curves_for_its_failing_call(wrong_history):
    _, function, material, result = wrong_history
    failed = [c for c in result.checks if c.function == function.name and c.outcome == "failed"]
    assert failed and all(c.curve for c in failed)
    for check in failed:
        assert check.curve != check.expected_curve
        # the reference's curve is the reference's answer for the failing call, as drawn
        assert check.expected_curve and all(np.isfinite(check.expected_curve))
    assert all(not c.curve and not c.expected_curve for c in result.checks if c.passed or c.function != function.name)


def test_the_students_curve_is_drawn_and_a_hidden_checks_reference_curve_only_once_revealed(course, wrong_history):
    _, function, _, result = wrong_history
    page = feedback_html(result, course)
    revealed = feedback_html(result, course, reveal=True)
    public = sum(1 for c in result.checks if c.curve and c.visibility == "visible" and c.expected_curve)
    hidden = sum(1 for c in result.checks if c.curve and c.visibility != "visible" and c.expected_curve)
    assert hidden, "the misconception fails a hidden check"
    assert page.count("<svg") == public + hidden  # one picture per failed check
    assert page.count("the reference&#39;s</text>") == public
    assert revealed.count("the reference&#39;s</text>") == public + hidden
    assert function.curve.label in page and "<script" not in page


def test_the_same_numbers_give_the_same_picture():
    yours, expected = (49.0, 25.4, 13.2), (49.0, 1764.0, 63504.0)
    assert curve_svg(yours, expected, "loss") == curve_svg(yours, expected, "loss")
    assert curve_svg((), (), "loss") == ""


def test_curves_share_one_scale_and_a_wide_positive_range_is_drawn_on_a_log_scale():
    narrow = curve_svg((4.0, 3.0, 2.0), (4.0, 2.0, 1.0), "loss")
    wide = curve_svg((49.0, 1764.0, 63504.0), (49.0, 25.4, 13.2), "loss")
    assert "log scale" not in narrow and "log scale" in wide
    # both panels are labelled with the same extremes: one shared scale
    labels = re.findall(r'class="curve-axis">([^<]+)</text>', narrow)
    assert labels.count("4") == 2 and labels.count("1") == 2


def test_one_point_is_a_dot_and_the_label_is_text_not_markup():
    drawn = curve_svg((3.0,), (), "<b>loss</b>")
    assert "<polyline" not in drawn and drawn.count("<circle") == 1
    assert "<b>" not in drawn and "&lt;b&gt;loss&lt;/b&gt;" in drawn


def test_a_curve_in_course_toml_is_a_table_with_a_label(course, tmp_path):
    source = (course.root / "course.toml").read_text(encoding="utf-8")
    declared = re.search(r"curve = \{[^}]*\}", source).group(0)
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "lesson.py").write_text("", encoding="utf-8")
    for bad, says in (('curve = "history"', "must be a table"), ('curve = { item = -1, label = "x" }', "must be the position"), ("curve = { item = 1 }", "has no label")):
        (tmp_path / "course.toml").write_text(source.replace(declared, bad), encoding="utf-8")
        with pytest.raises(CourseError, match=says):
            load(tmp_path)
    _, function = curved(course)
    assert isinstance(function.curve, Curve) and function.curve.label and function.curve.example.startswith(function.name + "(")


# --- the students' notebook plots the curve, in a cell that can never cost points ----------


def plot_cells(course):
    from autograder.platforms.notebook_source import source_notebook

    exercise, function = curved(course)
    view = course.of_assignment(next(a.id for a in course.assignments if exercise.name in a.exercises))
    notebook = source_notebook(view, view.assignment())
    return function, [c for c in notebook.cells if "autograder-plot" in c.metadata.get("tags", [])]


def test_the_notebook_has_a_read_only_ungraded_plot_cell_that_grading_leaves_out(course):
    import nbformat

    from autograder.grading.notebooks import code_cells

    function, cells = plot_cells(course)
    assert len(cells) == 1
    meta = cells[0].metadata["nbgrader"]
    assert meta["locked"] and not meta["grade"] and not meta["solution"]
    assert function.curve.example in cells[0].source
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"), cells[0]])
    assert [code for _, code in code_cells(nbformat.writes(notebook).encode())] == ["x = 1\n"]


def _run(source: str, namespace: dict) -> str:
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(source, namespace)  # nothing escapes the cell
    return printed.getvalue()


def test_the_plot_cell_says_why_there_is_no_plot_and_carries_on(course, monkeypatch):
    import sys

    function, (cell,) = plot_cells(course)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # not installed
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    assert "No plot this time (ModuleNotFoundError" in _run(cell.source, {})

    def unfinished(*args):
        raise NotImplementedError(f"{function.name} is not written yet")

    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", _FakePyplot())
    monkeypatch.setitem(sys.modules, "matplotlib", type(sys)("matplotlib"))
    sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]
    assert "No plot this time (NotImplementedError" in _run(cell.source, {function.name: unfinished})


def test_the_plot_cell_draws_the_curve_the_function_returns(course, monkeypatch):
    import sys

    function, (cell,) = plot_cells(course)
    pyplot = _FakePyplot()
    module = type(sys)("matplotlib")
    module.pyplot = pyplot
    monkeypatch.setitem(sys.modules, "matplotlib", module)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", pyplot)
    material = load_material(course, curved(course)[0])
    assert _run(cell.source, {function.name: material.reference[function.name]}) == ""
    (xs, ys), = pyplot.plotted
    assert list(xs) == list(range(1, len(ys) + 1)) and ys[0] == 49.0 and all(b < a for a, b in zip(ys, ys[1:]))
    assert pyplot.shown


class _FakePyplot(type(re)):
    """Just enough of matplotlib.pyplot to see what the cell draws."""

    def __init__(self):
        super().__init__("matplotlib.pyplot")
        self.plotted, self.shown = [], False

    def plot(self, xs, ys, **_):
        self.plotted.append((xs, ys))

    def show(self):
        self.shown = True

    def xlabel(self, _):
        pass

    ylabel = title = xlabel
