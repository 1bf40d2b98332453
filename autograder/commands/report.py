"""`autograder report`, and the class files both `grade` and `report` write: feedback pages,
grades.csv / canvas.csv / moodle.csv, summary.json, the class report, the console summary."""

from __future__ import annotations

import json
import statistics
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from rich.markup import escape

import autograder
from autograder.course import Assignment, Course
from autograder.errors import AutogradeError
from autograder.files import write_atomic
from autograder.grading.catalog import course_digest
from autograder.outputs import gradebook
from autograder.outputs.rows import natural
from autograder.outputs.results_json import dumps, from_gradescope, to_gradescope
from autograder.render.console import console
from autograder.render.feedback import feedback_markdown
from autograder.render.feedback_html import FEEDBACK_HTML, feedback_html
from autograder.render.report import write_report
from autograder.results import SubmissionResult

__all__ = [
    "AssignmentMixError", "EXIT_GRADED", "EXIT_NOT_ALL_GRADED", "NEEDS_ATTENTION", "RESULTS", "RevealError", "check_one_assignment", "check_reveal",
    "class_rows", "combine_command", "exit_code", "graded_assignment", "print_summary", "report_command", "store_result", "write_class_files", "write_feedback",
]  # fmt: skip

RESULTS = "results.json"


VERSION_CHARS = 12  # of the course digest: enough to tell versions apart, short enough to read


class RevealError(AutogradeError):
    """Hidden checks' expected values were asked for before the assignment's due date."""


def check_reveal(assignment: Assignment | None, now: datetime) -> None:
    """Expected values of hidden checks go into feedback files only after the due date: before
    it they would hand every student the answers. Raises RevealError otherwise."""
    if assignment is None or assignment.due is None:
        raise RevealError("--reveal-hidden needs a due date: set `due` for this assignment in course.toml.")
    if now < assignment.due:
        raise RevealError(
            f"--reveal-hidden would show hidden checks' expected values before the due date "
            f"({assignment.due.isoformat()}); run it again once no more submissions are accepted."
        )


class AssignmentMixError(AutogradeError):
    """A grading folder would hold the results of two assignments."""


def graded_assignment(out_dir: Path) -> str | None:
    """The assignment whose results `out_dir` holds, as its summary.json says (None: not said)."""
    try:
        found = json.loads((out_dir / "summary.json").read_text(encoding="utf-8")).get("assignment")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def check_one_assignment(out_dir: Path, assignment: Assignment | None) -> None:
    """One grading folder holds one assignment: its students' folders and class files would
    otherwise mix two assignments' results. Raises AssignmentMixError naming the fix."""
    found = graded_assignment(out_dir)
    if assignment is not None and found is not None and found != assignment.id:
        raise AssignmentMixError(
            f"{out_dir} holds the results of assignment {found!r}; grade assignment {assignment.id!r} into its own folder, "
            f"e.g. --out {out_dir.parent / assignment.id}"
        )


EXIT_GRADED = 0
EXIT_NOT_ALL_GRADED = 3  # 1 is Python's own crash, 2 a usage or course error (see cli.py)
# A submission the grader could not grade: the instructor must look (and may regrade).
NEEDS_ATTENTION = ("crashed", "unreadable")


def exit_code(results: list[SubmissionResult]) -> int:
    """0 when every submission found was graded (rightly 0 points included); 3 when one or more
    crashed or could not be read, so a script notices without parsing the summary."""
    return EXIT_NOT_ALL_GRADED if any(r.extra.get("status") in NEEDS_ATTENTION for r in results) else EXIT_GRADED


def write_feedback(course: Course, folder: Path, result: SubmissionResult, reveal: bool) -> None:
    """feedback.md and feedback.html; a file that would not change is left as it is (a rerun that
    skips a student touches nothing of theirs unless what is revealed changed)."""
    for name, text in (("feedback.md", feedback_markdown(result, course, reveal=reveal)), (FEEDBACK_HTML, feedback_html(result, course, reveal=reveal))):
        path = folder / name
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        write_atomic(path, text)


def store_result(folder: Path, result: SubmissionResult, summary: str) -> None:
    """results.json again, only when what it says changed (an adjustment, an extension)."""
    text = dumps(to_gradescope(result, summary=summary))
    path = folder / RESULTS
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)


def class_rows(course: Course, results: list[SubmissionResult], roster: list | None):
    """(results with their status, the gradebook rows) of one assignment's results; `course` is
    that assignment's view (its exercises and points)."""
    from autograder.intake.lateness import Lateness

    exercises = [e.name for e in course.exercises]
    lateness = {
        r.student: Lateness(late=bool(r.extra.get("late")), days_late=0, penalty=float(r.extra.get("late_penalty", 0.0)), reason=str(r.extra.get("lateness", "")))
        for r in results
    }
    named = []
    for r in results:
        extra = dict(r.extra)
        extra.setdefault("status", "graded")
        named.append(replace(r, extra=extra))
    rows = gradebook.rows_from_results(named, roster, lateness, exercises, max_score=course.points)
    rows = [replace(row, name=row.name or (next((r.extra.get("name") for r in results if r.student == row.student_id), "") or "")) for row in rows]
    return named, rows


def combine_command(course: Course, folders: list[Path], out: Path) -> int:
    """`autograder combine DIR... --out FILE`: the grading folders of several assignments as one
    course-grades.csv (each assignment's points, total and status side by side, and the course total)."""

    tables = []
    for folder in folders:
        found = graded_assignment(folder)
        if found is None:
            raise AssignmentMixError(f"{folder}: its summary.json does not say which assignment it grades; run `autograder report {folder} --assignment ID` first")
        view = course.for_assignment(found)
        results = [from_gradescope(json.loads(path.read_text(encoding="utf-8"))) for path in sorted(folder.glob(f"*/{RESULTS}"))]
        _, rows = class_rows(view, results, None)
        tables.append(gradebook.AssignmentRows(id=found, exercises=tuple(e.name for e in view.exercises), max_score=view.points, rows=tuple(rows)))
    order = [a.id for a in course.assignments]
    tables.sort(key=lambda table: order.index(table.id))  # course.toml's order, whatever the command line's
    gradebook.write_course_grades(out, tables)
    console().print(f"Wrote {escape(str(out))}: {len(tables)} assignment(s) ({', '.join(t.id for t in tables)}), one row per student.")
    return 0


def write_class_files(
    course: Course, assignment: Assignment | None, out_dir: Path, results: list[SubmissionResult], roster: list | None, *, warnings=()
) -> Path:
    """Write grades.csv, canvas.csv / moodle.csv, summary.json, the similarity pages, then report.html; return the report's path."""
    exercises = [e.name for e in course.exercises]
    named, rows = class_rows(course, results, roster)
    numeric = bool(rows) and all(row.student_id.isdigit() for row in rows)
    sources = {r.extra.get("source") for r in results}
    info = gradebook.CourseInfo(
        assignment_title=assignment.title if assignment else course.name,
        exercises=tuple(exercises),
        canvas_assignment_id=assignment.canvas_assignment_id if assignment and numeric else None,
        moodle=numeric and "moodle" in sources,
        points_possible=course.points,
    )
    summary = gradebook.summary_json(named, rows, exercises=exercises)
    # Who the instructor must look at, and why: crashed or unreadable submissions, then the run's warnings.
    summary["needs_attention"] = [
        {"student": r.student, "status": r.extra.get("status"), "reason": r.extra.get("failure") or "; ".join(r.extra.get("problems") or [])}
        for r in sorted(named, key=lambda r: r.student)
        if r.extra.get("status") in NEEDS_ATTENTION
    ]
    summary["assignment"] = assignment.id if assignment else None  # which assignment this folder grades
    summary["warnings"] = list(warnings)
    adjustments = [
        {"student": r.student, **a.facts(), "applied": str(applied)} for r in sorted(named, key=lambda r: natural(r.student)) for a, applied in zip(r.adjustments, r.settled.applied)
    ]
    if adjustments:  # only then: a class without any keeps its summary.json byte for byte
        summary["adjustments"] = adjustments
    summary["isolation"] = sorted({r.isolation for r in results if r.isolation})
    summary["grader_version"] = autograder.__version__
    # Which version of the course (checks, references, points) graded each student: a student
    # graded before a course fix keeps the old grade until graded again, and is listed here.
    version = course_digest(course)[:VERSION_CHARS]
    summary["course_version"] = version
    older = [
        {"student": r.student, "course_version": str(r.extra.get("course_digest") or "")[:VERSION_CHARS]}
        for r in sorted(named, key=lambda r: natural(r.student))
        if r.extra.get("course_digest") and str(r.extra["course_digest"])[:VERSION_CHARS] != version
    ]
    if older:  # only then: a class graded by one course version keeps its summary.json byte for byte
        summary["older_course"] = older
    used = sorted({r.extra.get("examples_per_check") for r in results if r.extra.get("examples_per_check")})
    summary["examples_per_check"] = used[0] if len(used) == 1 else (used or course.grading.examples_per_check)
    gradebook.write_all(out_dir, rows, info, summary=summary)
    from autograder.commands.similarity import write_similarity

    similarity = write_similarity(course, out_dir, [r.student for r in named])
    return write_report(out_dir, course, named, rows, summary, assignment=assignment, similarity=similarity)


def print_summary(course: Course, results: list[SubmissionResult], timings: dict, out, out_dir: Path) -> None:
    from rich.table import Table

    scores = [r.score for r in results]
    table = Table(title=f"{course.name}: {len(results)} submission(s) graded")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("submissions", str(len(results)))
    if scores:
        table.add_row("mean score", f"{statistics.mean(scores):.2f} / {course.points:g}")
        table.add_row("median score", f"{statistics.median(scores):.2f} / {course.points:g}")
    outcomes: dict[str, int] = {}
    for r in results:
        for c in r.checks if r.extra.get("status") != "crashed" else ():  # never ran
            if not c.passed:
                outcomes[c.outcome] = outcomes.get(c.outcome, 0) + 1
    for outcome, count in sorted(outcomes.items()):
        table.add_row(f"failed checks: {outcome.replace('_', ' ')}", str(count))
    statuses: dict[str, int] = {}
    for r in results:
        status = r.extra.get("status") or "graded"
        if status != "graded":
            statuses[status] = statuses.get(status, 0) + 1
    for status, count in sorted(statuses.items()):
        table.add_row(f"not graded: {status}", str(count))
    for student, seconds in sorted(timings.items(), key=lambda kv: -kv[1])[:3]:
        table.add_row(f"slowest: {escape(student)}", f"{seconds:.2f} s")
    out.print(table)
    attention = [r for r in results if r.extra.get("status") in NEEDS_ATTENTION]
    for r in attention:
        out.print(f"[red]not graded ({r.extra.get('status')}): {escape(r.student)}[/red]", highlight=False)
    isolation = sorted({r.isolation for r in results if r.isolation})
    if isolation:
        out.print(f"isolation: {'; '.join(isolation)}")
    out.print(f"Results in {escape(str(out_dir))}: grades.csv, summary.json, report.html, and one folder per student (feedback.md, feedback.html).")


def report_command(course: Course, out_dir: Path, *, assignment_id: str | None = None, reveal_hidden: bool = False, now: datetime | None = None) -> int:
    """Rebuild every output from the stored results and DIR/adjustments.csv (checked first:
    an adjustment for no one, or one that does not fit, stops it before anything is written)."""
    from autograder.adjustments import assign
    from autograder.commands.trail import load_trail, save_trail

    # The folder's own assignment unless one is asked for (then it must be the folder's).
    assignment = course.assignment(assignment_id or graded_assignment(out_dir))
    check_one_assignment(out_dir, assignment)
    course = course.for_assignment(assignment.id if assignment else None)
    if reveal_hidden:
        check_reveal(assignment, now or datetime.now(timezone.utc))
    stored = []
    for path in sorted(out_dir.glob(f"*/{RESULTS}")):
        data = json.loads(path.read_text(encoding="utf-8"))
        stored.append((path.parent, str(data.get("output", "")), from_gradescope(data)))
    trail, stamped = load_trail(course, out_dir, now=now)
    results, _, _ = assign([result for *_, result in stored], trail, strict=True)
    if stamped:
        save_trail(course, out_dir, trail)
    for (folder, summary, _), result in zip(stored, results):
        store_result(folder, result, summary)
        write_feedback(course, folder, result, reveal_hidden)
    out = console()
    try:  # the warnings came from reading the uploads, which a rebuild does not repeat
        warnings = json.loads((out_dir / "summary.json").read_text(encoding="utf-8")).get("warnings", [])
    except (OSError, ValueError, AttributeError):
        warnings = []
    report = write_class_files(course, assignment, out_dir, results, None, warnings=warnings)
    print_summary(course, results, {}, out, out_dir)
    out.print(f"Class report: {escape(str(report))}")
    return exit_code(results)
