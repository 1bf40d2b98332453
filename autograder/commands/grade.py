"""`autograder grade`: a whole class (or one submission) from LMS downloads to gradebook files.

`grade_command` is its steps in order, each a function below: prepare (everything the class
files need, read and checked before anyone is graded), intake, skip what is already graded,
grade the rest (pool.py: parallel processes, each with its own fork server and worker uid),
then the class files (report.py). This process alone writes files, each atomically, and each
student's results.json last (it is the record that a student is done). A rerun skips students
whose results.json already carries the same submission fingerprint, course digest and grader
version, so a run killed at any moment resumes to the same outputs.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from rich.markup import escape

import autograder
from autograder.commands import pool
from autograder.adjustments import assign
from autograder.commands.report import RESULTS, check_one_assignment, check_reveal, exit_code, print_summary, store_result, write_class_files, write_feedback
from autograder.commands.trail import load_trail, save_trail
from autograder.course import Assignment, Course
from autograder.errors import AutogradeError
from autograder.files import student_folder, write_atomic
from autograder.grading.catalog import course_digest
from autograder.integrity import keep
from autograder.intake import Submission, Wanted, collect
from autograder.intake.extensions import EXTENSIONS, extensions_for, late_facts, read_extensions
from autograder.intake.lateness import LatePolicy
from autograder.outputs.results_json import dumps, from_gradescope, to_gradescope
from autograder.render.console import console
from autograder.render.decisions import trail_warnings
from autograder.render.messages import summary_line
from autograder.results import SubmissionResult

__all__ = ["grade_command"]


@dataclass
class GradeRun:
    """One `grade` run: what it was asked, what it read before grading, what it has graded."""

    course: Course
    out_dir: Path
    assignment: Assignment | None
    roster: list | None
    policy: LatePolicy
    examples: int
    digest: str
    workers: int = 1
    force: bool = False
    verbose: bool = False
    reveal: bool = False
    cache_dir: Path | None = None
    out: object = None  # the console
    submissions: list[Submission] = field(default_factory=list)
    warnings: tuple = ()
    done: dict[str, SubmissionResult] = field(default_factory=dict)
    todo: list[Submission] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    extension_rows: list = field(default_factory=list)  # extensions.csv as read (intake/extensions.py)
    extensions_file: Path | None = None  # --extensions, kept as DIR/extensions.csv once checked
    extensions: dict = field(default_factory=dict)  # student -> Extension for this assignment
    trail: list = field(default_factory=list)  # DIR/adjustments.csv (adjustments.py), reapplied to every result


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
    extensions: Path | None = None,
) -> int:
    """Grade every submission found in `paths` into `out_dir`; `timings` receives seconds per student.
    `reveal_hidden`: feedback files show hidden checks' expected values (only after the due date,
    `now` being the time it is checked against). `extensions`: an extensions.csv."""
    run = prepare(course, out_dir, assignment_id=assignment_id, roster=roster, examples=examples, reveal=reveal_hidden, now=now, extensions=extensions)
    run.workers, run.force, run.verbose, run.cache_dir = workers, force, verbose, cache_dir
    if timings is not None:
        run.timings = timings
    take_in(run, paths, student)
    grant_extensions(run)
    skip_already_graded(run)
    grade_the_rest(run)
    before = graded_before(out_dir, run.submissions)
    # This run's results already carry the adjustments; those graded before may hold older ones.
    results, unmatched, short = assign([run.done[s.student_id] for s in run.submissions] + before, run.trail, strict=False)
    for old, result in zip(before, results[len(run.submissions):]):
        if result != old:
            folder = out_dir / student_folder(result.student)
            store_result(folder, result, _summary_line(result))
            write_feedback(run.course, folder, result, run.reveal)
    for warning in trail_warnings(unmatched, short):
        run.out.print(f"[yellow]warning: {escape(warning)}[/yellow]")
    report = write_class_files(run.course, run.assignment, out_dir, results, run.roster, warnings=(*run.warnings, *trail_warnings(unmatched, short)))
    print_summary(run.course, results, run.timings, run.out, out_dir)
    run.out.print(f"Class report: {escape(str(report))}")
    return exit_code(results)


def graded_before(out_dir: Path, submissions: list[Submission]) -> list[SubmissionResult]:
    """The students of `out_dir` this run did not grade (a regrade of one student, a late
    upload graded alone): the class files are the whole class, not only this run."""
    here = {student_folder(s.student_id) for s in submissions}
    others = []
    for path in sorted(out_dir.glob(f"*/{RESULTS}")):
        if path.parent.name in here:
            continue
        try:
            others.append(from_gradescope(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError, AttributeError, ArithmeticError):
            continue  # not a results.json this kit wrote (decimal's errors are ArithmeticError): not a student of this folder
    return others


def prepare(course: Course, out_dir: Path, *, assignment_id=None, roster=None, examples=None, reveal=False, now=None, extensions=None) -> GradeRun:
    """Everything the class files need, read before grading: a bad roster, assignment id or an
    early --reveal-hidden, a bad late policy fails in a second, not after the whole class has been graded."""
    from autograder.intake.roster import read_roster

    assignment = course.assignment(assignment_id)
    # Graded is the assignment's exercises only: its plan, intake, points and class files.
    course = course.for_assignment(assignment.id if assignment else None)
    if reveal:
        check_reveal(assignment, now or datetime.now(timezone.utc))
    entries = read_roster(roster) if roster else None
    check_one_assignment(out_dir, assignment)
    out_dir.mkdir(parents=True, exist_ok=True)
    policy = LatePolicy.from_mapping(assignment.late, source="course.toml [assignments.late]") if assignment else LatePolicy()
    examples = examples or course.grading.examples_per_check
    kept = out_dir / EXTENSIONS  # a later run without --extensions still grants them
    extensions = extensions or (kept if kept.is_file() else None)
    rows = read_extensions(extensions, assignments=[a.id for a in course.assignments]) if extensions else []
    trail, stamped = load_trail(course, out_dir, now=now)
    if stamped:
        save_trail(course, out_dir, trail)
    return GradeRun(
        course=course, out_dir=out_dir, assignment=assignment, roster=entries, policy=policy, examples=examples, digest=course_digest(course), reveal=reveal, out=console(),
        extension_rows=rows, extensions_file=extensions, trail=trail,
    )  # fmt: skip


def grant_extensions(run: GradeRun) -> None:
    """Each student's extension for this assignment, from the roster and extensions.csv; a row
    for a student neither the roster nor the submissions know is refused before grading."""
    known = [e.id for e in run.roster or ()] + [s.student_id for s in run.submissions] + graded_ids(run.out_dir)
    run.extensions = extensions_for(run.assignment, run.extension_rows, run.roster or (), students=known)
    kept = run.out_dir / EXTENSIONS
    if run.extensions_file is not None and run.extensions_file.resolve() != kept.resolve():
        write_atomic(kept, run.extensions_file.read_bytes())


def graded_ids(out_dir: Path) -> list[str]:
    """The ids of the students graded in `out_dir` (a folder holding a results.json): a safe id
    is its own folder name; any other id is read from its results.json, and kept only when its
    folder is the one `student_folder` gives it (never a folder name taken for an id)."""
    ids = []
    for path in sorted(out_dir.glob(f"*/{RESULTS}")):
        folder = path.parent.name
        if student_folder(folder) == folder:
            ids.append(folder)
            continue
        try:
            student = json.loads(path.read_text(encoding="utf-8"))["extra_data"]["student"]
        except (OSError, ValueError, TypeError, KeyError):
            continue  # not a results.json this kit wrote: not a student of this folder
        if isinstance(student, str) and student_folder(student) == folder:
            ids.append(student)
    return ids


class StudentError(AutogradeError):
    """--student does not fit the uploads: a student they do not hold, or one upload that is another student's."""


def _student_ids(student) -> list[str]:
    """--student as a list of ids: one id, a comma-separated list, or several --student."""
    given = [student] if isinstance(student, str) else list(student or ())
    return [part.strip() for item in given for part in item.split(",") if part.strip()]


def take_in(run: GradeRun, paths: list[Path], student) -> None:
    """Find the submissions in the downloads; say what was skipped and why."""
    assignment = run.assignment
    intake = collect(paths, wanted=Wanted.of(run.course.exercises, assignment=assignment.id if assignment else None))
    run.submissions = list(intake.submissions)
    wanted = _student_ids(student)
    if len(wanted) == 1 and len(run.submissions) == 1:
        run.submissions = [_named(run, run.submissions[0], wanted[0], paths)]
    elif wanted:  # regrade only these students of a class upload
        found = {s.student_id for s in run.submissions}
        unknown = [w for w in wanted if w not in found]
        if unknown:
            raise StudentError(
                f"--student {', '.join(unknown)}: not among the {len(found)} submissions found in {', '.join(str(p) for p in paths)}; "
                "give the student's id as the upload names it (the folder names in --out are those ids)"
            )
        run.submissions = [s for s in run.submissions if s.student_id in wanted]
    for problem in intake.problems:
        run.out.print(f"[yellow]skipped: {escape(problem)}[/yellow]")
    for warning in intake.warnings:
        run.out.print(f"[yellow]warning: {escape(warning)}[/yellow]")
    run.warnings = intake.warnings


def _named(run: GradeRun, sub: Submission, student: str, paths: list[Path]) -> Submission:
    """The one submission of an upload as --student's: renamed when it carries no identity of
    its own (a bare file, a folder or zip whose name is no student's); refused when its name is
    another student the roster or the grading folder knows (grading it would replace theirs)."""
    if sub.student_id == student:
        return sub
    where = "the roster" if sub.student_id in {e.id for e in run.roster or ()} else None
    if where is None and sub.student_id in graded_ids(run.out_dir):
        where = f"the grading folder {run.out_dir}"
    if where is not None:
        given = ", ".join(str(p) for p in paths)
        origin = "" if sub.origin == given else f" ({sub.origin})"
        raise StudentError(
            f"--student {student}: the upload {given} is {sub.student_id}'s submission{origin}, "
            f"a student {where} knows; grade it without --student to grade it as {sub.student_id}'s, "
            f"or, if it is {student}'s work, rename the upload so it does not name {sub.student_id}"
        )
    return replace(sub, student_id=student)


def skip_already_graded(run: GradeRun) -> None:
    """Keep the results of submissions graded before with the same content, course and grader."""
    for sub in run.submissions:
        folder = run.out_dir / student_folder(sub.student_id)
        previous = None if run.force else _already_graded(folder / RESULTS, sub, run.digest, run.examples)
        if previous is not None:
            previous = _refreshed(run, sub, previous, folder)
            run.done[sub.student_id] = previous
            # Written again: cheap, and what is revealed follows this run's --reveal-hidden.
            write_feedback(run.course, folder, previous, run.reveal)
            keep(folder, sub.files)  # a folder graded before files were kept gets them now
        else:
            run.todo.append(sub)
    if run.done:
        run.out.print(f"{len(run.done)} submission(s) already graded with the same content and course; skipping them (use --force to regrade).")


def grade_the_rest(run: GradeRun) -> None:
    """Grade what is left, in this process or a pool, writing each student's files as they finish."""
    if not run.todo:
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    by_id = {s.student_id: s for s in run.todo}
    progress = Progress(
        TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=run.out, transient=True
    )
    workers = max(1, min(run.workers, len(run.todo)))
    start = time.perf_counter()
    finished = 0
    with progress:
        task = progress.add_task("grading", total=len(run.todo), rate="")

        def record(student_id: str, graded: SubmissionResult, seconds: float, failure: str | None = None) -> None:
            nonlocal finished
            run.timings[student_id] = seconds
            sub = by_id[student_id]
            try:
                result = _finish(run, sub, graded, failure=failure)
            except OSError:
                raise  # the output folder itself failed: every student's problem, not this one's
            except Exception as error:  # writing up this one result failed (its feedback, its results.json)
                _, graded, _, failure = pool.crashed(run.course, run.examples, sub, pool.why(error), seconds)
                result = _finish(run, sub, graded, failure=failure)
            run.done[student_id] = result
            finished += 1
            progress.update(task, advance=1, rate=f"{finished / max(time.perf_counter() - start, 1e-9):.1f}/s")
            if failure:
                progress.console.print(f"[red]{escape(student_id)}: grading stopped ({escape(failure)}); recorded as crashed[/red]")
            elif run.verbose:
                progress.console.print(f"{escape(student_id)}: {result.score:g}/{result.max_score:g} ({seconds:.2f} s)")

        if workers == 1:
            pool.grade_here(run.course, run.examples, run.todo, record, run.cache_dir)
        else:
            pool.grade_in_pool(run.course, run.examples, run.todo, workers, record, run.cache_dir)


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


def _finish(run: GradeRun, sub: Submission, result: SubmissionResult, *, failure: str | None = None) -> SubmissionResult:
    """Attach submission facts and lateness, then write feedback.md and results.json (last)."""
    course = run.course
    extra = _submission_extra(sub, run.digest, run.examples)
    if failure:
        extra["status"] = "crashed"
        extra["failure"] = failure
        extra["fingerprint"] = None  # never "already graded": the next run tries again
    extra.update(_late(run, sub, result.max_score))
    notes = tuple(result.notes) + tuple(f"Submission: {p}" for p in sub.problems)
    result = replace(result, extra=extra, notes=notes, adjustments=_own(run, sub.student_id))
    folder = run.out_dir / student_folder(sub.student_id)
    write_feedback(course, folder, result, run.reveal)
    keep(folder, sub.files)  # the code as submitted, for similarity hints and a person's reading
    write_atomic(folder / RESULTS, dumps(to_gradescope(result, summary=_summary_line(result))))
    return result


def _late(run: GradeRun, sub: Submission, max_score: float) -> dict:
    return late_facts(
        submitted_at=sub.submitted_at, late_flag=sub.late, assignment=run.assignment, policy=run.policy, max_score=max_score, extension=run.extensions.get(sub.student_id)
    )


def _own(run: GradeRun, student: str) -> tuple:
    return tuple(a for a in run.trail if a.student == student)


def _refreshed(run: GradeRun, sub: Submission, previous: SubmissionResult, folder: Path) -> SubmissionResult:
    """An already graded result with this run's extension and adjustments (either may have
    changed since it was graded), its results.json written again if that changed it."""
    extra = {key: value for key, value in previous.extra.items() if key != "extension"}
    extra.update(_late(run, sub, previous.max_score))
    result = replace(previous, extra=extra, adjustments=_own(run, sub.student_id))
    if result != previous:
        store_result(folder, result, _summary_line(result))
    return result


def _summary_line(result: SubmissionResult) -> str:
    passed = sum(c.passed for c in result.checks)
    return summary_line(passed, len(result.checks), finished=result.extra.get("status") != "crashed")
