"""End to end: `autograder grade` on whole classes, from LMS downloads to gradebook files.

Each class is generated here: students made from the references in `solutions/` (the
exercises that are complete when the tests run), wrong and hostile variants written in
`classroom_fixtures.py`, and the downloads Canvas, Moodle and nbgrader produce. The command
grades a snapshot of the course (see `course_snapshot`), so an exercise added while the tests
run cannot change the course between a run and its rerun.

Every run uses 10 examples per check (`examples=10`, `--examples 10`) instead of the course's
100: these tests are about intake, lateness, resuming and the gradebook files, not about how
hard the checks probe, and at 100 a correct student takes ~2 s and a wrong one up to ~20 s
(Hypothesis shrinking), far too slow for classes of 20+. With 10, and most students of the
big classes submitting one exercise, the file takes about three minutes on 2 idle cores. The
Canvas and Moodle classes and the killed and resumed runs use 2 workers; small classes are
graded in the test process (`workers=1`), which spares the workers' start-up.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import statistics
import time
from contextlib import redirect_stdout
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from classroom_fixtures import (
    EXITS_AT_IMPORT,
    LEAKY_RELU,
    NODE0_TWICE,
    RELU_HANGS,
    RELU_ON_OUTPUT,
    Expect,
    course_snapshot,
    full_marks,
    kill_after_first_student,
    make_zip,
    only,
    released_tree,
    results_of,
    run_grade,
    solution_notebook,
    start_grade,
    student,
    symlink_entry,
    tree_bytes,
    write_tree,
)

import autograder
from autograder.commands.grade import grade_command
from autograder.files import KIT_FOLDERS
from autograder.commands.report import EXIT_GRADED, EXIT_NOT_ALL_GRADED
from autograder.course import Course
from results_view import per_check

pytestmark = pytest.mark.slow

EXAMPLES = 10
DUE = "2026-12-14T23:59:00Z"  # course.toml's due date; the late policy: 15 min grace, 10%/started day, max 50%


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    snapshot = course_snapshot(tmp_path_factory.mktemp("course"))
    names = [e.name for e in snapshot.exercises]
    assert "01_forward_propagation" in names and "03_relu" in names, "the wrong variants need 01 and 03"
    assignment = snapshot.assignments[0]
    assert assignment.due.isoformat().replace("+00:00", "Z") == DUE
    assert assignment.late == {"grace_minutes": 15, "penalty_per_day": 0.1, "max_penalty": 0.5}
    assert assignment.canvas_assignment_id == 480001
    return snapshot


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # rich folds long paths at 80 columns when not on a terminal


def grade(course: Course, paths: list[Path], out: Path, **options) -> int:
    options.setdefault("examples", EXAMPLES)
    return grade_command(course, paths, out_dir=out, **options)


# --- checking the gradebook files ------------------------------------------------------------------


def fmt(value: float) -> str:
    """Points as the gradebook writes them: at most 2 decimals rounded half up, no trailing zeros."""
    text = f"{Decimal(repr(float(value))).quantize(Decimal('0.01'), ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text and not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def none_at_all(course: Course) -> dict[str, float]:
    return {e.name: 0.0 for e in course.exercises}


def points_of(course: Course, function: str) -> float:
    """A function's points in course.toml."""
    return next(f.points for e in course.exercises for f in e.functions if f.name == function)


def summed(data: dict, key: str) -> dict[str, float]:
    """Points of a results.json per exercise or per function (`key`), from its tests (one per function)."""
    points: dict[str, float] = {}
    for test in data["tests"]:
        name = test["extra_data"][key]
        points[name] = round(points.get(name, 0.0) + test["score"], 2)
    return points


def outcomes(data: dict, function: str) -> set[str]:
    return {t["extra_data"]["outcome"] for t in per_check(data) if t["extra_data"]["function"] == function}


def check_student(out: Path, course: Course, student_id: str, want: Expect) -> dict:
    """One submitter's results.json and feedback.md against the expectation; returns their numbers."""
    data = results_of(out, student_id)
    submission = data["extra_data"]["submission"]
    assert submission["id"] == student_id
    assert submission["status"] == want.status, (student_id, submission["problems"])
    assert submission["attempt"] == want.attempt, student_id
    if want.problem:
        assert any(want.problem in p for p in submission["problems"]), (student_id, submission["problems"])
    assert (out / student_id / "feedback.md").read_text(encoding="utf-8").startswith(f"# Feedback for {student_id}\n")
    got = summed(data, "exercise")
    assert list(got) == [e.name for e in course.exercises], student_id  # every exercise, submitted or not
    for exercise in course.exercises:
        if exercise.name in want.less:
            assert got[exercise.name] < want.less[exercise.name], (student_id, exercise.name, got)
        else:
            assert got[exercise.name] == pytest.approx(want.points.get(exercise.name, 0.0)), (student_id, exercise.name, got)
    per_function = summed(data, "function")
    for function, points in want.functions.items():
        assert per_function[function] == pytest.approx(points), (student_id, function, per_function)
    for function, outcome in want.outcome.items():
        assert outcome in outcomes(data, function), (student_id, function, outcomes(data, function))
    assert data["extra_data"]["max_score"] == pytest.approx(course.points)
    assert submission["late"] is want.late, (student_id, submission["lateness"])
    assert submission["late_penalty"] == pytest.approx(want.late_penalty), (student_id, submission["lateness"])
    raw = round(sum(got.values()), 4)
    assert data["score"] == pytest.approx(raw)
    return {"points": got, "raw": raw, "total": max(0.0, raw - want.late_penalty)}


def check_students(out: Path, course: Course, expected: dict[str, Expect]) -> dict[str, dict]:
    """Every student's folder; a roster student without a submission has none. Returns their numbers."""
    numbers = {}
    for student_id, want in expected.items():
        if want.status == "no submission":
            assert not (out / student_id).exists()
            numbers[student_id] = {"points": none_at_all(course), "raw": 0.0, "total": 0.0}
        else:
            numbers[student_id] = check_student(out, course, student_id, want)
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name not in KIT_FOLDERS)
    assert folders == sorted(s for s, w in expected.items() if w.status != "no submission")
    return numbers


def check_grades_csv(out: Path, course: Course, expected: dict[str, Expect], numbers: dict[str, dict], order: list[str]) -> None:
    """grades.csv cell by cell (the name column last, so a wrong name does not hide the rest)."""
    exercises = [e.name for e in course.exercises]
    rows = read_csv(out / "grades.csv")
    assert rows[0] == ["student_id", "name", *exercises, "raw_total", "late_penalty", "total", "max", "late", "status"]
    assert [r[0] for r in rows[1:]] == order
    names = {}
    for row in rows[1:]:
        student_id, want, got = row[0], expected[row[0]], numbers[row[0]]
        cells = dict(zip(rows[0], row))
        for exercise in exercises:
            assert cells[exercise] == fmt(got["points"][exercise]), (student_id, exercise)
        assert cells["raw_total"] == fmt(got["raw"]), student_id
        assert cells["late_penalty"] == fmt(want.late_penalty), student_id
        assert cells["total"] == fmt(got["total"]), student_id
        assert cells["max"] == fmt(course.points), student_id
        assert cells["late"] == ("yes" if want.late else "no"), student_id
        assert cells["status"] == want.status, student_id
        names[student_id] = cells["name"]
    assert names == {s: expected[s].name for s in order}


def lms_grade(want: Expect, got: dict, show) -> str:
    """What an LMS import file holds: the total when graded, 0 without a submission, blank otherwise."""
    if want.status == "graded":
        return show(got["total"])
    return show(0.0) if want.status == "no submission" else ""


def check_canvas_csv(out: Path, course: Course, expected: dict[str, Expect], numbers: dict[str, dict], order: list[str]) -> None:
    rows = read_csv(out / "canvas.csv")
    title = course.assignments[0].title
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{title} (480001)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", f"{course.points:.2f}"]
    assert [r[1] for r in rows[2:]] == order
    for row in rows[2:]:
        want = expected[row[1]]
        assert row == [want.name or row[1], row[1], "", "", "", lms_grade(want, numbers[row[1]], fmt)], row[1]


def check_summary(out: Path, course: Course, expected: dict[str, Expect], numbers: dict[str, dict]) -> dict:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    statuses: dict[str, int] = {}
    for want in expected.values():
        statuses[want.status] = statuses.get(want.status, 0) + 1
    assert summary["students"] == len(expected)
    assert summary["submissions"] == sum(w.status != "no submission" for w in expected.values())
    assert {k: v for k, v in summary["status"].items() if v} == statuses
    graded = [numbers[s]["total"] for s, w in expected.items() if w.status == "graded"]
    assert summary["totals"]["count"] == len(graded)
    assert summary["totals"]["mean"] == pytest.approx(statistics.fmean(graded), abs=1e-4)
    assert summary["totals"]["min"] == pytest.approx(min(graded), abs=1e-4)
    assert summary["totals"]["max"] == pytest.approx(max(graded), abs=1e-4)
    assert summary["max_score"] == pytest.approx(course.points)
    assert summary["late"] == sum(w.late for w in expected.values())
    assert summary["grader_version"] == autograder.__version__
    assert [e["exercise"] for e in summary["exercises"]] == [e.name for e in course.exercises]
    return summary


def natural(ids) -> list[str]:
    return sorted(ids, key=lambda s: (len(s), s) if s.isdigit() else (0, s))


def filler(course: Course, index: int) -> dict[str, bytes]:
    """The rest of a class: the first did all the work, the others one exercise each (quick to grade)."""
    files = [e.file for e in course.exercises]
    return student(course) if index == 0 else only(course, files[(index - 1) % len(files)])


def graded_quietly(course: Course, paths: list[Path], out: Path, *, code: int = EXIT_GRADED, **options) -> str:
    """Grade in this process (for module fixtures, which have no capsys); return what the command printed."""
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert grade(course, paths, out, **options) == code
    return " ".join(printed.getvalue().split())


def code_for(expected: dict[str, Expect]) -> int:
    """The exit code a class must end with: 3 when some student could not be graded (README, exit codes)."""
    return EXIT_NOT_ALL_GRADED if any(e.status in ("crashed", "unreadable") for e in expected.values()) else EXIT_GRADED


# --- Canvas ---------------------------------------------------------------------------------------


def canvas_class(course: Course, folder: Path) -> tuple[Path, dict[str, Expect]]:
    """A Canvas "Download Submissions" zip of 22 students and what the gradebook must say of each."""
    entries: list = []
    expected: dict[str, Expect] = {}
    attachment = [1000]
    penalty = round(0.1 * course.points, 2)  # a Canvas late flag counts as 1 started day: 10%
    full = full_marks(course)

    def upload(sortable: str, user: int, files: dict[str, bytes], *, late: bool = False) -> None:
        base = "_".join(p for p in (sortable, "late" if late else "", str(user)) if p)
        for name, content in files.items():
            attachment[0] += 1
            entries.append((f"{base}_{attachment[0]}_{name}", content))

    upload("abbottann", 50101, student(course))
    expected["50101"] = Expect(name="abbottann", points=full)
    partial = only(course, "forward_propagation.py", "relu.py")
    upload("bakerbob", 50102, partial)
    expected["50102"] = Expect(name="bakerbob", points=full_marks(course, *partial))
    upload("chencara", 50103, only(course, "relu.py"), late=True)  # the penalty is a share of the assignment's points
    expected["50103"] = Expect(name="chencara", points=full_marks(course, "relu.py"), late=True, late_penalty=penalty)
    # Resubmitted: the wrong relu.py first, the right one as relu-1.py with a later attachment id.
    upload("diazdan", 50104, {"relu.py": RELU_ON_OUTPUT, "forward_propagation.py": student(course)["forward_propagation.py"]})
    upload("diazdan", 50104, {"relu-1.py": student(course)["relu.py"]})
    expected["50104"] = Expect(
        name="diazdan", points=full_marks(course, "relu.py", "forward_propagation.py"), attempt=1, problem="relu.py found 2 times"
    )
    upload("evanseve", 50105, {"submission.zip": make_zip(released_tree(student(course), course))})
    expected["50105"] = Expect(name="evanseve", points=full)
    upload("fosterfay", 50106, {"relu.py": RELU_ON_OUTPUT})
    expected["50106"] = Expect(
        name="fosterfay", less={"03_relu": full["03_relu"]},
        functions={"relu": points_of(course, "relu")}, outcome={"predict_with_relu": "failed"},
    )  # fmt: skip
    upload("garciagus", 50107, {"forward_propagation.py": NODE0_TWICE, "relu.py": student(course)["relu.py"]})
    expected["50107"] = Expect(
        name="garciagus", points=full_marks(course, "relu.py"), less={"01_forward_propagation": full["01_forward_propagation"]},
        functions={"node_value": points_of(course, "node_value")}, outcome={"predict": "failed"},
    )  # fmt: skip
    upload("hillhal", 50108, {"relu.py": RELU_HANGS})
    expected["50108"] = Expect(
        name="hillhal", points={"03_relu": points_of(course, "predict_with_relu")},
        functions={"relu": 0.0}, outcome={"relu": "timeout", "predict_with_relu": "passed"},
    )  # fmt: skip
    upload("ivanovivy", 50109, {"relu.py": EXITS_AT_IMPORT, "forward_propagation.py": student(course)["forward_propagation.py"]})
    expected["50109"] = Expect(name="ivanovivy", points=full_marks(course, "forward_propagation.py"), outcome={"relu": "crashed", "predict_with_relu": "crashed"})
    entries.append(("jonesjay_50110_text.html", "<p>I wrote my answers in the text box</p>"))
    expected["50110"] = Expect(name="jonesjay", status="no files", problem="online text entry ignored")
    upload("kingkim", 50111, {"notes.txt": b"could not finish, sorry"})
    expected["50111"] = Expect(name="kingkim", status="no files", problem="no course file found")
    upload("leelou", 50112, {"submission.zip": b"PK\x03\x04 this upload was cut off"})
    expected["50112"] = Expect(name="leelou", status="unreadable", problem="submission.zip rejected: not a zip file")
    upload("mooremo", 50113, {"hw1.ipynb": solution_notebook(course, "forward_propagation.py", "relu.py")})
    expected["50113"] = Expect(
        name="mooremo", points=full_marks(course, "forward_propagation.py", "relu.py"), outcome={"predict_with_tanh": "missing"}
    )
    # Late and resubmitted: a wrong zip, then submission-1.zip with the right files.
    upload("nguyennam", 50114, {"submission.zip": make_zip(released_tree({"relu.py": LEAKY_RELU}, course))}, late=True)
    upload("nguyennam", 50114, {"submission-1.zip": make_zip(released_tree(only(course, "relu.py"), course))}, late=True)
    expected["50114"] = Expect(name="nguyennam", points=full_marks(course, "relu.py"), late=True, late_penalty=penalty, attempt=1)
    for index, sortable in enumerate(["ortizoli", "patelpia", "quinnquin", "rossroy", "smithsam", "taylortia", "umarumi", "vargasvic"]):
        files = filler(course, index)
        upload(sortable, 50115 + index, files)
        expected[str(50115 + index)] = Expect(name=sortable, points=full_marks(course, *files))
    entries.append(("README.txt", "exported by Canvas"))  # not a student: reported, ignored
    path = folder / "DL101-Forward propagation_submissions.zip"
    path.write_bytes(make_zip(entries))
    return path, expected


@pytest.fixture(scope="module")
def canvas(course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("canvas")
    path, expected = canvas_class(course, folder)
    out = folder / "graded"
    printed = graded_quietly(course, [path], out, workers=2, code=code_for(expected))
    return out, expected, printed


def test_canvas_class_each_student_is_graded_as_expected(course, canvas):
    out, expected, printed = canvas
    assert len(expected) >= 20
    check_students(out, course, expected)
    assert "README.txt: not a Canvas submission entry; ignored" in printed


def test_canvas_class_grades_csv_cell_by_cell(course, canvas):
    out, expected, _ = canvas
    check_grades_csv(out, course, expected, check_students(out, course, expected), natural(expected))


def test_canvas_class_canvas_csv_has_the_import_header_and_every_student(course, canvas):
    out, expected, _ = canvas
    check_canvas_csv(out, course, expected, check_students(out, course, expected), natural(expected))
    assert not (out / "moodle.csv").exists(), "Canvas user ids are not Moodle participant numbers"


def test_canvas_class_summary(course, canvas):
    out, expected, _ = canvas
    summary = check_summary(out, course, expected, check_students(out, course, expected))
    assert summary["outcomes"]["timeout"] >= 1 and summary["outcomes"]["crashed"] >= 1


def test_summary_records_the_examples_the_grades_were_computed_with(canvas):
    out, _, _ = canvas
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["examples_per_check"] == EXAMPLES


def test_canvas_late_flag_costs_one_day(course, canvas):
    out, _, _ = canvas
    late = results_of(out, "50103")["extra_data"]["submission"]
    assert (late["source"], late["late_flag"], late["submitted_at"]) == ("canvas", True, None)
    assert late["lateness"].startswith("Marked late by the LMS (no submission time known), counted as 1 day late")
    assert "Lateness: Marked late by the LMS" in (out / "50103" / "feedback.md").read_text(encoding="utf-8")
    on_time = results_of(out, "50101")["extra_data"]["submission"]
    assert (on_time["late"], on_time["late_penalty"], on_time["lateness"]) == (False, 0.0, "On time.")
    assert "did not return within 2 s" in (out / "50108" / "feedback.md").read_text(encoding="utf-8")


# --- Moodle (with a roster) ---------------------------------------------------------------------------


MOODLE_NAMES = [
    "Ann Abbott", "Bruno Baker", "Cara Chen", "Dan Diaz", "Eve Evans", "José Núñez", "Gus Garcia", "Hal Hill",
    "Ivy Ivanov", "Jay Jones", "Kim King", "Mary-Kate O'Neil", "Lou Lee", "Mo Moore", "Nam Nguyen", "Oli Ortiz",
    "Pia Patel", "Quin Quinn", "Roy Ross", "Sam Smith", "Tia Taylor",
]  # fmt: skip
NOT_ON_ROSTER = ("Sam Smith", "Tia Taylor")


def moodle_class(course: Course, folder: Path) -> tuple[Path, Path, dict[str, Expect], list[str]]:
    """A Moodle "Download all submissions" zip (three layouts), a roster, and the expected rows in order.

    Moodle's download carries no late flag and only the latest attempt, so lateness and
    resubmission are Canvas's and nbgrader's part.
    """
    entries: list = []
    expected: dict[str, Expect] = {}
    participant = {name: str(4000101 + index) for index, name in enumerate(MOODLE_NAMES)}
    full = full_marks(course)

    def upload(name: str, files: dict[str, bytes], layout: str = "folder_") -> None:
        prefix = f"{name}_{participant[name]}_assignsubmission_file"
        for file, content in files.items():
            if layout == "flat":
                entries.append((f"{prefix}_{file}", content))
            else:
                entries.append((f"{prefix}{'_' if layout == 'folder_' else ''}/{file}", content))

    def expect(name: str, **facts) -> None:
        expected[participant[name]] = Expect(name=name, **facts)

    upload("Ann Abbott", student(course))
    expect("Ann Abbott", points=full)
    upload("Bruno Baker", only(course, "relu.py", "activation_functions.py"), layout="folder")
    expect("Bruno Baker", points=full_marks(course, "relu.py", "activation_functions.py"))
    upload("Cara Chen", only(course, "forward_propagation.py", "relu.py"), layout="flat")
    expect("Cara Chen", points=full_marks(course, "forward_propagation.py", "relu.py"))
    upload("Dan Diaz", {"hw.zip": make_zip(released_tree(student(course), course, prefix="hw/"))})
    expect("Dan Diaz", points=full)
    upload("Eve Evans", {"relu.py": LEAKY_RELU})
    expect("Eve Evans", less={"03_relu": full["03_relu"]}, outcome={"relu": "failed"})
    upload("José Núñez", only(course, "forward_propagation.py"), layout="folder")
    expect("José Núñez", points=full_marks(course, "forward_propagation.py"))
    upload("Gus Garcia", {"relu.py": EXITS_AT_IMPORT, "forward_propagation.py": student(course)["forward_propagation.py"]}, layout="flat")
    expect("Gus Garcia", points=full_marks(course, "forward_propagation.py"), outcome={"relu": "crashed"})
    entries.append((f"Hal Hill_{participant['Hal Hill']}_assignsubmission_onlinetext_/onlinetext.html", "<p>see my email</p>"))
    expect("Hal Hill", status="no files", problem="online text ignored")
    upload("Ivy Ivanov", {"submission.zip": b"PK\x05\x06" + b"\x00" * 10})
    expect("Ivy Ivanov", status="unreadable", problem="submission.zip rejected")
    upload("Jay Jones", {"forward.ipynb": solution_notebook(course, "forward_propagation.py", "relu.py")})
    expect("Jay Jones", points=full_marks(course, "forward_propagation.py", "relu.py"))
    upload("Kim King", {"notes.docx": b"PK\x03\x04word"}, layout="folder")
    expect("Kim King", status="no files", problem="no course file found")
    upload("Mary-Kate O'Neil", only(course, "relu.py"))
    expect("Mary-Kate O'Neil", points=full_marks(course, "relu.py"))
    for index, name in enumerate(MOODLE_NAMES[12:]):
        files = filler(course, index)
        upload(name, files, layout=("folder_", "folder", "flat")[index % 3])
        expect(name, points=full_marks(course, *files))
    path = folder / "DL101-Forward propagation-42.zip"
    path.write_bytes(make_zip(entries))

    # The roster: the LMS's order (not by id), emails, one student who never submitted. Two
    # submitters are missing from it: they follow the roster's rows, by id, with their Moodle names.
    listed = sorted((n for n in MOODLE_NAMES if n not in NOT_ON_ROSTER), key=lambda n: n.split()[-1], reverse=True)
    roster = [["id", "name", "email"]]
    for name in listed:
        shown = "O'Neil, Mary-Kate" if name == "Mary-Kate O'Neil" else name  # a comma: quoted in every CSV
        roster.append([participant[name], shown, f"{participant[name]}@uni.example"])
        expected[participant[name]].name = shown
    roster.insert(3, ["4000199", "Quiet Quinlan", "4000199@uni.example"])
    expected["4000199"] = Expect(name="Quiet Quinlan", status="no submission")
    roster_path = folder / "participants.csv"
    with open(roster_path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(roster)
    order = [row[0] for row in roster[1:]] + [participant[name] for name in NOT_ON_ROSTER]
    return path, roster_path, expected, order


@pytest.fixture(scope="module")
def moodle(course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("moodle")
    path, roster, expected, order = moodle_class(course, folder)
    out = folder / "graded"
    graded_quietly(course, [path], out, workers=2, roster=roster, code=code_for(expected))
    return out, expected, order


def test_moodle_class_each_student_is_graded_as_expected(course, moodle):
    out, expected, _ = moodle
    assert sum(w.status != "no submission" for w in expected.values()) >= 20
    check_students(out, course, expected)


def test_moodle_class_grades_csv_follows_the_roster(course, moodle):
    out, expected, order = moodle
    check_grades_csv(out, course, expected, check_students(out, course, expected), order)


def test_moodle_class_worksheet_uses_participant_identifiers(course, moodle):
    out, expected, order = moodle
    numbers = check_students(out, course, expected)
    rows = read_csv(out / "moodle.csv")
    assert rows[0] == [
        "Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
        "Grade can be changed", "Last modified (grade)", "Feedback comments",
    ]  # fmt: skip
    assert [r[0] for r in rows[1:]] == [f"Participant {s}" for s in order]
    for row in rows[1:]:
        student_id = row[0].removeprefix("Participant ")
        want, got = expected[student_id], numbers[student_id]
        email = "" if student_id in order[-len(NOT_ON_ROSTER) :] else f"{student_id}@uni.example"
        status = "No submission" if want.status == "no submission" else "Submitted for grading"
        grade_cell = lms_grade(want, got, lambda v: f"{v:.2f}")
        assert row[:8] == [row[0], want.name, email, status, grade_cell, f"{course.points:.2f}", "Yes", "-"], student_id
        if want.status == "graded":
            assert row[8].startswith(f"{fmt(got['total'])}/{fmt(course.points)}: "), row[8]
        elif want.status == "no submission":
            assert row[8] == f"No submission: 0/{fmt(course.points)}."
        else:
            assert row[8].startswith(f"Not graded ({want.status}): "), row[8]


def test_moodle_class_canvas_csv_too(course, moodle):
    """Participant numbers are numeric, so canvas.csv is written as well; the roster-only student gets 0."""
    out, expected, order = moodle
    check_canvas_csv(out, course, expected, check_students(out, course, expected), order)


def test_moodle_class_summary(course, moodle):
    out, expected, _ = moodle
    summary = check_summary(out, course, expected, check_students(out, course, expected))
    assert summary["status"]["no submission"] == 1


# --- nbgrader -----------------------------------------------------------------------------------------


def nbgrader_class(course: Course, folder: Path) -> tuple[Path, dict[str, Expect]]:
    """An nbgrader course folder: submitted/<student>/<assignment>/ with timestamp.txt, around the due date."""
    root = folder / "nbgrader-course"
    assignment = course.assignments[0].id
    stamps = {
        "alice": ("2026-12-14 20:00:00.123456 UTC", 0.0),  # on time
        "bob": ("2026-12-15 00:10:00 UTC", 0.0),  # 11 minutes late: within the 15-minute grace
        "carol": ("2026-12-15 02:00:00.000000 America/Los_Angeles", 0.1),  # 10:00 UTC: day 1
        "dave": ("2026-12-17 12:00:00 UTC", 0.3),  # 2 days 12 h past due, less the grace: 3 started days
        "erin": ("2027-01-10 09:00:00 UTC", 0.5),  # 26 days past due: capped at 50%
    }
    expected = {}
    for name, (stamp, fraction) in stamps.items():
        # The penalty is a share of the assignment's points, whatever was submitted: erin's
        # one exercise is worth less than half of them, and her total stops at 0.
        files = {"alice": student(course), "erin": only(course, "relu.py")}.get(name, only(course, "forward_propagation.py", "relu.py"))
        write_tree(root / "submitted" / name / assignment, {**files, "timestamp.txt": stamp})
        expected[name] = Expect(points=full_marks(course, *files), late=fraction > 0, late_penalty=round(fraction * course.points, 2))
    write_tree(root / "submitted" / "frank" / assignment, only(course, "relu.py"))  # no timestamp.txt: no penalty
    expected["frank"] = Expect(points=full_marks(course, "relu.py"), problem="no timestamp.txt")
    write_tree(root / "submitted" / "gina" / "another-assignment", student(course))  # not this assignment
    write_tree(root, {f"source/{assignment}/relu.py": student(course)["relu.py"], "gradebook.db": b"SQLite format 3\x00"})
    return root, expected


@pytest.fixture(scope="module")
def nbgrader(course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nbgrader")
    root, expected = nbgrader_class(course, folder)
    out = folder / "graded"
    graded_quietly(course, [root], out, workers=1)
    return out, expected


def test_nbgrader_class_late_penalties_follow_the_course_policy(course, nbgrader):
    out, expected = nbgrader
    numbers = check_students(out, course, expected)
    assert numbers["carol"]["total"] == pytest.approx(numbers["carol"]["raw"] - course.points * 0.1)
    assert numbers["dave"]["total"] == pytest.approx(numbers["dave"]["raw"] - course.points * 0.3)
    assert numbers["erin"]["raw"] == full_marks(course)["03_relu"] and numbers["erin"]["total"] == 0
    grace = results_of(out, "bob")["extra_data"]["submission"]["lateness"]
    assert grace.startswith("Submitted 11 minutes after the due date") and "grace period: on time" in grace
    carol = results_of(out, "carol")["extra_data"]["submission"]
    assert (carol["source"], carol["submitted_at"]) == ("nbgrader", "2026-12-15T02:00:00-08:00")
    assert "10% per started day" in carol["lateness"]
    assert "capped at 50%" in results_of(out, "erin")["extra_data"]["submission"]["lateness"]
    check_summary(out, course, expected, numbers)
    assert not (out / "canvas.csv").exists() and not (out / "moodle.csv").exists()  # ids are not LMS numbers


def test_nbgrader_class_grades_csv_cell_by_cell(course, nbgrader):
    out, expected = nbgrader
    check_grades_csv(out, course, expected, check_students(out, course, expected), sorted(expected))


# --- a mixed class folder and bad inputs, given together ---------------------------------------------


def mixed_class(course: Course, folder: Path) -> tuple[Path, dict[str, Expect]]:
    """A class folder: a student folder, zips, a notebook, a released tree on disk, and a stray file."""
    root = folder / "mixed-class"
    full = full_marks(course)
    write_tree(root / "alice", student(course))
    (root / "bob.zip").write_bytes(make_zip(released_tree(student(course), course)))
    (root / "carol.ipynb").write_bytes(solution_notebook(course, "forward_propagation.py", "relu.py"))
    write_tree(root / "dave", dict(released_tree(only(course, "relu.py"), course, prefix="dl-kit/")))
    (root / "erin.zip").write_bytes(make_zip([(f"erin/{n}", c) for n, c in only(course, "relu.py").items()]))
    write_tree(root, {"notes.txt": "grading notes, not a student"})
    expected = {
        "alice": Expect(points=full),
        "bob": Expect(points=full),
        "carol": Expect(points=full_marks(course, "forward_propagation.py", "relu.py")),
        "dave": Expect(points=full_marks(course, "relu.py")),
        "erin": Expect(points=full_marks(course, "relu.py")),
    }
    return root, expected


def hostile_class(course: Course, folder: Path) -> tuple[Path, dict[str, Expect]]:
    """A class folder of uploads intake must refuse or repair, around one good student."""
    root = folder / "odd-uploads"
    relu = student(course)["relu.py"]
    write_tree(root / "good", only(course, "relu.py"))
    # 1.5 MiB of zeros deflate to about 1.5 KiB: past the 1 MiB floor and the 100:1 ratio.
    (root / "bomb.zip").write_bytes(make_zip([("relu.py", b"\0" * (3 << 19))]))
    (root / "slip.zip").write_bytes(make_zip([("../../../escaped.py", b"print('out of the box')\n"), ("relu.py", relu)]))
    (root / "linky").mkdir()
    os.symlink(course.solutions_dir / "03_relu" / "relu.py", root / "linky" / "relu.py")  # the reference, if followed
    zlink = [symlink_entry("relu.py", "/etc/passwd"), *only(course, "forward_propagation.py").items()]
    (root / "zlink.zip").write_bytes(make_zip(zlink))
    (root / "fake.zip").write_bytes(b"def relu(x):\n    return x\n")
    (root / "zero.zip").write_bytes(b"")
    write_tree(root / "blank", {"relu.py": b""})
    write_tree(root / "binary", {"relu.py": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64})
    write_tree(root / "dup", {"relu.py": RELU_ON_OUTPUT})  # the same student twice: the folder and ...
    (root / "dup.zip").write_bytes(make_zip([("relu.py", relu)]))  # ... the zip, which wins by name
    expected = {
        "good": Expect(points=full_marks(course, "relu.py")),
        "bomb": Expect(status="rejected", problem="relu.py rejected: zip bomb suspected"),
        "slip": Expect(points=full_marks(course, "relu.py"), problem="zip slip entry rejected: ../../../escaped.py"),
        "linky": Expect(status="rejected", problem="symlink skipped: relu.py"),
        "zlink": Expect(points=full_marks(course, "forward_propagation.py"), problem="symlink skipped: relu.py"),
        "fake": Expect(status="unreadable", problem="fake.zip rejected: not a zip file"),
        "zero": Expect(status="unreadable", problem="zero.zip rejected: empty file (0 bytes), not a zip"),
        "blank": Expect(problem="relu.py: empty file (0 bytes)", outcome={"relu": "missing"}),
        "binary": Expect(status="rejected", problem="relu.py rejected: binary file (NUL bytes)"),
        "dup": Expect(points=full_marks(course, "relu.py"), problem="replaces 1 older or duplicate one(s): odd-uploads/dup"),
    }
    return root, expected


@pytest.fixture(scope="module")
def folders(course, tmp_path_factory):
    """Two class folders, an error page saved as a .zip and a path that does not exist, in one command."""
    folder = tmp_path_factory.mktemp("folders")
    mixed_root, mixed = mixed_class(course, folder)
    odd_root, odd = hostile_class(course, folder)
    cut = folder / "download.zip"
    cut.write_bytes(b"<html>Session expired</html>")
    # An upload that cannot be opened is still that student's: a row, status "unreadable", exit code 3.
    odd["download"] = Expect(status="unreadable", problem="download.zip could not be opened: not a zip file")
    out = folder / "graded"
    printed = graded_quietly(course, [mixed_root, odd_root, cut, folder / "missing"], out, workers=1, code=EXIT_NOT_ALL_GRADED)
    return folder, out, mixed, odd, printed


def test_folders_each_student_is_graded_as_expected(course, folders):
    _, out, mixed, odd, _ = folders
    expected = mixed | odd
    check_summary(out, course, expected, check_students(out, course, expected))


def test_mixed_folder_takes_every_kind_of_upload(folders):
    _, out, mixed, _, printed = folders
    assert "notes.txt: not a student folder, .zip or notebook; ignored" in printed
    sources = {s: results_of(out, s)["extra_data"]["submission"]["source"] for s in mixed}
    assert sources == {"alice": "folder", "bob": "zip", "carol": "file", "dave": "folder", "erin": "zip"}


def test_bad_inputs_each_get_their_status_and_the_rest_is_graded(folders):
    folder, out, _, odd, printed = folders
    assert "not graded (unreadable): download" in printed and "skipped: " + str(folder / "download.zip") not in printed
    assert f"skipped: {folder / 'missing'}: no such file or folder" in printed
    statuses = {s: results_of(out, s)["extra_data"]["submission"]["status"] for s in odd}
    assert statuses == {s: w.status for s, w in odd.items()}
    assert results_of(out, "linky")["score"] == 0  # the link to the reference was not followed
    warnings = json.loads((out / "summary.json").read_text(encoding="utf-8"))["warnings"]
    assert [w for w in warnings if w.startswith("dup: ")] == [f"dup: submissions found 2 times; graded the latest, {folder / 'odd-uploads' / 'dup.zip'}"]
    assert not list(folder.parent.rglob("escaped.py")) and not (Path.cwd() / "escaped.py").exists()


def test_folders_grades_csv_cell_by_cell_with_blank_names_where_none_is_known(course, folders):
    _, out, mixed, odd, _ = folders
    expected = mixed | odd
    check_grades_csv(out, course, expected, check_students(out, course, expected), sorted(expected))


# --- kill, resume, rerun, force, determinism ----------------------------------------------------------


def resume_class(course: Course, folder: Path) -> Path:
    """Seven student folders named by Canvas user id (so canvas.csv is written too): right, wrong, hostile, empty."""
    root = folder / "class"
    write_tree(root / "70001", student(course))
    write_tree(root / "70002", only(course, "relu.py", "activation_functions.py"))
    write_tree(root / "70003", student(course))
    write_tree(root / "70004", {"forward_propagation.py": NODE0_TWICE})
    write_tree(root / "70005", student(course, relu_py=RELU_HANGS))
    write_tree(root / "70006", {"relu.py": EXITS_AT_IMPORT, "forward_propagation.py": student(course)["forward_propagation.py"]})
    write_tree(root / "70007", {"readme.md": "nothing here"})
    return root


def grade_options(*more: str) -> tuple[str, ...]:
    return ("--examples", str(EXAMPLES), *more)


@pytest.fixture(scope="module")
def clean_run(course, tmp_path_factory):
    """The resume class graded start to end with 2 workers: the bytes every other run must give."""
    folder = tmp_path_factory.mktemp("resume")
    root = resume_class(course, folder)
    out = folder / "clean"
    start = time.monotonic()
    done = run_grade(course.root, [root], out, *grade_options("--workers", "2"))
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    files = tree_bytes(out)
    students = [f"7000{i}" for i in range(1, 8)]
    per_student = [f"{s}/{name}" for s in students for name in ("feedback.md", "results.json")]
    assert {"canvas.csv", "grades.csv", "summary.json", *per_student} <= set(files)  # and whatever else it writes
    assert sorted({name.split("/")[0] for name in files if "/" in name} - KIT_FOLDERS) == students
    return root, out, files, seconds


@pytest.fixture(scope="module")
def killed_and_resumed(course, clean_run, tmp_path_factory):
    """The same class: SIGKILLed once a student is done, then run again to the end in the same folder."""
    root = clean_run[0]
    out = tmp_path_factory.mktemp("killed") / "graded"
    done, left_behind = kill_after_first_student(course.root, [root], out, *grade_options("--workers", "2"))
    finished_before = (out / "grades.csv").exists()
    resumed = run_grade(course.root, [root], out, *grade_options("--workers", "2"))
    assert resumed.returncode == 0, resumed.stderr
    return out, done, finished_before, " ".join(resumed.stdout.split()), left_behind


def test_killed_run_resumes_to_the_same_bytes_as_a_clean_run(clean_run, killed_and_resumed):
    out, done, finished_before, printed, _ = killed_and_resumed
    assert 1 <= done < 7 and not finished_before, f"the kill came after {done} of 7 students"
    assert f"{done} submission(s) already graded with the same content and course; skipping them" in printed
    assert tree_bytes(out) == clean_run[2]


def test_killed_run_leaves_no_grading_processes_behind(killed_and_resumed):
    left_behind = killed_and_resumed[4]
    assert not left_behind, "still running 10 s after `autograder grade` was SIGKILLed:\n" + "\n".join(left_behind)


def test_rerun_of_a_finished_class_skips_everyone(course, clean_run, tmp_path):
    root, out, clean, clean_seconds = clean_run
    copy = tmp_path / "graded"
    shutil.copytree(out, copy)
    stamps = {p: p.stat().st_mtime_ns for p in copy.glob("*/*")}
    start = time.monotonic()
    again = run_grade(course.root, [root], copy, *grade_options("--workers", "2"))
    seconds = time.monotonic() - start
    assert again.returncode == 0, again.stderr
    assert "7 submission(s) already graded with the same content and course; skipping them" in " ".join(again.stdout.split())
    assert {p: p.stat().st_mtime_ns for p in copy.glob("*/*")} == stamps, "skipped students' files are not rewritten"
    assert tree_bytes(copy) == clean
    assert seconds < max(5.0, clean_seconds / 2), f"a rerun that grades nothing took {seconds:.1f} s"


def test_force_regrades_everyone_to_the_same_bytes(course, clean_run, tmp_path):
    root, out, clean, _ = clean_run
    copy = tmp_path / "graded"
    shutil.copytree(out, copy)
    for path in copy.glob("*/results.json"):
        os.utime(path, ns=(0, 0))
    printed = graded_quietly(course, [root], copy, workers=1, force=True)
    assert "already graded" not in printed
    assert all(p.stat().st_mtime_ns > 0 for p in copy.glob("*/results.json")), "force rewrites every student"
    assert tree_bytes(copy) == clean


def test_one_worker_and_two_workers_give_the_same_bytes(course, clean_run, tmp_path):
    """The clean run used 2 worker processes; this one grades in this process, one student at a time."""
    root, _, clean, _ = clean_run
    out = tmp_path / "graded"
    graded_quietly(course, [root], out, workers=1)
    assert tree_bytes(out) == clean


def test_rerun_with_other_examples_regrades(course, tmp_path):
    """A grade depends on the examples per check, so a result made with other examples is not reused."""
    write_tree(tmp_path / "solo", only(course, "relu.py"))  # one student's folder
    out = tmp_path / "graded"
    assert grade(course, [tmp_path / "solo"], out, workers=1, examples=EXAMPLES) == 0
    assert max(t["extra_data"]["examples"] for t in per_check(results_of(out, "solo"))) == EXAMPLES
    assert grade(course, [tmp_path / "solo"], out, workers=1, examples=EXAMPLES + 5) == 0
    examples = max(t["extra_data"]["examples"] for t in per_check(results_of(out, "solo")))
    assert examples == EXAMPLES + 5, f"the result graded with {examples} examples per check was kept"


def test_two_grade_runs_at_once_do_not_disturb_each_other(course, tmp_path):
    """Another grading run on the machine (another course, `dev check`) must not stop this run's workers.

    The other run grades functions that hang, so it stops its hung workers again and again
    while this one grades correct work.
    """
    hangs = tmp_path / "hangs"
    for index in range(3):
        write_tree(hangs / f"h{index}", {"relu.py": RELU_HANGS})
    fine = tmp_path / "fine"
    for index in range(6):
        write_tree(fine / f"f{index}", student(course))
    other = start_grade(course.root, [hangs], tmp_path / "hangs-graded", *grade_options("--workers", "1"))
    try:
        graded_quietly(course, [fine], tmp_path / "fine-graded", workers=1)
    finally:
        other.wait(timeout=600)
    assert other.returncode == 0
    scores = {f"f{i}": results_of(tmp_path / "fine-graded", f"f{i}")["score"] for i in range(6)}
    assert scores == {f"f{i}": course.points for i in range(6)}
    for index in range(3):
        data = results_of(tmp_path / "hangs-graded", f"h{index}")
        assert summed(data, "function")["predict_with_relu"] == points_of(course, "predict_with_relu")
        assert outcomes(data, "relu") == {"timeout"}
