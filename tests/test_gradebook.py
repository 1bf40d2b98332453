"""Gradebook files read back cell by cell, as the LMS importers would read them; and the roster."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import datetime, timedelta, timezone

import pytest

from autograder.points import PointsError

from autograder.outputs.gradebook import (
    CourseInfo,
    GradebookError,
    GradeRow,
    canvas_csv,
    format_points,
    grades_csv,
    moodle_csv,
    neutralise,
    rows_from_results,
    summary_json,
    write_all,
)
from autograder.intake.lateness import LatePolicy, assess
from autograder.results import CheckResult, SubmissionResult
from autograder.intake.roster import RosterEntry, RosterError, parse_roster, read_roster

FORWARD = "01_forward_propagation"
RELU = "03_relu"
EXERCISES = [FORWARD, RELU]
DUE = datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)

COMMA_QUOTE_NAME = 'Smith, Jr., Robert "Bob"'
UNICODE_NAME = "Nuñez, Zoë 李"


def check(exercise, name, outcome="passed", score=None, max_score=1.0, misconception=None):
    return CheckResult(
        exercise=exercise,
        function=name.split(":")[0],
        name=name,
        outcome=outcome,
        score=max_score if score is None and outcome == "passed" else (score or 0.0),
        max_score=max_score,
        visibility="visible",
        public=True,
        misconception=misconception,
    )


def submission(student, checks, **kwargs):
    return SubmissionResult(
        student=student, course="dl-intro", grader_version="0.1.0", isolation="process", checks=tuple(checks), **kwargs
    )


def full_checks(*, node=2.0, predict=3.0, relu=2.0, outcomes=None, misconception=None):
    """Forward propagation (node 2, predict 3) and relu (2): 7 points in all."""
    outcomes = outcomes or {}
    return [
        check(FORWARD, "node_value: matches the reference", outcomes.get("node", "passed" if node == 2 else "failed"), node, 2.0),
        check(FORWARD, "predict: matches the reference", outcomes.get("predict", "passed" if predict == 3 else "failed"), predict, 3.0, misconception),
        check(RELU, "relu: is never negative", outcomes.get("relu", "passed" if relu == 2 else "failed"), relu, 2.0),
    ]


ROSTER_CSV = (
    "\ufeffName,ID,SIS User ID,Email,Section\n"
    '"Doe, Jane",50123,S001,jdoe@example.edu,CS-101 Sec 1\n'
    f'"{COMMA_QUOTE_NAME.replace(chr(34), chr(34) * 2)}",50124,S002,bsmith@example.edu,CS-101 Sec 1\n'
    f"{UNICODE_NAME.split(',')[0]} {UNICODE_NAME.split(', ')[1]},50125,S003,zn@example.edu,CS-101 Sec 2\n"
    "Absent Student,50126,S004,absent@example.edu,CS-101 Sec 2\n"
    "Not Started,50127,S005,ns@example.edu,CS-101 Sec 2\n"
    "Rejected Archive,50128,S006,rej@example.edu,CS-101 Sec 1\n"
)


@pytest.fixture
def roster():
    entries = parse_roster(ROSTER_CSV)
    # The unicode name in sortable form, so the Canvas "Student" cell shows "Last, First".
    return [RosterEntry(e.id, UNICODE_NAME, e.email, e.sis_id, e.section) if e.id == "50125" else e for e in entries]


@pytest.fixture
def results():
    return [
        # Jane: 1.5 of 3 on predict, the rest right; 1 day 3 hours late at 10% per day of 7 points.
        submission("50123", full_checks(predict=1.5, misconception="forgot-hidden-layer")),
        submission("50124", full_checks()),
        submission("50125", full_checks(predict=0.0, relu=0.0, misconception="forgot-hidden-layer")),
        submission(
            "50127",
            full_checks(node=0.0, predict=0.0, relu=0.0, outcomes=dict.fromkeys(("node", "predict", "relu"), "not_started")),
        ),
        submission("50128", [], notes=("hw.zip: not a zip archive; upload the .py files",)),
        # Submitted but not on the roster (added late to the course): kept, sorted after the roster.
        submission("50199", full_checks(relu=1.0), extra={"name": "Late Joiner"}),
    ]


@pytest.fixture
def lateness():
    policy = LatePolicy(penalty_per_day=0.1, max_penalty=0.5)
    return {
        "50123": assess(submitted_at=DUE + timedelta(days=1, hours=3), late_flag=False, due=DUE, policy=policy, max_score=7),
        "50124": assess(submitted_at=DUE - timedelta(hours=1), late_flag=False, due=DUE, policy=policy, max_score=7),
        # Very late: 20 days would be 200%, capped at 50% = 3.5 points.
        "50125": assess(submitted_at=DUE + timedelta(days=20), late_flag=False, due=DUE, policy=policy, max_score=7),
    }


@pytest.fixture
def rows(results, roster, lateness):
    return rows_from_results(results, roster, lateness, EXERCISES)


def read_csv(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def by_id(rows):
    return {row.student_id: row for row in rows}


# --- rows_from_results ------------------------------------------------------------------------


def test_rows_follow_the_roster_then_unlisted_students(rows):
    assert [row.student_id for row in rows] == ["50123", "50124", "50125", "50126", "50127", "50128", "50199"]


def test_points_penalty_and_total(rows):
    jane = by_id(rows)["50123"]
    assert jane.points == {FORWARD: 3.5, RELU: 2.0}
    assert (jane.raw_total, jane.late_penalty, jane.total, jane.max_score, jane.late) == (5.5, 1.4, 4.1, 7.0, True)
    assert jane.status == "graded"
    assert jane.feedback_summary == f"4.1/7: {FORWARD} 3.5/5, {RELU} 2/2; late penalty -1.4"
    assert (jane.name, jane.email, jane.sis_id, jane.section) == ("Doe, Jane", "jdoe@example.edu", "S001", "CS-101 Sec 1")


def test_on_time_student_keeps_everything(rows):
    bob = by_id(rows)["50124"]
    assert (bob.raw_total, bob.late_penalty, bob.total, bob.late) == (7.0, 0.0, 7.0, False)
    assert bob.name == COMMA_QUOTE_NAME


def test_penalty_is_capped_and_total_never_negative(rows):
    zoe = by_id(rows)["50125"]
    # raw 2 (node_value only); capped penalty 50% of 7 = 3.5 > 2, so the total stops at 0.
    assert (zoe.raw_total, zoe.late_penalty, zoe.total) == (2.0, 3.5, 0.0)


def test_roster_student_without_submission(rows):
    absent = by_id(rows)["50126"]
    assert absent.status == "no submission"
    assert absent.points == {FORWARD: 0.0, RELU: 0.0}
    assert (absent.raw_total, absent.total, absent.max_score, absent.late) == (0.0, 0.0, 7.0, False)
    assert (absent.name, absent.email, absent.sis_id, absent.section) == (
        "Absent Student",
        "absent@example.edu",
        "S004",
        "CS-101 Sec 2",
    )


def test_rejected_submission_has_no_points_and_says_why(rows):
    rejected = by_id(rows)["50128"]
    assert rejected.status == "rejected"
    assert rejected.max_score == 7.0
    assert rejected.feedback_summary == "Not graded (rejected): hw.zip: not a zip archive; upload the .py files"


def test_student_not_on_roster_uses_result_extra(rows):
    joiner = by_id(rows)["50199"]
    assert (joiner.name, joiner.section, joiner.total) == ("Late Joiner", "", 6.0)


def test_no_roster_sorts_by_id_naturally():
    rows = rows_from_results(
        [submission("s10", full_checks()), submission("s9", full_checks()), submission("s2", full_checks())],
        None,
        {},
        EXERCISES,
    )
    assert [row.student_id for row in rows] == ["s2", "s9", "s10"]


def test_check_of_an_unknown_exercise_is_refused():
    with pytest.raises(GradebookError, match=r"exercise '03_relu'.*did you mean '03_reLU'\?"):
        rows_from_results([submission("1", full_checks())], None, {}, [FORWARD, "03_reLU"])


def test_two_results_for_one_student_are_refused():
    with pytest.raises(GradebookError, match="student='1' has two results"):
        rows_from_results([submission("1", full_checks()), submission("1", full_checks())], None, {}, EXERCISES)


def test_zero_max_assignment():
    rows = rows_from_results(
        [submission("1", [check(RELU, "relu: runs", "passed", 0.0, 0.0)])],
        [RosterEntry("1"), RosterEntry("2")],
        {"1": assess(submitted_at=DUE + timedelta(days=2), late_flag=False, due=DUE, policy=LatePolicy(penalty_per_day=0.5), max_score=0)},
        [RELU],
    )
    assert [(r.total, r.max_score, r.late_penalty, r.late) for r in rows] == [(0.0, 0.0, 0.0, True), (0.0, 0.0, 0.0, False)]
    assert read_csv(canvas_csv(rows, assignment_title="Zero", assignment_id=1, points_possible=0))[1][-1] == "0.00"


# --- number format ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.5, "2.5"), (2.125, "2.13"), (3.0, "3"), (3, "3"), (0.43, "0.43"), (0.1 + 0.2, "0.3"), (2.675, "2.68"), (1 / 3, "0.33"), (-0.001, "0"), (0, "0"), (12.0, "12")],
)
def test_format_points(value, text):
    assert format_points(value) == text


def test_format_points_refuses_nan():
    with pytest.raises(PointsError, match="not a finite number"):
        format_points(float("nan"))


# --- grades.csv -------------------------------------------------------------------------------


def test_grades_csv_cell_by_cell(rows):
    table = read_csv(grades_csv(rows, EXERCISES))
    assert table[0] == ["student_id", "name", FORWARD, RELU, "raw_total", "late_penalty", "total", "max", "late", "status"]
    cells = {line[0]: line for line in table[1:]}
    assert cells["50123"] == ["50123", "Doe, Jane", "3.5", "2", "5.5", "1.4", "4.1", "7", "yes", "graded"]
    assert cells["50124"] == ["50124", COMMA_QUOTE_NAME, "5", "2", "7", "0", "7", "7", "no", "graded"]
    assert cells["50125"] == ["50125", UNICODE_NAME, "2", "0", "2", "3.5", "0", "7", "yes", "graded"]
    assert cells["50126"] == ["50126", "Absent Student", "0", "0", "0", "0", "0", "7", "no", "no submission"]
    assert cells["50128"][-1] == "rejected"
    assert len(table) == 1 + len(rows)


def test_grades_csv_quotes_only_what_needs_it(rows):
    text = grades_csv(rows, EXERCISES)
    assert '50123,"Doe, Jane",3.5,2,' in text
    assert '"Smith, Jr., Robert ""Bob"""' in text
    assert "\r" not in text and text.endswith("\n")


def test_grades_csv_refuses_an_exercise_named_like_a_fixed_column(rows):
    with pytest.raises(GradebookError, match="'total' would appear twice"):
        grades_csv(rows, [FORWARD, "total"])


def test_writers_are_deterministic(results, roster, lateness):
    first = rows_from_results(results, roster, lateness, EXERCISES)
    again = rows_from_results(list(reversed(results)), roster, lateness, EXERCISES)
    assert grades_csv(first, EXERCISES) == grades_csv(again, EXERCISES)
    assert summary_json(results, first) == summary_json(results, again)


# --- Canvas -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, shown",
    [
        ("=1+2", "'=1+2"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.5", "-1.5"),  # numbers stay numbers
        ("+7", "+7"),
        ("-", "-"),  # Moodle's "Last modified (grade)" for ungraded work
        ("alice", "alice"),
        ("a=b", "a=b"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_text(cell, shown):
    assert neutralise(cell) == shown


def test_every_lms_file_neutralises_ids_and_names_from_uploads():
    result = submission("=HYPERLINK(\"http://x\")", full_checks(), extra={"name": "@evil", "status": "graded"})
    (row,) = rows_from_results([result], None, {}, EXERCISES)
    # Moodle keys rows by participant number, so only the name can carry a formula there.
    (numbered,) = rows_from_results([submission("50101", full_checks(), extra={"name": "=evil()"})], None, {}, EXERCISES)
    for text in (grades_csv([row], EXERCISES), canvas_text([row]), moodle_csv([numbered], assignment_title="HW")):
        cells = [cell for line in read_csv(text)[1:] for cell in line]
        assert not [cell for cell in cells if cell[:1] in ("=", "@", "+") or (cell[:1] == "-" and len(cell) > 1)], text


def canvas_text(rows):
    return canvas_csv(rows, assignment_title="Forward propagation in numpy", assignment_id=480001, points_possible=7)


def test_canvas_header_satisfies_the_importer(rows):
    header = read_csv(canvas_text(rows))[0]
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Forward propagation in numpy (480001)"]
    # The rules of Canvas's GradebookImporter, applied as it applies them.
    assert len(header) > 3
    assert re.search(r"Student", header[0]) and re.search(r"ID", header[1])
    assert header[2:5] == ["SIS User ID", "SIS Login ID", "Section"]  # an accepted sequence
    assert re.search(r"Section", header[4])
    title, assignment_id = re.fullmatch(r"\A(.*)\s\((\d+)\)\Z", header[5]).groups()
    assert (title, assignment_id) == ("Forward propagation in numpy", "480001")


def test_canvas_points_possible_row(rows):
    second = read_csv(canvas_text(rows))[1]
    assert second == ["    Points Possible", "", "", "", "", "7.00"]
    assert re.search(r"Points Possible", second[0])
    assert canvas_text(rows).splitlines()[1] == "    Points Possible,,,,,7.00"


def test_canvas_student_rows(rows):
    table = read_csv(canvas_text(rows))
    students = {line[1]: line for line in table[2:]}
    assert students["50123"] == ["Doe, Jane", "50123", "S001", "", "CS-101 Sec 1", "4.1"]
    assert students["50124"] == [COMMA_QUOTE_NAME, "50124", "S002", "", "CS-101 Sec 1", "7"]
    assert students["50125"] == [UNICODE_NAME, "50125", "S003", "", "CS-101 Sec 2", "0"]
    assert students["50126"][-1] == "0"  # roster student without a submission: a real zero
    assert students["50128"][-1] == ""  # rejected: blank, Canvas leaves the cell as it is
    assert students["50199"][0] == "Late Joiner"
    assert all(len(line) == 6 for line in table)


def test_canvas_student_cell_falls_back_to_the_id():
    rows = rows_from_results([submission("777", full_checks())], None, {}, EXERCISES)
    assert read_csv(canvas_text(rows))[2][:2] == ["777", "777"]


def test_canvas_refuses_a_non_numeric_assignment_id(rows):
    with pytest.raises(GradebookError, match="assignment_id='hw3' must be Canvas's numeric assignment id"):
        canvas_csv(rows, assignment_title="HW3", assignment_id="hw3", points_possible=7)


def test_canvas_refuses_titles_it_would_ignore(rows):
    with pytest.raises(GradebookError, match="rename the assignment"):
        canvas_csv(rows, assignment_title="Final Grade project", assignment_id=5, points_possible=7)


def test_canvas_without_assignment_id_uses_the_bare_title(rows):
    header = read_csv(canvas_csv(rows, assignment_title="HW3", assignment_id=None, points_possible=7))[0]
    assert header[-1] == "HW3"


# --- Moodle -----------------------------------------------------------------------------------


def test_moodle_worksheet(rows):
    table = read_csv(moodle_csv(rows, assignment_title="Forward propagation in numpy"))
    assert table[0] == [
        "Identifier",
        "Full name",
        "Email address",
        "Status",
        "Grade",
        "Maximum Grade",
        "Grade can be changed",
        "Last modified (grade)",
        "Feedback comments",
    ]
    lines = {line[0]: line for line in table[1:]}
    assert lines["Participant 50123"] == [
        "Participant 50123",
        "Doe, Jane",
        "jdoe@example.edu",
        "Submitted for grading",
        "4.10",
        "7.00",
        "Yes",
        "-",
        f"4.1/7: {FORWARD} 3.5/5, {RELU} 2/2; late penalty -1.4",
    ]
    assert lines["Participant 50124"][1] == COMMA_QUOTE_NAME
    assert lines["Participant 50126"][3:5] == ["No submission", "0.00"]
    assert lines["Participant 50128"][4] == ""  # Moodle skips a blank grade
    # The importer strips the "Participant " prefix and looks the number up.
    assert all(re.fullmatch(r"Participant \d+", line[0]) for line in table[1:])


def test_moodle_escapes_feedback_html():
    row = GradeRow("5", "A", "", "", "", "graded", {RELU: 1}, 1, 0, 1, 2, False, "relu <b>1/2</b> & more")
    assert read_csv(moodle_csv([row], assignment_title="HW"))[1][-1] == "relu &lt;b&gt;1/2&lt;/b&gt; &amp; more"


def test_moodle_needs_participant_numbers():
    row = GradeRow("jdoe", "Jane", "", "", "", "graded", {}, 1, 0, 1, 2, False)
    with pytest.raises(GradebookError, match="student_id='jdoe' is not a Moodle participant number"):
        moodle_csv([row], assignment_title="HW")


# --- summary ----------------------------------------------------------------------------------


def test_summary_numbers(results, rows):
    summary = summary_json(results, rows)
    assert summary["students"] == 7 and summary["submissions"] == 6
    assert summary["status"] == {"graded": 5, "no submission": 1, "rejected": 1}
    # graded totals: 4.1, 7, 0, 0 (not started), 6
    assert summary["totals"] == {"count": 5, "mean": 3.42, "median": 4.1, "min": 0.0, "max": 7.0}
    assert summary["max_score"] == 7.0
    assert summary["late"] == 2
    assert summary["not_started"] == 1
    assert summary["outcomes"]["passed"] == 8
    assert summary["outcomes"]["failed"] == 4
    assert summary["outcomes"]["not_started"] == 3
    assert list(summary["outcomes"])[:3] == ["passed", "failed", "error"]
    assert summary["checks"] == [
        {"name": "node_value: matches the reference", "exercise": FORWARD, "runs": 5, "passed": 4, "pass_rate": 0.8},
        {"name": "predict: matches the reference", "exercise": FORWARD, "runs": 5, "passed": 2, "pass_rate": 0.4},
        {"name": "relu: is never negative", "exercise": RELU, "runs": 5, "passed": 2, "pass_rate": 0.4},
    ]
    assert summary["exercises"] == [
        {"exercise": FORWARD, "mean_points": 3.1},  # (3.5 + 5 + 2 + 0 + 5) / 5
        {"exercise": RELU, "mean_points": 1.0},  # (2 + 2 + 0 + 0 + 1) / 5
    ]
    assert summary["misconceptions"] == [{"id": "forgot-hidden-layer", "count": 2, "students": ["50123", "50125"]}]
    json.dumps(summary)  # plain JSON, no timestamps or custom types


def test_summary_of_an_empty_class():
    summary = summary_json([], [])
    assert summary["totals"] == {"count": 0, "mean": None, "median": None, "min": None, "max": None}
    assert summary["checks"] == [] and summary["misconceptions"] == []


# --- write_all --------------------------------------------------------------------------------


def test_write_all_writes_the_asked_files_atomically(tmp_path, results, rows):
    info = {"assignment_title": "Forward propagation in numpy", "exercises": EXERCISES, "canvas_assignment_id": 480001, "moodle": True}
    written = write_all(tmp_path / "out", rows, info, summary=summary_json(results, rows))
    assert [p.name for p in written] == ["grades.csv", "canvas.csv", "moodle.csv", "summary.json"]
    assert sorted(os.listdir(tmp_path / "out")) == ["canvas.csv", "grades.csv", "moodle.csv", "summary.json"]
    assert (tmp_path / "out" / "grades.csv").read_bytes().decode("utf-8") == grades_csv(rows, EXERCISES)
    assert read_csv((tmp_path / "out" / "canvas.csv").read_text("utf-8"))[1][-1] == "7.00"
    assert json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))["late"] == 2


def test_write_all_refuses_unknown_course_info_keys(tmp_path, rows):
    with pytest.raises(GradebookError, match="course_info: unknown key 'canvas_id'; the keys are"):
        write_all(tmp_path, rows, {"assignment_title": "HW", "exercises": EXERCISES, "canvas_id": 5})


def test_rows_are_immutable_and_hashable(rows):
    with pytest.raises(AttributeError):
        rows[0].total = 10
    assert len(set(rows)) == len(rows)


def test_write_all_writes_nothing_when_a_file_cannot_be_built(tmp_path):
    row = GradeRow("jdoe", "Jane", "", "", "", "graded", {RELU: 1}, 1, 0, 1, 2, False)
    with pytest.raises(GradebookError):
        write_all(tmp_path, [row], CourseInfo("HW", (RELU,), moodle=True))
    assert os.listdir(tmp_path) == []


# --- roster -----------------------------------------------------------------------------------


def test_roster_with_bom_quotes_and_flexible_headers(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER_CSV.encode("utf-8-sig"))
    entries = read_roster(path)
    assert entries[0] == RosterEntry("50123", "Doe, Jane", "jdoe@example.edu", "S001", "CS-101 Sec 1")
    assert entries[1].name == COMMA_QUOTE_NAME
    assert entries[2].name == "Nuñez Zoë 李"
    assert [e.id for e in entries] == ["50123", "50124", "50125", "50126", "50127", "50128"]


def test_roster_from_a_canvas_export():
    text = (
        "Student,ID,SIS User ID,SIS Login ID,Integration ID,Section,HW3 (1)\n"
        "    Points Possible,,,,,,10.00\n"
        ",,,,,,Manual Posting\n"
        '"Doe, Jane",50123,S001,jdoe,,CS-101 Sec 1,8.5\n'
    )
    assert parse_roster(text) == [RosterEntry("50123", "Doe, Jane", "", "S001", "CS-101 Sec 1")]


def test_roster_with_first_and_last_names_and_semicolons():
    text = "Participant;First name;Surname;Email address\n1234567;Jane;Doe;jdoe@example.edu\n"
    assert parse_roster(text) == [RosterEntry("1234567", "Jane Doe", "jdoe@example.edu", "", "")]


def test_roster_without_an_id_column_says_what_to_do():
    with pytest.raises(RosterError, match=r"roster.csv: no student id column \(found columns: 'Name', 'Email'\); add a column named 'id'"):
        parse_roster("Name,Email\nJane,j@x\n", source="roster.csv")


def test_roster_errors_name_the_line():
    with pytest.raises(RosterError, match=r"line 3: id '1' already appears on line 2"):
        parse_roster("id,name\n1,A\n1,B\n")
    with pytest.raises(RosterError, match=r"line 2: the id cell is empty"):
        parse_roster("id,name\n,Jane\n")
    with pytest.raises(RosterError, match="both look like the id column"):
        parse_roster("ID,Student ID\n1,2\n")
    with pytest.raises(RosterError, match="the roster is empty"):
        parse_roster("\n\n")


def test_roster_file_problems(tmp_path):
    with pytest.raises(RosterError, match="no such roster file"):
        read_roster(tmp_path / "missing.csv")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,name\n1,Zo\xeb\n".encode("latin-1"))
    with pytest.raises(RosterError, match="save the roster as 'CSV UTF-8'"):
        read_roster(latin)
