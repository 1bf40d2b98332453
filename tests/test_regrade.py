"""Regrading one student into a graded folder: only that student changes, the class files
stay the whole class, and students graded by an older version of the course are named."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from classroom_fixtures import LEAKY_RELU, course_snapshot, only

from autograder.commands.grade import StudentError, grade_command
from autograder.course import load

pytestmark = pytest.mark.slow

EXAMPLES = 5


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return course_snapshot(tmp_path_factory.mktemp("course"))


def _class(course, root: Path, wrong: set[str] = frozenset()) -> Path:
    """Three students who submit relu.py: right, unless named in `wrong` (a leaky ReLU)."""
    for name in ("ada", "bo", "cy"):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "relu.py").write_bytes(LEAKY_RELU if name in wrong else only(course, "relu.py")["relu.py"])
    return root


def _grade(course, upload: Path, out: Path, **options) -> dict:
    timings: dict = {}
    grade_command(course, [upload], out_dir=out, workers=1, examples=EXAMPLES, timings=timings, **options)
    return timings


def _grades(out: Path) -> dict[str, str]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        return {row["student_id"]: row["total"] for row in csv.DictReader(handle)}


def test_regrading_one_student_replaces_only_their_results_and_keeps_the_class(course, tmp_path):
    upload, out = _class(course, tmp_path / "upload", wrong={"bo"}), tmp_path / "out"
    _grade(course, upload, out)
    before = _grades(out)
    untouched = (out / "ada" / "results.json").read_bytes()
    assert before["bo"] < before["ada"] == before["cy"]

    (upload / "bo" / "relu.py").write_bytes(only(course, "relu.py")["relu.py"])  # a fixed upload
    timings = _grade(course, upload, out, student=["bo"])
    assert list(timings) == ["bo"]  # nobody else was graded again
    after = _grades(out)
    assert set(after) == {"ada", "bo", "cy"}
    assert after["bo"] == after["ada"] == before["ada"]
    assert (out / "ada" / "results.json").read_bytes() == untouched
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["students"] == 3
    assert "older_course" not in summary


def test_students_given_with_commas_are_all_regraded(course, tmp_path):
    upload, out = _class(course, tmp_path / "upload"), tmp_path / "out"
    _grade(course, upload, out)
    timings = _grade(course, upload, out, student=["ada,cy"], force=True)
    assert sorted(timings) == ["ada", "cy"]
    assert set(_grades(out)) == {"ada", "bo", "cy"}


def test_a_student_the_upload_does_not_hold_is_refused_before_grading(course, tmp_path):
    upload, out = _class(course, tmp_path / "upload"), tmp_path / "out"
    with pytest.raises(StudentError, match="dee"):
        _grade(course, upload, out, student=["ada", "dee"])
    assert not (out / "ada").exists()


def test_students_graded_by_an_older_course_are_named_until_graded_again(course, tmp_path):
    upload, out = _class(course, tmp_path / "upload"), tmp_path / "out"
    _grade(course, upload, out)
    old = json.loads((out / "summary.json").read_text(encoding="utf-8"))["course_version"]

    toml = course.root / "course.toml"
    changed = toml.read_text(encoding="utf-8").replace('{ name = "relu", params = ["input"], points = 2 }', '{ name = "relu", params = ["input"], points = 3 }')
    assert changed != toml.read_text(encoding="utf-8")
    fixed = tmp_path / "fixed-course"
    fixed.mkdir()
    shutil.copytree(course.root, fixed, dirs_exist_ok=True)
    (fixed / "course.toml").write_text(changed, encoding="utf-8")
    newer = load(fixed)

    _grade(newer, upload, out, student=["ada"])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["course_version"] != old
    assert summary["older_course"] == [{"student": "bo", "course_version": old}, {"student": "cy", "course_version": old}]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "graded with an older version of the course" in report and "--student bo" in report

    _grade(newer, upload, out)  # the whole class again: the old grades are replaced
    assert "older_course" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_regrading_one_student_brings_the_others_adjustments_up_to_date(course, tmp_path):
    from autograder.commands.adjust import adjust_command
    from autograder.outputs.results_json import from_gradescope

    upload, out = _class(course, tmp_path / "upload"), tmp_path / "out"
    _grade(course, upload, out)
    adjust_command(course, out, "ada", points="-1", reason="Late oral", by="jdoe")
    assert from_gradescope(json.loads((out / "ada" / "results.json").read_text(encoding="utf-8"))).adjustments
    trail = out / "adjustments.csv"
    lines = trail.read_text(encoding="utf-8").splitlines(keepends=True)
    trail.write_text(lines[0], encoding="utf-8")  # the instructor deletes the row by hand

    _grade(course, upload, out, student=["bo"], force=True)
    ada = from_gradescope(json.loads((out / "ada" / "results.json").read_text(encoding="utf-8")))
    assert ada.adjustments == ()
    assert "Late oral" not in (out / "ada" / "feedback.md").read_text(encoding="utf-8")
    assert _grades(out)["ada"] == _grades(out)["bo"]


def test_an_extension_for_a_student_graded_before_under_a_cleaned_folder_name_is_granted(course, tmp_path):
    # "Ivy Ivanov" is graded into the folder "Ivy_Ivanov+<hash>": her id, not that folder name, is known.
    upload, out = tmp_path / "upload", tmp_path / "out"
    for name in ("Ivy Ivanov", "bo"):
        (upload / name).mkdir(parents=True)
        (upload / name / "relu.py").write_bytes(only(course, "relu.py")["relu.py"])
    _grade(course, upload, out)
    assert not (out / "Ivy Ivanov").exists()
    extensions = tmp_path / "extensions.csv"
    extensions.write_text("id,assignment,due,days,reason\nIvy Ivanov,,2026-12-20,,illness\n", encoding="utf-8")
    timings = _grade(course, upload, out, student=["bo"], force=True, extensions=extensions)
    assert list(timings) == ["bo"]
    assert (out / "extensions.csv").read_bytes() == extensions.read_bytes()
    _grade(course, upload, out)  # the class again: her result, graded before, gets the extension kept in the folder
    ivy = next(json.loads(p.read_text(encoding="utf-8")) for p in out.glob("Ivy_Ivanov+*/results.json"))
    assert ivy["extra_data"]["submission"]["extension"]["reason"] == "illness"


def test_one_upload_named_after_another_graded_student_is_refused_for_the_student_given(course, tmp_path):
    upload, out = _class(course, tmp_path / "upload"), tmp_path / "out"
    _grade(course, upload, out)
    untouched = (out / "ada" / "results.json").read_bytes()
    single = tmp_path / "single" / "bo"  # bo's folder given alone, with --student ada
    single.mkdir(parents=True)
    (single / "relu.py").write_bytes(LEAKY_RELU)
    with pytest.raises(StudentError, match=r"--student ada: the upload .* is bo's submission, a student the grading folder .* knows"):
        _grade(course, single, out, student=["ada"])
    assert (out / "ada" / "results.json").read_bytes() == untouched


def test_one_upload_named_after_a_student_on_the_roster_is_refused_for_the_student_given(course, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nada,Ada\nbo,Bo\n", encoding="utf-8")
    single, out = tmp_path / "bo", tmp_path / "out"
    single.mkdir()
    (single / "relu.py").write_bytes(only(course, "relu.py")["relu.py"])
    with pytest.raises(StudentError, match=r"is bo's submission, a student the roster knows"):
        _grade(course, single, out, student=["ada"], roster=roster)
    assert not (out / "ada").exists()


def test_one_upload_that_names_no_student_is_graded_as_the_student_given(course, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nada,Ada\nbo,Bo\n", encoding="utf-8")
    single, out = tmp_path / "relu_homework", tmp_path / "out"
    single.mkdir()
    (single / "relu.py").write_bytes(only(course, "relu.py")["relu.py"])
    assert list(_grade(course, single, out, student=["ada"], roster=roster)) == ["ada"]
    assert json.loads((out / "ada" / "results.json").read_text(encoding="utf-8"))["extra_data"]["student"] == "ada"
