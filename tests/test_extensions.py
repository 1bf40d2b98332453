"""Extensions: the late policy counts grace, penalty and cap from a student's own due date, the
roster and extensions.csv say who has one, and a bad row is refused naming its file, row and fix."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from autograder.course import Assignment
from autograder.intake.extensions import ExtensionError, extensions_for, late_facts, parse_extensions, read_extensions
from autograder.intake.lateness import LatePolicy
from autograder.intake.roster import RosterError, parse_roster
from autograder.render.decisions import lateness_text

DUE = datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)
HW = Assignment(id="hw1", title="HW 1", exercises=("03_relu",), due=DUE)
POLICY = LatePolicy(grace_minutes=15, penalty_per_day=0.1, max_penalty=0.3)
HEADER = "id,assignment,due,days,reason\n"


def rows(text: str, assignments=("hw1", "hw2")):
    return parse_extensions(HEADER + text, source="extensions.csv", assignments=assignments)


def facts(submitted: datetime, extension_rows: str = "ada,hw1,,2,illness\n", *, late_flag: bool = False, max_score: float = 10) -> dict:
    extension = extensions_for(HW, rows(extension_rows)).get("ada")
    return late_facts(submitted_at=submitted, late_flag=late_flag, assignment=HW, policy=POLICY, max_score=max_score, extension=extension)


def test_grace_counts_from_the_extended_due_date():
    two_days_on = DUE + timedelta(days=2)
    within = facts(two_days_on + timedelta(minutes=15))
    assert (within["late"], within["late_penalty"]) == (False, 0.0)
    assert "within the 15-minute grace period" in within["lateness"]
    assert facts(two_days_on + timedelta(minutes=16))["late_penalty"] == 1.0


def test_penalty_counts_started_days_after_the_extended_due_date():
    # 1 day 1 hour after the extension (and 3 days after the course's due date): 2 started days.
    verdict = facts(DUE + timedelta(days=3, hours=1))
    assert (verdict["late"], verdict["late_penalty"]) == (True, 2.0)
    assert "after the due date (2026-12-16 23:59 UTC" in verdict["lateness"]


def test_the_cap_holds_with_an_extension():
    verdict = facts(DUE + timedelta(days=12))
    assert verdict["late_penalty"] == 3.0 and "capped at 30%" in verdict["lateness"]


def test_a_submission_before_the_extended_due_date_is_on_time_and_the_record_keeps_the_facts():
    verdict = facts(DUE + timedelta(days=1))
    assert (verdict["late"], verdict["late_penalty"]) == (False, 0.0)
    assert verdict["extension"] == {
        "due": "2026-12-16T23:59:00+00:00",
        "days": 2.0,
        "reason": "illness",
        "source": "extensions.csv, row 2",
        "late_flag_ignored": False,
    }
    assert lateness_text(verdict) == "Extension to 2026-12-16 23:59 UTC. On time."


def test_no_extension_leaves_the_record_as_before():
    verdict = late_facts(submitted_at=DUE + timedelta(days=1), late_flag=False, assignment=HW, policy=POLICY, max_score=10)
    assert "extension" not in verdict and verdict["late_penalty"] == 1.0


def test_a_new_due_date_with_a_time_zone_replaces_the_course_due_date():
    verdict = facts(DUE + timedelta(days=5), "ada,hw1,2026-12-20T12:00:00+01:00,,\n")
    assert verdict["late"] is False
    assert lateness_text(verdict).startswith("Extension to 2026-12-20 12:00 UTC+01:00.")


def test_a_date_alone_takes_the_course_due_dates_time_of_day():
    extension = extensions_for(HW, rows("ada,hw1,2026-12-18,,\n"))["ada"]
    assert extension.due == datetime(2026, 12, 18, 23, 59, tzinfo=timezone.utc)


def test_the_lms_late_flag_is_not_counted_with_an_extension_when_no_time_is_known():
    verdict = facts(None, late_flag=True)
    assert (verdict["late"], verdict["late_penalty"], verdict["extension"]["late_flag_ignored"]) == (False, 0.0, True)
    assert "against the original due date" in lateness_text(verdict)


def test_the_row_for_this_assignment_beats_a_row_for_all_which_beats_the_roster():
    roster = parse_roster("id,name,extension_days\nada,Ada,1\nbob,Bob,1\ncy,Cy,3\n", source="roster.csv")
    grants = extensions_for(HW, rows("ada,,,4,\nada,hw1,,2,\nbob,,,5,\ncy,hw2,,9,\n"), roster, roster_source="roster.csv")
    assert {student: e.days for student, e in grants.items()} == {"ada": 2.0, "bob": 5.0, "cy": 3.0}
    assert grants["cy"].source == "roster.csv (extension_days)"


def test_the_roster_column_must_hold_days():
    assert parse_roster("id,extension_days\nada,\nbob,1.5\n")[1].extension_days == 1.5
    with pytest.raises(RosterError, match=r"roster.csv, line 2: extension_days = 'two' is not a number of days; write e.g. 2"):
        parse_roster("id,extension_days\nada,two\n", source="roster.csv")


@pytest.mark.parametrize(
    "text, message",
    [
        ("ada,hw1,2026-12-16,2,\n", r"extensions.csv, row 2: both due \('2026-12-16'\) and days \('2'\) are given; keep one of them"),
        ("ada,hw1,16/12/2026,,\n", r"extensions.csv, row 2: due '16/12/2026' is not a date; write it as 2026-12-16T23:59:00Z"),
        ("ada,hw1,,,\n", r"extensions.csv, row 2: neither due nor days is given"),
        ("ada,hw1,,-1,\n", r"extensions.csv, row 2: days '-1' is not a number of days above 0"),
        ("ada,hw9,,1,\n", r"extensions.csv, row 2: assignment 'hw9' is not in course.toml; did you mean 'hw2'\? the assignments are hw1, hw2"),
        ("ada,hw1,,1,\nada,hw1,,2,\n", r"extensions.csv, row 3: 'ada' already has an extension for hw1 in extensions.csv, row 2; keep one row"),
        (",hw1,,1,\n", r"extensions.csv, row 2: the id cell is empty"),
    ],
    ids=["both-due-and-days", "bad-date", "neither", "negative-days", "unknown-assignment", "twice", "no-id"],
)
def test_a_bad_row_is_refused_naming_the_file_the_row_and_the_fix(text, message):
    with pytest.raises(ExtensionError, match=message):
        rows(text)


def test_an_unknown_column_is_refused_with_a_suggestion():
    with pytest.raises(ExtensionError, match=r"extensions.csv: unknown column 'reasn'; did you mean 'reason'\?"):
        parse_extensions("id,days,reasn\nada,1,x\n", source="extensions.csv", assignments=["hw1"])


def test_an_unknown_student_is_refused_with_a_suggestion():
    with pytest.raises(ExtensionError, match=r"extensions.csv, row 2: no student 'adaa' in the roster or the submissions; did you mean 'ada'\?"):
        extensions_for(HW, rows("adaa,hw1,,1,\n"), students=["ada", "bob"])


def test_days_need_a_due_date_in_course_toml():
    with pytest.raises(ExtensionError, match="the assignment has no due date; set `due` for it in course.toml"):
        extensions_for(replace(HW, due=None), rows("ada,hw1,,1,\n"))


def test_a_missing_file_says_what_to_write(tmp_path):
    with pytest.raises(ExtensionError, match="no such extensions file; write one with the columns id, assignment, due or days, reason"):
        read_extensions(tmp_path / "extensions.csv", assignments=["hw1"])


def test_grade_applies_an_extension_and_the_feedback_says_so(course, tmp_path):
    from autograder.commands import grade
    from autograder.outputs.results_json import from_gradescope
    import json

    assignment = course.assignments[0]
    submitted = tmp_path / "nb" / "submitted"
    for student in ("ada", "bob"):
        folder = submitted / student / assignment.id
        folder.mkdir(parents=True)
        shutil.copy(course.solutions_dir / "03_relu" / "relu.py", folder / "relu.py")
        # A day after the course's due date: late for bob, on time for ada's two extra days.
        (folder / "timestamp.txt").write_text("2026-12-15 23:00:00.000000 UTC\n", encoding="utf-8")
    extensions = tmp_path / "extensions.csv"
    extensions.write_text(HEADER + f"ada,{assignment.id},,2,illness\n", encoding="utf-8")
    out = tmp_path / "out"
    grade.grade_command(course, [tmp_path / "nb"], out_dir=out, workers=1, examples=2, extensions=extensions)
    ada = from_gradescope(json.loads((out / "ada" / "results.json").read_text(encoding="utf-8")))
    assert ada.extra["late"] is False and ada.extra["extension"]["reason"] == "illness"
    assert "Lateness: Extension to 2026-12-16 23:59 UTC. On time." in (out / "ada" / "feedback.md").read_text(encoding="utf-8")
    assert "Extension to" not in (out / "bob" / "feedback.md").read_text(encoding="utf-8")
    assert "extension to 2026-12-16 23:59 UTC: illness" in (out / "report.html").read_text(encoding="utf-8")
    lines = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith(",no,graded") and lines[2].endswith(",yes,graded")
    # Kept in the folder: granted there after grading, a rerun applies it to the result it skips.
    assert (out / "extensions.csv").read_bytes() == extensions.read_bytes()
    (out / "extensions.csv").write_text(HEADER + f"ada,{assignment.id},,2,illness\nbob,,,1,\n", encoding="utf-8")
    grade.grade_command(course, [tmp_path / "nb"], out_dir=out, workers=1, examples=2)
    assert (out / "grades.csv").read_text(encoding="utf-8").splitlines()[2].endswith(",no,graded")
