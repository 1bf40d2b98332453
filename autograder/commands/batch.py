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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from rich.markup import escape

import autograder
from autograder.outputs import gradebook
from autograder.render.console import console
from autograder.grading.catalog import course_digest
from autograder.course import Assignment, Course, load
from autograder.errors import AutogradeError
from autograder.render.feedback import feedback_markdown
from autograder.files import student_folder, write_atomic
from autograder.render.feedback_html import FEEDBACK_HTML, feedback_html
from autograder.intake import Submission, Wanted, collect
from autograder.intake.lateness import LatePolicy, assess
from autograder.render.messages import summary_line
from autograder.render.report import write_report
from autograder.results import SubmissionResult, dumps, from_gradescope, to_gradescope

__all__ = ["RevealError", "grade_command", "report_command", "check_reveal"]


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


def _init_process(course_root: str, examples, slots, parent: int | None = None, cache_dir: str | None = None) -> None:
    from autograder.grading.plan import make_plan
    from autograder.isolation.runner import Runner

    if parent is not None:
        _die_with(parent)

    course = load(course_root)
    slot = slots.get() if slots is not None else 0
    _STATE["course"] = course
    _STATE["plan"] = make_plan(course, examples=examples, cache_dir=Path(cache_dir) if cache_dir else None)
    _STATE["runner"] = Runner(course.grading.limits, slot=slot)
    import atexit

    atexit.register(_STATE["runner"].close)


def _grade_in_process(student: str, files: dict[str, bytes]) -> tuple[str, dict, float, str | None]:
    """Grade one student; any failure of the grader on this submission becomes that student's
    "crashed" result with a short reason (the fourth item), never an exception for the class."""
    from autograder.grading.plan import grade_files, unfinished_result
    from autograder.isolation.runner import Runner

    start = time.perf_counter()
    try:
        result = grade_files(_STATE["plan"], _STATE["runner"], files, student=student)
        failure = None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # CallFailed is a BaseException on purpose (see runner.py)
        failure = _reason(error)
        # The runner may be half-way through a session: start the next student on a fresh one.
        runner = _STATE["runner"]
        try:
            runner.close()
        except Exception:
            pass
        try:
            _STATE["runner"] = Runner(runner.limits, slot=runner.slot, confine=runner.confine)
        except Exception:
            pass  # the next student's call fails the same way and is recorded as crashed too
        result = unfinished_result(_STATE["plan"], student=student, isolation=runner.isolation)
    return student, to_gradescope(result), time.perf_counter() - start, failure


def _reason(error: BaseException) -> str:
    """One short line for the report: the error's type and the start of its message."""
    text = " ".join(str(error).split())
    text = text[:160] + ("..." if len(text) > 160 else "")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


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
        "status": {"ok": "graded", "empty": "no files", "rejected": "rejected", "unreadable": "unreadable"}[sub.status],
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


def _finish(
    course: Course,
    assignment: Assignment | None,
    out_dir: Path,
    sub: Submission,
    data: dict,
    digest: str,
    examples: int,
    *,
    failure: str | None = None,
    reveal: bool = False,
) -> SubmissionResult:
    """Attach submission facts and lateness, then write feedback.md and results.json (last)."""
    result = from_gradescope(data)
    extra = _submission_extra(sub, digest, examples)
    if failure:
        extra["status"] = "crashed"
        extra["failure"] = failure
        extra["fingerprint"] = None  # never "already graded": the next run tries again
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
    _write_feedback(course, folder, result, reveal)
    write_atomic(folder / RESULTS, dumps(to_gradescope(result, summary=_summary_line(result))))
    return result


def _write_feedback(course: Course, folder: Path, result: SubmissionResult, reveal: bool) -> None:
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


def _summary_line(result: SubmissionResult) -> str:
    passed = sum(c.passed for c in result.checks)
    return summary_line(passed, len(result.checks), finished=result.extra.get("status") != "crashed")


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
    cache_dir: Path | None = None,
    reveal_hidden: bool = False,
    now: datetime | None = None,
) -> int:
    """Grade every submission found in `paths` into `out_dir`; `timings` receives seconds per student.
    `reveal_hidden`: feedback files show hidden checks' expected values (only after the due date,
    `now` being the time it is checked against)."""
    from autograder.intake.roster import read_roster

    out = console()
    # Everything the class files need is read before grading: a bad roster or assignment
    # id fails in a second, not after the whole class has been graded.
    assignment = course.assignment(assignment_id)
    if reveal_hidden:
        check_reveal(assignment, now or datetime.now(timezone.utc))
    entries = read_roster(roster) if roster else None
    out_dir.mkdir(parents=True, exist_ok=True)
    intake = collect(paths, wanted=Wanted.of(course.exercises, assignment=assignment.id if assignment else None))
    submissions = list(intake.submissions)
    if student and len(submissions) == 1:
        submissions = [replace(submissions[0], student_id=student)]
    for problem in intake.problems:
        out.print(f"[yellow]skipped: {escape(problem)}[/yellow]")
    for warning in intake.warnings:
        out.print(f"[yellow]warning: {escape(warning)}[/yellow]")
    digest = course_digest(course)
    examples = examples or course.grading.examples_per_check
    done: dict[str, SubmissionResult] = {}
    todo: list[Submission] = []
    for sub in submissions:
        previous = None if force else _already_graded(out_dir / student_folder(sub.student_id) / RESULTS, sub, digest, examples)
        if previous is not None:
            done[sub.student_id] = previous
            # Written again: cheap, and what is revealed follows this run's --reveal-hidden.
            _write_feedback(course, out_dir / student_folder(sub.student_id), previous, reveal_hidden)
        else:
            todo.append(sub)
    if done:
        out.print(f"{len(done)} submission(s) already graded with the same content and course; skipping them (use --force to regrade).")
    timings = {} if timings is None else timings
    by_id = {s.student_id: s for s in todo}
    if todo:
        done.update(_grade_all(course, assignment, todo, by_id, out_dir, digest, workers, verbose, examples, timings, out, cache_dir, reveal_hidden))
    results = [done[s.student_id] for s in submissions]
    report = _write_class_files(course, assignment, out_dir, results, entries, warnings=intake.warnings)
    _print_summary(course, results, timings, out, out_dir)
    out.print(f"Class report: {escape(str(report))}")
    return exit_code(results)


EXIT_GRADED = 0
EXIT_NOT_ALL_GRADED = 3  # 1 is Python's own crash, 2 a usage or course error (see cli.py)
# A submission the grader could not grade: the instructor must look (and may regrade).
NEEDS_ATTENTION = ("crashed", "unreadable")


def exit_code(results: list[SubmissionResult]) -> int:
    """0 when every submission found was graded (rightly 0 points included); 3 when one or more
    crashed or could not be read, so a script notices without parsing the summary."""
    return EXIT_NOT_ALL_GRADED if any(r.extra.get("status") in NEEDS_ATTENTION for r in results) else EXIT_GRADED


def _grade_all(course, assignment, todo, by_id, out_dir, digest, workers, verbose, examples, timings, out, cache_dir=None, reveal=False) -> dict:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    finished: dict[str, SubmissionResult] = {}
    progress = Progress(
        TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=out, transient=True
    )
    workers = max(1, min(workers, len(todo)))
    start = time.perf_counter()
    with progress:
        task = progress.add_task("grading", total=len(todo), rate="")

        def record(student_id: str, data: dict, seconds: float, failure: str | None = None) -> None:
            timings[student_id] = seconds
            sub = by_id[student_id]
            try:
                result = _finish(course, assignment, out_dir, sub, data, digest, examples, failure=failure, reveal=reveal)
            except OSError:
                raise  # the output folder itself failed: every student's problem, not this one's
            except Exception as error:  # writing up this one result failed (its feedback, its results.json)
                _, data, _, failure = _crashed(course, examples, sub, _reason(error), seconds)
                result = _finish(course, assignment, out_dir, sub, data, digest, examples, failure=failure, reveal=reveal)
            finished[student_id] = result
            rate = len(finished) / max(time.perf_counter() - start, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:.1f}/s")
            if failure:
                progress.console.print(f"[red]{escape(student_id)}: grading stopped ({escape(failure)}); recorded as crashed[/red]")
            elif verbose:
                progress.console.print(f"{escape(student_id)}: {result.score:g}/{result.max_score:g} ({seconds:.2f} s)")

        if workers == 1:
            _init_process(str(course.root), examples, None, cache_dir=str(cache_dir) if cache_dir else None)
            try:
                for sub in todo:
                    record(*_grade_in_process(sub.student_id, dict(sub.files)))
            finally:
                _STATE.pop("runner").close()
        else:
            _grade_in_pool(course, examples, todo, workers, record, cache_dir)
    return finished


BACKSTOP_GRACE_S = 120.0  # start-up and reply handling on top of the submission's own limit


def _grade_in_pool(course: Course, examples: int, todo: list[Submission], workers: int, record, cache_dir: Path | None = None) -> None:
    """Grade `todo` in `workers` spawned processes; a dead or stuck process costs one student, not the class.

    At most one submission per process is in flight, so when the pool breaks (a process
    killed, out of memory, past its deadline) only those few are suspects. Each suspect is
    then graded alone in a fresh pool: the one that breaks it again is recorded as crashed,
    the others are graded as usual.
    """
    import collections
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    # A whole submission is bounded by submission_s inside the grading process; this is the
    # backstop for a grading process that stops answering altogether.
    deadline_s = course.grading.limits.submission_s * 1.5 + BACKSTOP_GRACE_S
    pending = collections.deque(todo)
    suspects: collections.deque[Submission] = collections.deque()

    def new_pool() -> ProcessPoolExecutor:
        slots = context.Queue()
        for slot in range(workers):
            slots.put(slot)
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_process, initargs=(str(course.root), examples, slots, os.getpid(), str(cache_dir) if cache_dir else None)
        )

    pool = new_pool()
    running: dict = {}  # future -> (submission, started, alone)
    try:
        while pending or suspects or running:
            if suspects:
                if not running:  # a suspect always runs alone
                    sub = suspects.popleft()
                    running[pool.submit(_grade_in_process, sub.student_id, dict(sub.files))] = (sub, time.monotonic(), True)
            else:
                while pending and len(running) < workers:
                    sub = pending.popleft()
                    running[pool.submit(_grade_in_process, sub.student_id, dict(sub.files))] = (sub, time.monotonic(), False)
            done, _ = wait(list(running), timeout=5.0, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                sub, started, alone = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        record(*_crashed(course, examples, sub, "the grading process died", time.monotonic() - started))
                    else:
                        suspects.append(sub)
                    continue
                except Exception as error:  # raised past _grade_in_process itself: still one student's
                    record(*_crashed(course, examples, sub, _reason(error), time.monotonic() - started))
                    continue
                record(*outcome)
            overdue = [f for f, (_, started, _) in running.items() if time.monotonic() - started > deadline_s]
            if overdue:
                for future in overdue:
                    sub, started, alone = running.pop(future)
                    reason = f"no answer from the grading process within {deadline_s:g} s"
                    if alone:
                        record(*_crashed(course, examples, sub, reason, time.monotonic() - started))
                    else:
                        suspects.append(sub)
                broken = True
            if broken:
                suspects.extend(sub for sub, _, _ in running.values())  # lost with the pool
                running.clear()
                _kill_pool(pool)
                pool = new_pool()
        pool.shutdown(wait=True)  # every worker idle: let each close its runner (atexit) and its temporary folder
    finally:
        _kill_pool(pool)  # a no-op after the shutdown above; on an error, stop stuck workers too


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now, stuck processes included (shutdown alone would wait for them)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle on them
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _crashed(course: Course, examples: int, sub: Submission, reason: str, seconds: float) -> tuple[str, dict, float, str]:
    """The crashed result for a student whose grading process died; built here, in the class process."""
    from autograder.grading.plan import make_plan, unfinished_result

    key = ("parent_plan", str(course.root))
    plan = _STATE.get(key)
    if plan is None:
        plan = _STATE[key] = make_plan(course, examples=examples, replay=False)
    result = unfinished_result(plan, student=sub.student_id)
    return sub.student_id, to_gradescope(result), seconds, reason


def _write_class_files(
    course: Course, assignment: Assignment | None, out_dir: Path, results: list[SubmissionResult], roster: list | None, *, warnings=()
) -> Path:
    """Write grades.csv, canvas.csv / moodle.csv, summary.json, then report.html; return the report's path."""
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
    summary["warnings"] = list(warnings)
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
    assignment = course.assignment(assignment_id)
    if reveal_hidden:
        check_reveal(assignment, now or datetime.now(timezone.utc))
    results = []
    for path in sorted(out_dir.glob(f"*/{RESULTS}")):
        result = from_gradescope(json.loads(path.read_text(encoding="utf-8")))
        _write_feedback(course, path.parent, result, reveal_hidden)
        results.append(result)
    out = console()
    try:  # the warnings came from reading the uploads, which a rebuild does not repeat
        warnings = json.loads((out_dir / "summary.json").read_text(encoding="utf-8")).get("warnings", [])
    except (OSError, ValueError, AttributeError):
        warnings = []
    report = _write_class_files(course, assignment, out_dir, results, None, warnings=warnings)
    _print_summary(course, results, {}, out, out_dir)
    out.print(f"Class report: {escape(str(report))}")
    return exit_code(results)
