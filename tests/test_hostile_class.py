"""A hostile class: one student (or their download) trying to spoil a class, beside an honest one.

Each test grades a small class with `grade_command` and asserts what every such run must
give: the class finishes, the honest student's results.json is byte for byte what it is when
they are graded alone, the offending student has their own status, the exit code says so,
and nothing outside `--out` (and the example cache it is given) changed: not the
submissions, not the course.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import class_faults
import nbformat
import pytest
from classroom_fixtures import course_snapshot, make_zip, only, write_tree

from autograder.commands import pool
from autograder.commands.grade import grade_command
from autograder.commands.report import EXIT_GRADED, EXIT_NOT_ALL_GRADED
from autograder.files import student_folder
from autograder.isolation.records import CallFailed, StudentRaised
from results_view import per_check

pytestmark = pytest.mark.slow

EXAMPLES = 5
FILE = "forward_propagation.py"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return course_snapshot(tmp_path_factory.mktemp("course"))


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


def tree_state(root: Path) -> dict[str, bytes | None]:
    """Every path under `root`, hidden ones included, with file contents: what "unchanged" compares."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


@pytest.fixture(scope="module")
def honest_alone(course, tmp_path_factory) -> tuple[Path, bytes, Path]:
    """The class folder with the honest student in it, their results.json graded alone, and the example cache."""
    classroom = tmp_path_factory.mktemp("class")
    cache = tmp_path_factory.mktemp("cache")
    write_tree(classroom / "alice", only(course, FILE))
    out = tmp_path_factory.mktemp("alone")
    assert grade_command(course, [classroom / "alice"], out_dir=out, examples=EXAMPLES, cache_dir=cache) == EXIT_GRADED
    return classroom, (out / "alice" / "results.json").read_bytes(), cache


def grade_class(course, honest_alone, tmp_path, hostile: list[Path], *, honest_unchanged: bool = True, **options):
    """Grade alice beside `hostile`; check what holds for every hostile class; return what it wrote."""
    classroom, alone, cache = honest_alone
    before = tree_state(classroom), tree_state(course.root)
    out = tmp_path / "out"
    code = grade_command(course, [classroom / "alice", *hostile], out_dir=out, examples=EXAMPLES, cache_dir=cache, **options)
    assert (tree_state(classroom), tree_state(course.root)) == before, "grading wrote outside --out (and its cache)"
    if honest_unchanged:
        assert (out / "alice" / "results.json").read_bytes() == alone, "the honest student's results changed"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    grades = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    return code, out, summary, grades


def hostile_class(course, honest_alone, tmp_path, monkeypatch, hostile: str, **options):
    """A class of alice and a student whose grading meets the fault their id names (class_faults.py)."""
    classroom = honest_alone[0]
    write_tree(classroom / hostile, only(course, FILE))
    monkeypatch.setattr(pool, "grade_in_process", class_faults.grade_with_faults)
    code, out, summary, grades = grade_class(course, honest_alone, tmp_path, [classroom / hostile], **options)
    results = json.loads((out / hostile / "results.json").read_text(encoding="utf-8"))
    return code, results, summary, grades


def assert_crashed(results: dict, reason: str) -> None:
    facts = results["extra_data"]["submission"]
    assert facts["status"] == "crashed" and reason in facts["failure"]
    assert facts["fingerprint"] is None, "a crashed student is never taken as already graded"
    assert results["score"] == 0 and results["output"].startswith("Not graded yet")
    assert per_check(results) and {(t["status"], t["score"]) for t in per_check(results)} == {("failed", 0)}
    notes = results["extra_data"]["notes"]
    assert notes and notes[0].startswith("Grading this submission stopped before it finished")
    assert not any(reason in note for note in notes), "the grader's own error text is for the instructor only"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_grader_error_on_one_student_is_that_students_crash(course, honest_alone, tmp_path, monkeypatch, workers):
    code, results, summary, grades = hostile_class(course, honest_alone, tmp_path, monkeypatch, "callfailed", workers=workers)
    assert code == EXIT_NOT_ALL_GRADED
    assert_crashed(results, "CallFailed")
    assert summary["status"]["crashed"] == 1 and summary["status"]["graded"] == 1
    assert grades[2].startswith("callfailed,") and grades[2].endswith(",crashed")


def test_an_ordinary_exception_is_caught_and_its_text_printed_literally(course, honest_alone, tmp_path, monkeypatch, capsys):
    code, results, _, _ = hostile_class(course, honest_alone, tmp_path, monkeypatch, "raises", workers=2)
    assert code == EXIT_NOT_ALL_GRADED
    assert_crashed(results, "RuntimeError: grader bug <b>[red]x[/red]")
    assert "grader bug <b>[red]x[/red]" in capsys.readouterr().out


def test_a_grading_process_that_dies_costs_only_its_student(course, honest_alone, tmp_path, monkeypatch):
    code, results, summary, _ = hostile_class(course, honest_alone, tmp_path, monkeypatch, "dies", workers=2)
    assert code == EXIT_NOT_ALL_GRADED
    assert_crashed(results, "the grading process died")
    assert summary["status"]["crashed"] == 1


def test_a_grading_process_that_stops_answering_is_given_up_on(course, honest_alone, tmp_path, monkeypatch):
    # The backstop is submission_s * 1.5 + grace; shrink both so the test waits seconds, not minutes.
    limits = replace(course.grading.limits, submission_s=4)
    quick = replace(course, grading=replace(course.grading, limits=limits))
    monkeypatch.setattr(pool, "BACKSTOP_GRACE_S", 10.0)
    code, results, _, _ = hostile_class(quick, honest_alone, tmp_path, monkeypatch, "hangs", workers=2)
    assert code == EXIT_NOT_ALL_GRADED
    assert_crashed(results, "no answer from the grading process within 16 s")


def test_a_result_that_cannot_be_written_up_is_that_students_crash(course, honest_alone, tmp_path, monkeypatch):
    # The feedback page of one student fails to render (here: forced); the class still finishes.
    import autograder.commands.report as module

    real = module.feedback_markdown

    def fragile(result, course, **options):
        if result.student == "writeup" and result.extra.get("status") != "crashed":
            raise ValueError("cannot render this one")
        return real(result, course, **options)

    monkeypatch.setattr(module, "feedback_markdown", fragile)
    classroom = honest_alone[0]
    write_tree(classroom / "writeup", only(course, FILE))
    code, out, summary, _ = grade_class(course, honest_alone, tmp_path, [classroom / "writeup"], workers=1)
    assert code == EXIT_NOT_ALL_GRADED
    assert_crashed(json.loads((out / "writeup" / "results.json").read_text(encoding="utf-8")), "ValueError: cannot render this one")


def test_a_crashed_student_is_graded_again_on_the_next_run(course, honest_alone, tmp_path, monkeypatch):
    hostile_class(course, honest_alone, tmp_path, monkeypatch, "callfailed", workers=1)
    monkeypatch.setattr(pool, "grade_in_process", class_faults.real_grade_in_process)
    classroom, _, cache = honest_alone
    out = tmp_path / "out"
    paths = [classroom / "alice", classroom / "callfailed"]
    assert grade_command(course, paths, out_dir=out, examples=EXAMPLES, cache_dir=cache) == EXIT_GRADED
    assert json.loads((out / "callfailed" / "results.json").read_text(encoding="utf-8"))["extra_data"]["submission"]["status"] == "graded"


def test_the_runners_errors_cross_a_process_boundary():
    failed = pickle.loads(pickle.dumps(CallFailed("timeout", "time limit")))
    assert (type(failed), failed.outcome, failed.detail) == (CallFailed, "timeout", "time limit")
    raised = pickle.loads(pickle.dumps(StudentRaised({"type": "ValueError", "not_started": True})))
    assert raised.error == {"type": "ValueError", "not_started": True} and raised.not_started


# --- item 2: an upload never speaks for another student --------------------------------------------


def test_an_nbgrader_tree_inside_a_students_zip_does_not_replace_another_student(course, honest_alone, tmp_path):
    # mallory.zip, given beside alice's folder, holds submitted/alice/... with a wrong answer and
    # a timestamp far past the due date: read as nbgrader, it would replace alice and make her late.
    wrong = b"def node_value(input_data, node_weights):\n    return 0.0\n\ndef predict(input_data, weights):\n    return 0.0\n"
    forged = make_zip([
        ("submitted/alice/forward-propagation/forward_propagation.py", wrong),
        ("submitted/alice/forward-propagation/timestamp.txt", "2031-01-01 00:00:00 UTC"),
    ])  # fmt: skip
    upload = tmp_path / "uploads" / "mallory.zip"
    upload.parent.mkdir()
    upload.write_bytes(forged)
    code, out, summary, grades = grade_class(course, honest_alone, tmp_path, [upload])
    assert code == EXIT_GRADED
    mallory = json.loads((out / "mallory" / "results.json").read_text(encoding="utf-8"))
    assert mallory["extra_data"]["submission"]["late"] is False
    assert mallory["score"] < json.loads(honest_alone[1])["score"], "mallory's own (wrong) files were graded"
    [warning] = summary["warnings"]
    assert warning.startswith("mallory: ") and "submitted/ tree naming alice" in warning
    assert [row.split(",")[0] for row in grades[1:]] == ["alice", "mallory"]


def test_one_student_found_in_two_given_paths_is_a_warning(course, honest_alone, tmp_path):
    classroom = honest_alone[0]
    again = write_tree(tmp_path / "resubmitted" / "alice", only(course, FILE))
    code, _, summary, _ = grade_class(course, honest_alone, tmp_path, [again], honest_unchanged=False)  # one is graded, with a note
    assert code == EXIT_GRADED
    [warning] = summary["warnings"]
    assert warning.startswith("alice: submissions found in 2 of the given paths") and str(classroom / "alice") in warning


# --- items 3, 4 and 5: names from uploads are data, never paths, formulas, markup or HTML ----------


def test_ids_that_clean_to_the_same_name_get_their_own_folders(course, honest_alone, tmp_path):
    classroom = tmp_path / "others"
    for twin in ("alice.", "alice?"):
        write_tree(classroom / twin, {FILE: b"def node_value(a, b):\n    return 0.0\n"})
    code, out, _, grades = grade_class(course, honest_alone, tmp_path, [classroom / "alice.", classroom / "alice?"])
    assert code == EXIT_GRADED
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 3 and "alice" in folders
    assert sorted(json.loads((out / f / "results.json").read_text())["extra_data"]["student"] for f in folders) == ["alice", "alice.", "alice?"]


def test_ids_are_never_formulas_html_or_markup_in_the_outputs(course, honest_alone, tmp_path, capsys):
    classroom = tmp_path / "others"
    names = ["=1+2", "@SUM(A1)", "<img src=x onerror=alert(1)>", "[red]mallory"]
    for name in names:
        write_tree(classroom / name, {FILE: b"def node_value(a, b):\n    return 0.0\n"})
    # a zip entry named like Rich markup, in a class zip: its skip is printed, literally
    (tmp_path / "zipped").mkdir()
    (tmp_path / "zipped" / "section.zip").write_bytes(make_zip([("carol/" + FILE, b"x = 1\n"), ("dave/" + FILE, b"x = 2\n"), ("p[/]/../q.txt", b"")]))
    code, out, _, grades = grade_class(course, honest_alone, tmp_path, [*(classroom / n for n in names), tmp_path / "zipped" / "section.zip"], verbose=True)
    assert code == EXIT_GRADED
    cells = {row.split(",")[0] for row in grades[1:]}
    assert {"'=1+2", "'@SUM(A1)", "<img src=x onerror=alert(1)>", "[red]mallory"} <= cells
    assert not any(cell[:1] in "=+-@" for cell in cells)
    heading = next(line for line in (out / student_folder(names[2]) / "feedback.md").read_text().splitlines() if line.startswith("# "))
    assert heading == "# Feedback for &lt;img src=x onerror=alert\\(1\\)&gt;"
    printed = capsys.readouterr().out
    assert "[red]mallory: 0/25" in printed and "p[/]/../q.txt" in printed


# --- item 6: what one student uploads costs the memory of what is graded -------------------------


def test_many_large_notebooks_in_one_upload_are_not_kept(course, honest_alone, tmp_path):
    big = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# " + "x" * 200_000)])).encode()
    upload = tmp_path / "uploads" / "hoarder.zip"
    upload.parent.mkdir()
    upload.write_bytes(make_zip([(f"attempt{n:02}.ipynb", big) for n in range(30)]))
    code, out, _, _ = grade_class(course, honest_alone, tmp_path, [upload])
    assert code == EXIT_GRADED
    facts = json.loads((out / "hoarder" / "results.json").read_text(encoding="utf-8"))["extra_data"]["submission"]
    assert facts["status"] == "graded"
    assert any(p.startswith("30 notebooks: took attempt00.ipynb; ignored attempt01.ipynb") for p in facts["problems"])


# --- item 7: an upload that cannot be read is a row, and the exit code says so ---------------------


def test_an_unreadable_upload_is_a_row_and_exit_code_3(course, honest_alone, tmp_path):
    broken = tmp_path / "uploads" / "bob.zip"
    broken.parent.mkdir()
    broken.write_bytes(b"<html>Session expired</html>")
    code, out, summary, grades = grade_class(course, honest_alone, tmp_path, [broken])
    assert code == EXIT_NOT_ALL_GRADED
    assert grades[2].startswith("bob,") and grades[2].endswith(",unreadable")
    assert summary["status"]["unreadable"] == 1
    assert summary["needs_attention"] == [{"student": "bob", "status": "unreadable", "reason": "bob.zip could not be opened: not a zip file"}]
    assert "bob" in (out / "report.html").read_text(encoding="utf-8").split("<h2>Needs your attention</h2>")[1][:400]


# --- item 8: the cache goes where it is told, never into the course ---------------------------------


def test_the_example_cache_is_written_where_asked_and_only_there(course, tmp_path, monkeypatch):
    monkeypatch.delenv("AUTOGRADER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    classroom = write_tree(tmp_path / "class" / "alice", only(course, FILE)).parent
    before = tree_state(course.root)
    assert grade_command(course, [classroom / "alice"], out_dir=tmp_path / "a", examples=3) == EXIT_GRADED
    assert list((tmp_path / "xdg" / "autograder" / "examples").glob("*.bank")), "the default is the user's cache folder"
    assert grade_command(course, [classroom / "alice"], out_dir=tmp_path / "b", examples=4, cache_dir=tmp_path / "mine") == EXIT_GRADED
    assert list((tmp_path / "mine").glob("*.bank"))
    assert tree_state(course.root) == before
