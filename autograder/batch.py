"""`autograder grade`: a whole class (or one submission) from LMS downloads to gradebook files.

Intake finds the submissions; grading runs in parallel processes, each with its own fork
server and worker uid; this process alone writes files, each atomically, and each
student's results.json last (it is the record that a student is done). A rerun skips
students whose results.json already carries the same submission fingerprint, course
digest and grader version, so a run killed at any moment resumes to the same outputs.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

import autograder
from autograder import gradebook
from autograder.console import console
from autograder.catalog import course_digest
from autograder.course import Course, load
from autograder.feedback import feedback_markdown
from autograder.files import student_folder, write_atomic
from autograder.feedback_html import FEEDBACK_HTML, feedback_html
from autograder.intake import Submission, Wanted, collect
from autograder.lateness import LatePolicy, assess
from autograder.report import write_report
from autograder.results import SubmissionResult, dumps, from_gradescope, to_gradescope

__all__ = ["grade_command", "report_command"]

RESULTS = "results.json"


# ------------------------------------------------------------------ grading processes

_STATE: dict = {}


def _die_with(parent: int) -> None:
    """A grading process must not outlive the command that started it (kill -9 included)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _init_process(course_root: str, examples, slots, parent: int | None = None) -> None:
    from autograder.grading import make_plan
    from autograder.runner import Runner

    if parent is not None:
        _die_with(parent)

    course = load(course_root)
    slot = slots.get() if slots is not None else 0
    _STATE["course"] = course
    _STATE["plan"] = make_plan(course, examples=examples)
    _STATE["runner"] = Runner(course.grading.limits, slot=slot)
    import atexit

    atexit.register(_STATE["runner"].close)


def _grade_in_process(student: str, files: dict[str, bytes]) -> tuple[str, dict, float]:
    from autograder.grading import grade_files

    start = time.perf_counter()
    result = grade_files(_STATE["plan"], _STATE["runner"], files, student=student)
    return student, to_gradescope(result), time.perf_counter() - start


# ------------------------------------------------------------------ the command


def _submission_extra(sub: Submission, digest: str, examples: int) -> dict:
    return {
        "id": sub.student_id,
        "name": sub.name or "",
        "source": sub.source,
        "origin": sub.origin,
        "late_flag": sub.late,
        "submitted_at": sub.submitted_at.isoformat() if sub.submitted_at else None,
        "attempt": sub.attempt,
        "status": {"ok": "graded", "empty": "no files", "rejected": "rejected"}[sub.status],
        "problems": list(sub.problems),
        "fingerprint": sub.fingerprint,
        "course_digest": digest,
        "examples_per_check": examples,
    }


def _already_graded(path: Path, sub: Submission, digest: str, examples: int) -> SubmissionResult | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    result = from_gradescope(data)
    extra = result.extra
    if (
        extra.get("fingerprint") == sub.fingerprint
        and extra.get("course_digest") == digest
        and extra.get("examples_per_check") == examples
        and result.grader_version == autograder.__version__
    ):
        return result
    return None


def _finish(course: Course, assignment, out_dir: Path, sub: Submission, data: dict, digest: str, examples: int) -> SubmissionResult:
    """Attach submission facts and lateness, then write feedback.md and results.json (last)."""
    result = from_gradescope(data)
    extra = _submission_extra(sub, digest, examples)
    policy = LatePolicy.from_mapping(assignment.late, source="course.toml [assignments.late]") if assignment else LatePolicy()
    lateness = assess(
        submitted_at=sub.submitted_at,
        late_flag=sub.late,
        due=assignment.due if assignment else None,
        policy=policy,
        max_score=result.max_score,
    )
    extra["lateness"] = lateness.reason
    extra["late"] = lateness.late
    extra["late_penalty"] = lateness.penalty
    notes = tuple(result.notes) + tuple(f"Submission: {p}" for p in sub.problems)
    result = replace(result, extra=extra, notes=notes)
    folder = out_dir / student_folder(sub.student_id)
    write_atomic(folder / "feedback.md", feedback_markdown(result, course))
    write_atomic(folder / FEEDBACK_HTML, feedback_html(result, course))
    write_atomic(folder / RESULTS, dumps(to_gradescope(result, summary=_summary_line(result))))
    return result


def _summary_line(result: SubmissionResult) -> str:
    passed = sum(c.passed for c in result.checks)
    return f"{passed} of {len(result.checks)} checks passed. See each check below for what to fix."


def grade_command(
    course: Course,
    paths: list[Path],
    *,
    out_dir: Path,
    student: str | None = None,
    workers: int = 1,
    force: bool = False,
    roster: Path | None = None,
    verbose: bool = False,
    examples: int | None = None,
    timings: dict | None = None,
    assignment_id: str | None = None,
) -> int:
    """Grade every submission found in `paths` into `out_dir`; `timings` receives seconds per student."""
    from autograder.roster import read_roster

    out = console()
    # Everything the class files need is read before grading: a bad roster or assignment
    # id fails in a second, not after the whole class has been graded.
    assignment = course.assignment(assignment_id)
    entries = read_roster(roster) if roster else None
    out_dir.mkdir(parents=True, exist_ok=True)
    intake = collect(paths, wanted=Wanted.of(course.exercises, assignment=assignment.id if assignment else None))
    submissions = list(intake.submissions)
    if student and len(submissions) == 1:
        submissions = [replace(submissions[0], student_id=student)]
    for problem in intake.problems:
        out.print(f"[yellow]skipped: {problem}[/yellow]")
    digest = course_digest(course)
    examples = examples or course.grading.examples_per_check
    done: dict[str, SubmissionResult] = {}
    todo: list[Submission] = []
    for sub in submissions:
        previous = None if force else _already_graded(out_dir / student_folder(sub.student_id) / RESULTS, sub, digest, examples)
        if previous is not None:
            done[sub.student_id] = previous
            html = out_dir / student_folder(sub.student_id) / FEEDBACK_HTML
            if not html.exists():  # graded before feedback.html existed
                write_atomic(html, feedback_html(previous, course))
        else:
            todo.append(sub)
    if done:
        out.print(f"{len(done)} submission(s) already graded with the same content and course; skipping them (use --force to regrade).")
    timings = {} if timings is None else timings
    by_id = {s.student_id: s for s in todo}
    if todo:
        done.update(_grade_all(course, assignment, todo, by_id, out_dir, digest, workers, verbose, examples, timings, out))
    results = [done[s.student_id] for s in submissions]
    report = _write_class_files(course, assignment, out_dir, results, entries)
    _print_summary(course, results, timings, out, out_dir)
    out.print(f"Class report: {report}")
    return 0


def _grade_all(course, assignment, todo, by_id, out_dir, digest, workers, verbose, examples, timings, out) -> dict:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    finished: dict[str, SubmissionResult] = {}
    progress = Progress(
        TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=out, transient=True
    )
    workers = max(1, min(workers, len(todo)))
    start = time.perf_counter()
    with progress:
        task = progress.add_task("grading", total=len(todo), rate="")

        def record(student_id: str, data: dict, seconds: float) -> None:
            timings[student_id] = seconds
            result = _finish(course, assignment, out_dir, by_id[student_id], data, digest, examples)
            finished[student_id] = result
            rate = len(finished) / max(time.perf_counter() - start, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:.1f}/s")
            if verbose:
                progress.console.print(f"{student_id}: {result.score:g}/{result.max_score:g} ({seconds:.2f} s)")

        if workers == 1:
            _init_process(str(course.root), examples, None)
            try:
                for sub in todo:
                    record(*_grade_in_process(sub.student_id, dict(sub.files)))
            finally:
                _STATE.pop("runner").close()
        else:
            context = multiprocessing.get_context("spawn")
            slots = context.Queue()
            for slot in range(workers):
                slots.put(slot)
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_process, initargs=(str(course.root), examples, slots, os.getpid())) as pool:
                futures = [pool.submit(_grade_in_process, sub.student_id, dict(sub.files)) for sub in todo]
                for future in as_completed(futures):
                    record(*future.result())
    return finished


def _write_class_files(course: Course, assignment, out_dir: Path, results: list[SubmissionResult], roster) -> Path:
    """Write grades.csv, canvas.csv / moodle.csv, summary.json, then report.html; return the report's path."""
    from autograder.lateness import Lateness

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
    summary["isolation"] = sorted({r.isolation for r in results if r.isolation})
    summary["grader_version"] = autograder.__version__
    used = sorted({r.extra.get("examples_per_check") for r in results if r.extra.get("examples_per_check")})
    summary["examples_per_check"] = used[0] if len(used) == 1 else (used or course.grading.examples_per_check)
    gradebook.write_all(out_dir, rows, info, summary=summary)
    return write_report(out_dir, course, named, rows, summary, assignment=assignment)


def _print_summary(course: Course, results: list[SubmissionResult], timings: dict, out, out_dir: Path) -> None:
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
        for c in r.checks:
            if not c.passed:
                outcomes[c.outcome] = outcomes.get(c.outcome, 0) + 1
    for outcome, count in sorted(outcomes.items()):
        table.add_row(f"failed checks: {outcome.replace('_', ' ')}", str(count))
    rejected = [r.student for r in results if r.extra.get("status") not in (None, "graded")]
    if rejected:
        table.add_row("not graded (rejected or empty)", str(len(rejected)))
    for student, seconds in sorted(timings.items(), key=lambda kv: -kv[1])[:3]:
        table.add_row(f"slowest: {student}", f"{seconds:.2f} s")
    out.print(table)
    isolation = sorted({r.isolation for r in results if r.isolation})
    if isolation:
        out.print(f"isolation: {'; '.join(isolation)}")
    out.print(f"Results in {out_dir}: grades.csv, summary.json, report.html, and one folder per student (feedback.md, feedback.html).")


def report_command(course: Course, out_dir: Path) -> int:
    results = []
    for path in sorted(out_dir.glob(f"*/{RESULTS}")):
        result = from_gradescope(json.loads(path.read_text(encoding="utf-8")))
        write_atomic(path.with_name(FEEDBACK_HTML), feedback_html(result, course))
        results.append(result)
    out = console()
    report = _write_class_files(course, course.assignment(), out_dir, results, None)
    _print_summary(course, results, {}, out, out_dir)
    out.print(f"Class report: {report}")
    return 0
