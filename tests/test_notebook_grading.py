"""Grading notebooks: the released notebook's layout graded like the equivalent files.

Notebooks here are built from the assignment's source notebook (no nbgrader needed): each
exercise's code cell holds a submitted file, or the stub when the file is not submitted. The
golden cases' files are compared through their expected.json (the files' graded result).
Malformed notebooks (a syntax error, a cell that never ends, broken JSON, old formats) get
their own status and the marks of what still works. The check cell's choice of cells (saved
file, kernel history) is tested without a kernel, then once in a real one.
"""

import copy
import json
from pathlib import Path
from dataclasses import replace

import nbformat
import pytest

from autograder.course import load
from autograder.grading.plan import make_plan
from autograder.pipeline import grade_files
from autograder.platforms.nbgrader_bridge import Points
from autograder.platforms.notebook import check, executed_notebook
from autograder.platforms.notebook_source import notebook_name, source_notebook
from autograder.outputs.results_json import from_gradescope
from test_golden import MISTAKES, case_assignment

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "cases"
# A case with a submission.toml submits the released stubs, read at test time (see test_golden.py).
SCENARIOS = sorted(p.name for p in CASES.iterdir() if (p / "submission").is_dir() or (p / "submission.toml").is_file())
# Graded on every run; the other golden cases run with the slow suites.
QUICK = {"relu_without_return", "missing_function", "wrong_signature", "syntax_error", "unfinished_stubs", "correct_numpy_scalars"}
FIRST_THREE = ("01_forward_propagation", "02_activation_functions", "03_relu")
NAME = "forward-propagation.ipynb"


@pytest.fixture(scope="module")
def source(course):
    return source_notebook(course, course.assignments[0])


@pytest.fixture(scope="module")
def small_plan(course):
    """Hidden checks of the first three exercises only: the malformed notebooks need no more."""
    return make_plan(course, exercises=FIRST_THREE)


def role(cell) -> tuple[str | None, str | None]:
    meta = cell.get("metadata", {}).get("autograder", {})
    return meta.get("exercise"), meta.get("role")


def with_files(course, source, files: dict[str, str], *, extra: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The source notebook with each code cell holding its submitted file, or the stub when absent.

    `extra` appends text to an exercise's code cell (a stray loop, a typo).
    """
    notebook = copy.deepcopy(source)
    for cell in notebook.cells:
        exercise, kind = role(cell)
        if kind != "code":
            continue
        found = course.exercise(exercise)
        text = files.get(found.file) or (course.exercises_dir / found.name / found.file).read_text(encoding="utf-8")
        cell.source = cell.source.splitlines()[0] + "\n" + text + (extra or {}).get(exercise, "")
    return notebook


def as_bytes(notebook) -> bytes:
    return nbformat.writes(notebook).encode("utf-8")


def points(result) -> dict[str, float]:
    return {name: round(sum(c.score for c in checks), 4) for name, checks in result.by_exercise().items()}


def submission(course, scenario: str) -> dict[str, str]:
    folder = CASES / scenario / "submission"
    if not folder.is_dir():  # the released stubs of its assignment, as `autograder check` reads them
        from autograder.commands.local import student_files

        names = course.assignment(case_assignment(course, scenario)).exercises
        return {name: data.decode("utf-8") for name, data in student_files(course, tuple(names)).items()}
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()}


# ------------------------------------------------------------------ whole notebooks


@pytest.mark.parametrize("assignment", ["forward-propagation", "learning"])
def test_solution_notebook_scores_full_marks(assignment_plan, runner, course, assignment):
    # each assignment's notebook, graded as `autograder grade --assignment ID` grades it
    view = course.for_assignment(assignment)
    notebook = source_notebook(view, view.assignment())
    result = grade_files(assignment_plan(assignment), runner, {notebook_name(view.assignment()): as_bytes(notebook)}, student="solution")
    assert result.score == result.max_score == view.points
    assert {c.outcome for c in result.checks} == {"passed"}
    assert result.notes == ()


def _scenario(name: str):
    marks = [] if name in QUICK else [pytest.mark.slow]
    return pytest.param(name, marks=marks)


def as_files(plan, runner, scenario: str, files: dict[str, str]):
    """The files' result: the golden expected.json of the scenario when there is one, else graded now."""
    expected = CASES / scenario / "expected.json"
    if expected.is_file():
        return from_gradescope(json.loads(expected.read_text(encoding="utf-8")))
    return grade_files(plan, runner, {k: v.encode() for k, v in files.items()}, student=scenario)


def _notebook_scenarios() -> list[str]:
    """Every golden case of the first assignment; of the others, the cases that are not one
    function's misconception plus one such case per function (each misconception's own grading
    is pinned by its golden case; here only the notebook's way to the same grading is)."""
    from autograder.course import load

    course = load(ROOT)
    first = course.assignments[0].id
    chosen, seen = [], set()
    for scenario in SCENARIOS:
        function = MISTAKES.get(scenario, (None,))[0]
        if case_assignment(course, scenario) != first and function is not None:
            if function in seen:
                continue
            seen.add(function)
        chosen.append(scenario)
    return chosen


@pytest.mark.parametrize("scenario", [_scenario(s) for s in _notebook_scenarios()])
def test_mistake_notebook_scores_like_the_same_files(assignment_plan, runner, course, scenario):
    assignment = course.assignment(case_assignment(course, scenario))
    plan, source = assignment_plan(assignment.id), source_notebook(course.for_assignment(assignment.id), assignment)
    files = submission(course, scenario)
    expected = as_files(plan, runner, scenario, files)
    in_notebook = grade_files(plan, runner, {notebook_name(assignment): as_bytes(with_files(course, source, files))}, student=scenario)
    assert points(in_notebook) == points(expected)
    submitted = {course.file_map()[f] for f in files}
    outcome = lambda result: [(c.name, c.outcome, c.score) for c in result.checks if c.exercise in submitted]  # noqa: E731
    assert outcome(in_notebook) == outcome(expected)


# ------------------------------------------------------------------ malformed notebooks


def references(course, names=FIRST_THREE) -> dict[str, str]:
    found = [course.exercise(n) for n in names]
    return {e.file: (course.solutions_dir / e.name / e.file).read_text(encoding="utf-8") for e in found}


@pytest.fixture(scope="module")
def typo_result(small_plan, runner, course, source):
    notebook = with_files(course, source, references(course), extra={"03_relu": "\ndef broken(:\n    pass\n"})
    return grade_files(small_plan, runner, {NAME: as_bytes(notebook)}, student="typo")


@pytest.fixture(scope="module")
def loop_result(small_plan, runner, course, source):
    notebook = with_files(course, source, references(course), extra={"02_activation_functions": "\nwhile True:\n    pass\n"})
    return grade_files(small_plan, runner, {NAME: as_bytes(notebook)}, student="loop")


def test_a_syntax_error_costs_only_its_exercise(typo_result):
    assert points(typo_result) == {"01_forward_propagation": 5, "02_activation_functions": 3, "03_relu": 0}
    assert any("SyntaxError" in note for note in typo_result.notes)


def test_a_cell_that_never_ends_is_skipped_and_the_rest_graded(loop_result):
    assert points(loop_result) == {"01_forward_propagation": 5, "02_activation_functions": 0, "03_relu": 5}
    assert any("did not finish running" in note for note in loop_result.notes)


def test_a_syntax_error_reads_error_as_in_a_file(typo_result):
    assert {c.outcome for c in typo_result.checks if c.exercise == "03_relu"} == {"error"}


def test_a_cell_that_never_ends_reads_timeout_as_in_a_file(loop_result):
    assert {c.outcome for c in loop_result.checks if c.exercise == "02_activation_functions"} == {"timeout"}


def test_invalid_json_is_an_error_for_every_exercise(small_plan, runner):
    result = grade_files(small_plan, runner, {NAME: b'{"cells": [}'}, student="broken")
    assert result.score == 0
    assert {c.outcome for c in result.checks} == {"error"}
    assert any("not valid JSON" in note for note in result.notes)


def test_a_notebook_saved_by_an_old_jupyter_is_graded(small_plan, runner, course, source):
    """nbformat 4.0: no cell ids, sources as lists of lines (what Jupyter wrote before 2021)."""
    data = json.loads(nbformat.writes(with_files(course, source, references(course))))
    data["nbformat_minor"] = 0
    for cell in data["cells"]:
        cell.pop("id", None)
        if isinstance(cell["source"], str):
            cell["source"] = cell["source"].splitlines(True)
    result = grade_files(small_plan, runner, {NAME: json.dumps(data).encode()}, student="old")
    assert result.score == result.max_score == 13
    assert result.notes == ()


def test_a_version_3_notebook_is_upgraded_and_graded(small_plan, runner, course, source):
    files = references(course)
    files.pop("activation_functions.py")  # 02 stays a stub: not started
    v3 = nbformat.writes(nbformat.convert(with_files(course, source, files), 3))
    assert json.loads(v3)["nbformat"] == 3
    result = grade_files(small_plan, runner, {NAME: v3.encode()}, student="v3")
    assert points(result) == {"01_forward_propagation": 5, "02_activation_functions": 0, "03_relu": 5}
    assert {c.outcome for c in result.checks if c.exercise == "02_activation_functions"} == {"not_started"}


# ------------------------------------------------------------------ what the check cell grades


def cells_of(data: bytes) -> list[tuple[str | None, str]]:
    notebook = nbformat.reads(data.decode(), as_version=4)
    return [(cell.metadata.get("autograder", {}).get("exercise"), cell.source) for cell in notebook.cells]


def saved_and_code(course, source, exercise: str):
    notebook = with_files(course, source, {})
    code = next(c for c in notebook.cells if role(c) == (exercise, "code"))
    return as_bytes(notebook), code.source


def test_check_takes_the_exercise_cells_from_the_saved_notebook(course, source):
    saved, stub = saved_and_code(course, source, "03_relu")
    data, notes = executed_notebook("03_relu", saved=saved, history=None)
    cells = cells_of(data)
    assert {exercise for exercise, _ in cells} == {"03_relu"}
    assert stub in [code for _, code in cells]
    assert notes == []


def test_check_uses_what_the_kernel_ran_and_says_it_is_not_saved(course, source):
    saved, stub = saved_and_code(course, source, "03_relu")
    ran = stub.splitlines()[0] + "\n" + references(course, ("03_relu",))["relu.py"]
    history = ["", "import numpy as np", stub, ran, "from autograder.platforms.notebook import check\ncheck('03_relu')"]
    data, notes = executed_notebook("03_relu", saved=saved, history=history)
    assert ran in [code for _, code in cells_of(data)]
    assert stub not in [code for _, code in cells_of(data)]
    assert len(notes) == 1 and "not saved yet" in notes[0]


def test_check_without_a_saved_notebook_uses_the_history_alone(course, source):
    _, stub = saved_and_code(course, source, "03_relu")
    ran = stub.splitlines()[0] + "\n" + references(course, ("03_relu",))["relu.py"]
    history = ["", stub, "x = 1", ran, "# [01_forward_propagation] Your code\ndef predict(): pass"]
    data, notes = executed_notebook("03_relu", saved=None, history=history)
    assert cells_of(data) == [("03_relu", ran)]
    assert notes == []


def test_an_unreadable_saved_notebook_falls_back_to_the_history(course, source):
    _, stub = saved_and_code(course, source, "03_relu")
    data, notes = executed_notebook("03_relu", saved=b"{not json", history=[stub])
    assert cells_of(data) == [("03_relu", stub)]
    assert "could not be read" in notes[0]


def test_check_names_a_failing_cell_by_its_first_line(course, source, tmp_path):
    saved = with_files(course, source, {}, extra={"03_relu": "\ndef broken(:\n    pass\n"})
    (tmp_path / NAME).write_text(nbformat.writes(saved), encoding="utf-8")
    report = check("03_relu", notebook=str(tmp_path / NAME), course=ROOT)
    assert not report.passed
    assert "The cell “# [03_relu] Your code (relu.py)” raised SyntaxError" in report.text
    assert "<pre" in report._repr_html_()


def test_a_cell_note_names_the_cell_by_its_label_and_drops_the_graders_cell_number():
    from autograder.render.messages import note_text
    from autograder.results import Note

    note = Note(kind="cell_failed", file="work.ipynb", cell=4, raised="ValueError", raised_message="bad", traceback=("  Cell 4, line 2, in relu",))
    limits = load(ROOT).grading.limits
    assert note_text(note, limits).startswith("work.ipynb, cell 4 raised ValueError: bad\n  Cell 4, line 2")
    labelled = note_text(replace(note, cell_label="# [03_relu] Your code"), limits)
    assert labelled == "The cell “# [03_relu] Your code” raised ValueError: bad\n  line 2, in relu"


def test_check_stands_aside_while_nbgrader_runs_the_notebook(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    report = check("03_relu", notebook=NAME)
    assert "nbgrader is running this notebook" in repr(report) and not report.passed


def test_a_grading_cell_value_is_the_partial_credit_nbgrader_records(course):
    utils = pytest.importorskip("nbgrader.utils")
    from autograder.results import CheckResult, SubmissionResult

    checks = tuple(
        CheckResult("03_relu", "relu", f"relu: check {i}", "passed" if i % 3 else "failed", 0.3333 if i % 3 else 0.0, 0.3333, "visible", True)
        for i in range(1, 16)
    )
    value = Points.of(SubmissionResult("s", "c", "v", "", checks), "03_relu")
    cell = nbformat.v4.new_code_cell("points_for(...)", metadata={"nbgrader": {"grade": True, "solution": False, "points": value.possible}})
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": repr(value), "text/html": value._repr_html_()})]
    earned, possible = utils.determine_grade(cell)
    assert (earned, possible) == (float(value), value.possible) == (3.33, 5.0)  # 10 of 15 equal shares of 5 points, to the cent
    assert "relu: check 3" in value._repr_html_()


# ------------------------------------------------------------------ the check cell in a real kernel


def test_check_cell_in_a_kernel_grades_what_ran_and_shows_html(course, source, tmp_path, monkeypatch):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from nbclient import NotebookClient

    saved = with_files(course, source, {})
    saved.cells = [c for c in saved.cells if role(c)[0] in (None, "03_relu")]
    (tmp_path / NAME).write_text(nbformat.writes(saved), encoding="utf-8")
    ran = copy.deepcopy(saved)
    for cell in ran.cells:
        if role(cell) == ("03_relu", "code"):
            cell.source = cell.source.splitlines()[0] + "\n" + references(course, ("03_relu",))["relu.py"]
    # The kernel imports this checkout and finds the course through the variable, as on a hub.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("AUTOGRADER_COURSE", str(ROOT))
    NotebookClient(ran, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    check = next(c for c in ran.cells if role(c) == ("03_relu", "check"))
    data = check.outputs[-1]["data"]
    assert "All public checks passed" in data["text/plain"]
    assert "not saved yet" in data["text/plain"]
    assert data["text/html"].startswith("<pre") and "predict_with_relu" in data["text/html"]
