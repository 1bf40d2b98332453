"""`autograder grade` reads and checks everything the class files need before grading anyone.

A bad roster or an unknown assignment ends in one line on stderr and exit code 2, in about
a second, instead of a traceback after the whole class has been graded.
"""

import shutil
from dataclasses import replace
from datetime import timedelta

import pytest

from autograder import cli
from autograder.commands import grade
from autograder.course import CourseError


@pytest.fixture
def one_submission(course, tmp_path):
    folder = tmp_path / "alice"
    folder.mkdir()
    shutil.copy(course.solutions_dir / "03_relu" / "relu.py", folder / "relu.py")
    return folder


@pytest.fixture
def no_grading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("graded a student before the inputs were checked")

    monkeypatch.setattr(grade, "grade_the_rest", refuse)


def run(course, *argv) -> int:
    return cli.main(["grade", *map(str, argv), "--course", str(course.root), "--workers", "1"])


def test_a_missing_roster_fails_before_anyone_is_graded(course, one_submission, tmp_path, no_grading, capsys):
    code = run(course, one_submission, "--out", tmp_path / "out", "--roster", tmp_path / "nobody.csv")
    err = capsys.readouterr().err
    assert code == 2 and "nobody.csv: no such roster file" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_roster_without_an_id_column_fails_before_anyone_is_graded(course, one_submission, tmp_path, no_grading, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("colour,size\nred,1\n", encoding="utf-8")
    code = run(course, one_submission, "--out", tmp_path / "out", "--roster", roster)
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("autograder: ") and "Traceback" not in err


def test_an_unknown_assignment_is_refused_with_the_known_ones(course, one_submission, tmp_path, no_grading, capsys):
    code = run(course, one_submission, "--out", tmp_path / "out", "--assignment", "week-9")
    err = capsys.readouterr().err
    known = course.assignments[0].id
    assert code == 2 and "no assignment with id = 'week-9'" in err and known in err


def test_course_assignment_defaults_to_the_first_and_finds_by_id(course):
    first = course.assignments[0]
    assert course.assignment() is first and course.assignment(first.id) is first
    with pytest.raises(CourseError, match="the assignments are"):
        course.assignment("no-such")


def test_grade_uses_the_assignment_it_is_given_for_lateness(course, one_submission, tmp_path, monkeypatch):
    # A resit of the same exercises, due a month later, with a harsher policy: graded with
    # --assignment resit, the resit (not the first assignment) decides lateness and the report.
    first = course.assignments[0]
    resit = replace(first, id="resit", title="Resit", due=first.due + timedelta(days=30), late={"penalty_per_day": 1.0})
    two = replace(course, assignments=(first, resit))
    seen = []
    real = grade._finish

    def spy(run, *rest, **options):
        seen.append(run.assignment.id)
        return real(run, *rest, **options)

    monkeypatch.setattr(grade, "_finish", spy)
    grade.grade_command(two, [one_submission], out_dir=tmp_path / "out", workers=1, examples=2, assignment_id="resit")
    assert seen == ["resit"]
    assert "Resit: class report" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


# --- one assignment per run and per folder -------------------------------------------------


@pytest.fixture
def both_assignments(course, tmp_path):
    """A student folder with one reference file of every assignment."""
    folder = tmp_path / "bob"
    folder.mkdir()
    for assignment in course.assignments:
        exercise = course.exercise(assignment.exercises[0])
        shutil.copy(course.solutions_dir / exercise.name / exercise.file, folder / exercise.file)
    return folder


def test_grade_with_an_assignment_grades_its_exercises_only(course, both_assignments, tmp_path):
    import csv
    import json

    last = course.assignments[-1]
    out = tmp_path / "out"
    assert run(course, both_assignments, "--out", out, "--assignment", last.id, "--examples", "2") == 0
    data = json.loads((out / "bob" / "results.json").read_text(encoding="utf-8"))
    graded = {check["exercise"] for test in data["tests"] for check in test["extra_data"]["checks"]}
    assert graded == set(last.exercises)
    view = course.for_assignment(last.id)
    assert data["extra_data"]["max_score"] == view.points
    header = next(csv.reader((out / "grades.csv").open(encoding="utf-8")))
    assert header[2 : 2 + len(last.exercises)] == list(last.exercises)
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["assignment"] == last.id
    assert last.title in (out / "report.html").read_text(encoding="utf-8")


def test_a_folder_holds_one_assignment_and_report_rebuilds_it_as_that_one(course, both_assignments, tmp_path, capsys):
    import json

    first, last = course.assignments[0], course.assignments[-1]
    out = tmp_path / "out"
    assert run(course, both_assignments, "--out", out, "--assignment", last.id, "--examples", "2") == 0
    before = (out / "grades.csv").read_text(encoding="utf-8")
    assert run(course, both_assignments, "--out", out, "--assignment", first.id, "--examples", "2") == 2
    err = capsys.readouterr().err
    assert f"holds the results of assignment {last.id!r}" in err and f"--out {tmp_path / first.id}" in err
    assert (out / "grades.csv").read_text(encoding="utf-8") == before  # nothing was touched
    # `report` with no --assignment rebuilds the folder as its own assignment, the same files
    assert cli.main(["report", str(out), "--course", str(course.root)]) == 0
    assert (out / "grades.csv").read_text(encoding="utf-8") == before
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["assignment"] == last.id


def test_combine_puts_each_assignments_folder_side_by_side(course, both_assignments, tmp_path):
    import csv

    first, last = course.assignments[0], course.assignments[-1]
    late = tmp_path / "carol"
    late.mkdir()
    shutil.copy(both_assignments / course.exercise(last.exercises[0]).file, late)  # carol did only the second
    for assignment in (first, last):
        assert run(course, both_assignments, late, "--out", tmp_path / assignment.id, "--assignment", assignment.id, "--examples", "2") == 0
    out = tmp_path / "course-grades.csv"
    # the folders in any order: the columns follow course.toml
    assert cli.main(["combine", str(tmp_path / last.id), str(tmp_path / first.id), "--out", str(out), "--course", str(course.root)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    header = next(csv.reader(out.open(encoding="utf-8")))
    assert header == ["student_id", "name", *first.exercises, f"{first.id} total", f"{first.id} status", *last.exercises, f"{last.id} total", f"{last.id} status", "total", "max"]
    by_id = {row["student_id"]: row for row in rows}
    maximum = course.for_assignment(first.id).points + course.for_assignment(last.id).points
    bob, carol = by_id["bob"], by_id["carol"]
    one = lambda a: course.exercise(a.exercises[0]).points  # noqa: E731  each folder holds its first exercise's reference
    assert float(bob[f"{first.id} total"]) == one(first) and float(bob[f"{last.id} total"]) == one(last)
    assert float(bob["total"]) == one(first) + one(last) and float(bob["max"]) == maximum
    assert carol[f"{first.id} status"] == "no files" and carol[f"{first.id} total"] == ""
    assert float(carol["total"]) == one(last)
    # two folders of one assignment are refused
    assert cli.main(["combine", str(tmp_path / last.id), str(tmp_path / last.id), "--out", str(out), "--course", str(course.root)]) == 2
