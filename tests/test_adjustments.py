"""Manual adjustments: recorded once with who, when and why in DIR/adjustments.csv, shown in every
output, kept through a regrade, and never taking a function or a score outside 0..its maximum."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from autograder import cli
from autograder.adjustments import ADJUSTMENTS, Adjustment, AdjustmentError, parse_adjustments, settle
from autograder.commands.adjust import adjust_command
from autograder.commands.report import report_command
from autograder.files import write_atomic
from autograder.outputs.results_json import dumps, from_gradescope, to_gradescope
from test_report import RELU, result

NOW = datetime(2026, 12, 15, 9, 30, tzinfo=timezone.utc)
HEADER = "student,function,points,reason,by,at\n"


def graded_folder(tmp_path: Path, course) -> Path:
    """A grading folder as `grade` leaves it, from hand-made results: 50123 has every point
    (7 / 7), 50124 fails relu's two checks (5 / 7)."""
    out = tmp_path / "out"
    failing = {name: ("failed", "does not match.", None) for name in ("relu: is never negative", "relu: matches the reference")}
    for record in (result("50123", name="Ada"), result("50124", failing, name="Bob")):
        write_atomic(out / record.student / "results.json", dumps(to_gradescope(record, summary="graded")))
    report_command(course, out)
    return out


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stored(out: Path, student: str):
    return from_gradescope(json.loads((out / student / "results.json").read_text(encoding="utf-8")))


def test_an_adjustment_is_shown_in_every_output(course, tmp_path):
    out = graded_folder(tmp_path, course)
    adjust_command(course, out, "50124", points="+1.5", reason="Right idea; off by one in the loop", function="relu", by="jdoe", now=NOW)
    assert (out / ADJUSTMENTS).read_text(encoding="utf-8") == HEADER + "50124,relu,+1.50,Right idea; off by one in the loop,jdoe,2026-12-15T09:30:00Z\n"
    data = json.loads((out / "50124" / "results.json").read_text(encoding="utf-8"))
    assert data["score"] == 6.5
    assert sum(test["score"] for test in data["tests"]) == 6.5  # the adjustment is a test of its own
    assert stored(out, "50124").adjustments == (Adjustment("50124", Decimal("1.50"), "Right idea; off by one in the loop", "jdoe", "2026-12-15T09:30:00Z", RELU, "relu"),)
    grades = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert grades[2] == "50124,Bob,3,0,3.5,0,0,0,6.5,0,6.5,7,no,graded"  # in relu's exercise
    assert (out / "canvas.csv").read_text(encoding="utf-8").splitlines()[3].endswith(",6.5")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["min"] == 6.5 and summary["adjustments"][0]["applied"] == "1.50"
    feedback = (out / "50124" / "feedback.md").read_text(encoding="utf-8")
    assert "**Score: 6.5 / 7**" in feedback
    assert "- +1.5 points on relu (03_relu): Right idea; off by one in the loop (jdoe, 2026-12-15 09:30 UTC)" in feedback
    assert "0 / 2 points, adjusted by hand to 1.5 / 2" in feedback
    assert "Right idea; off by one in the loop" in (out / "50124" / "feedback.html").read_text(encoding="utf-8")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="adjustments"' in report and "includes a manual adjustment of +1.5" in report


def test_a_whole_submission_adjustment_gets_its_own_grades_column(course, tmp_path):
    out = graded_folder(tmp_path, course)
    adjust_command(course, out, "50123", points="-2", reason="Copied the lesson's answer", by="jdoe", now=NOW)
    header, ada, bob = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert header.split(",")[-7:] == ["adjustment", "raw_total", "late_penalty", "total", "max", "late", "status"]
    assert ada.endswith(",-2,5,0,5,7,no,graded") and bob.endswith(",0,5,0,5,7,no,graded")


def test_without_adjustments_the_outputs_stay_as_they_were(course, tmp_path):
    out = graded_folder(tmp_path, course)
    before = snapshot(out)
    report_command(course, out)
    assert snapshot(out) == before
    assert "adjustment" not in (out / "grades.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "student, points, function, message",
    [
        ("50123", "+1", "relu", r"\+1.00 points for '50123' would take relu \(03_relu\) above its maximum; at most \+0.00 fits now"),
        ("50124", "-1", "relu", r"-1.00 points for '50124' would take relu \(03_relu\) below 0; at most \+0.00 fits now"),
        ("50124", "+3", None, r"\+3.00 points for '50124' would take the score above its maximum; at most \+2.00 fits now"),
        ("50124", "-6", None, r"would take the score below 0; at most -5.00 fits now"),
    ],
    ids=["function-above-max", "function-below-0", "score-above-max", "score-below-0"],
)
def test_an_adjustment_outside_0_and_the_maximum_is_refused_and_nothing_written(course, tmp_path, student, points, function, message):
    out = graded_folder(tmp_path, course)
    before = snapshot(out)
    with pytest.raises(AdjustmentError, match=message):
        adjust_command(course, out, student, points=points, reason="r", function=function, by="jdoe", now=NOW)
    assert snapshot(out) == before


def test_the_command_line_names_what_to_fix(course, tmp_path, capsys):
    out = graded_folder(tmp_path, course)

    def run(*argv):
        return cli.main(["adjust", str(out), *argv, "--course", str(course.root)])

    assert run("50124", "--points", "1", "--reason", "r", "--function", "rleu") == 2
    assert "--function: 'rleu' is not a function of the course; did you mean 'relu'?" in capsys.readouterr().err
    assert run("5012", "--points", "1", "--reason", "r") == 2
    assert "no graded student '5012'" in capsys.readouterr().err
    assert run("50124", "--points", "0.005", "--reason", "r") == 2
    assert "more than 2 decimals" in capsys.readouterr().err
    assert run("50124", "--points=-1", "--reason", "  ") == 2
    assert "--reason is empty" in capsys.readouterr().err
    assert not (out / ADJUSTMENTS).exists()
    assert run("50124", "--points=-1", "--reason", "late file") == 0
    assert "Recorded in" in capsys.readouterr().out


def test_rows_written_by_hand_are_stamped_once_and_then_read_the_same(course, tmp_path, monkeypatch):
    out = graded_folder(tmp_path, course)
    monkeypatch.setenv("USER", "ta1")
    (out / ADJUSTMENTS).write_text(HEADER + "50124,,+1,Oral exam,,\n", encoding="utf-8")
    report_command(course, out, now=NOW)
    assert (out / ADJUSTMENTS).read_text(encoding="utf-8") == HEADER + "50124,,+1.00,Oral exam,ta1,2026-12-15T09:30:00Z\n"
    first = snapshot(out)
    report_command(course, out, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert snapshot(out) == first


def test_report_refuses_a_hand_written_row_for_no_one_before_writing(course, tmp_path):
    out = graded_folder(tmp_path, course)
    (out / ADJUSTMENTS).write_text(HEADER + "50125,,+1,r,jdoe,2026-12-15T09:30:00Z\n", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(AdjustmentError, match=r"adjustments.csv, row 2: no graded student '50125' in this folder; did you mean"):
        report_command(course, out)
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "row, message",
    [
        ("s1,,two,r,,", r"row 2: points 'two' is not a number; write e.g. \+1.5 or -2"),
        ("s1,,0,r,,", r"row 2: points '0' changes nothing"),
        ("s1,,+1,,,", r"row 2: no reason; say why in the reason cell"),
        ("s1,rleu,+1,r,,", r"row 2: 'rleu' is not a function of the course; did you mean 'relu'\?"),
        ("s1,,+1,r,,yesterday", r"row 2: at 'yesterday' is not a UTC time; write it as 2026-12-15T09:30:00Z"),
        (",,+1,r,,", r"row 2: the student cell is empty"),
    ],
    ids=["not-a-number", "zero", "no-reason", "unknown-function", "bad-time", "no-student"],
)
def test_a_bad_row_is_refused_naming_the_row_and_the_fix(course, row, message):
    with pytest.raises(AdjustmentError, match=message):
        parse_adjustments(HEADER + row + "\n", course)


def test_settle_keeps_each_function_and_the_score_within_bounds_in_recorded_order():
    class F:
        def __init__(self, exercise, function, score, top):
            self.exercise, self.function, self.score, self.max_score = exercise, function, Decimal(score), Decimal(top)

    functions = [F("e1", "f", "1", "2"), F("e1", "g", "3", "3")]

    def a(points, function=""):
        return Adjustment("s", Decimal(points), "r", "by", "", "e1" if function else "", function)

    settled = settle(functions, [a("5", "f"), a("2"), a("-9", "g"), a("-9")])
    assert settled.applied == (Decimal("1"), Decimal("0"), Decimal("-3"), Decimal("-2"))
    assert settled.functions == {("e1", "f"): Decimal("1"), ("e1", "g"): Decimal("-3")}
    assert (settled.overall, settled.total) == (Decimal("-2"), Decimal("-4"))


def test_an_adjustment_survives_a_regrade(course, tmp_path):
    from autograder.commands import grade

    submissions = tmp_path / "subs"
    (submissions / "ada").mkdir(parents=True)
    shutil.copy(course.exercises_dir / "03_relu" / "relu.py", submissions / "ada" / "relu.py")  # the stub: 0 points
    out = tmp_path / "out"
    grade.grade_command(course, [submissions / "ada"], out_dir=out, workers=1, examples=2)
    adjust_command(course, out, "ada", points="+1", reason="Explained relu in the oral exam", function="relu", by="jdoe", now=NOW)
    adjust_command(course, out, "ada", points="+2", reason="Bonus", by="jdoe", now=NOW)
    grade.grade_command(course, [submissions / "ada"], out_dir=out, workers=1, examples=2, force=True)
    ada = stored(out, "ada")
    assert [a.reason for a in ada.adjustments] == ["Explained relu in the oral exam", "Bonus"] and ada.score == 3
    assert "Explained relu in the oral exam" in (out / "ada" / "feedback.md").read_text(encoding="utf-8")
    # The fixed upload earns relu's 2 points itself: the +1 no longer fits, is cut to what does, and said.
    shutil.copy(course.solutions_dir / "03_relu" / "relu.py", submissions / "ada" / "relu.py")
    grade.grade_command(course, [submissions / "ada"], out_dir=out, workers=1, examples=2)
    ada = stored(out, "ada")
    assert ada.settled.applied == (Decimal("0.00"), Decimal("2.00"))
    assert ada.score == 5 + 2  # 03_relu in full, and the bonus
    warnings = json.loads((out / "summary.json").read_text(encoding="utf-8"))["warnings"]
    assert any("no longer fits the regraded score; +0 applied" in w for w in warnings)
    with pytest.raises(AdjustmentError, match="would take relu"):
        report_command(course, out)
