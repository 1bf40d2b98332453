"""The grading processes of a class run: each with its own plan, fork server and worker uid.

One submission in flight per process; a process that dies, hangs or fails on one submission
costs that student a "crashed" result (`crashed`), never the class. Results come back as
records (`SubmissionResult`, picklable, already worded); the class process stores them.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from autograder.course import Course, load
from autograder.intake import Submission
from autograder.results import SubmissionResult

__all__ = ["BACKSTOP_GRACE_S", "crashed", "grade_here", "grade_in_pool", "grade_in_process", "init_process", "why"]

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


def init_process(course_root: str, examples, slots, parent: int | None = None, cache_dir: str | None = None, exercises: tuple[str, ...] = ()) -> None:
    from autograder.grading.plan import make_plan
    from autograder.isolation.runner import Runner

    if parent is not None:
        _die_with(parent)

    course = load(course_root)
    slot = slots.get() if slots is not None else 0
    _STATE["course"] = course
    # `exercises`: the graded assignment's (the class process's Course.for_assignment), by name.
    _STATE["plan"] = make_plan(course, examples=examples, cache_dir=Path(cache_dir) if cache_dir else None, exercises=tuple(exercises))
    _STATE["runner"] = Runner(course.grading.limits, slot=slot)
    import atexit

    atexit.register(_STATE["runner"].close)


def grade_in_process(student: str, files: dict[str, bytes]) -> tuple[str, SubmissionResult, float, str | None]:
    """Grade one student; any failure of the grader on this submission becomes that student's
    "crashed" result with a short reason (the fourth item), never an exception for the class."""
    from autograder.pipeline import grade_files, unfinished_result
    from autograder.isolation.runner import Runner

    start = time.perf_counter()
    try:
        result = grade_files(_STATE["plan"], _STATE["runner"], files, student=student)
        failure = None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # CallFailed is a BaseException on purpose (see runner.py)
        failure = why(error)
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
    return student, result, time.perf_counter() - start, failure


def why(error: BaseException) -> str:
    """One short line for the report: the error's type and the start of its message."""
    text = " ".join(str(error).split())
    text = text[:160] + ("..." if len(text) > 160 else "")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


BACKSTOP_GRACE_S = 120.0  # start-up and reply handling on top of the submission's own limit


def grade_in_pool(course: Course, examples: int, todo: list[Submission], workers: int, record, cache_dir: Path | None = None) -> None:
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
            max_workers=workers, mp_context=context, initializer=init_process, initargs=(str(course.root), examples, slots, os.getpid(), str(cache_dir) if cache_dir else None, _names(course))
        )

    pool = new_pool()
    running: dict = {}  # future -> (submission, started, alone)
    try:
        while pending or suspects or running:
            if suspects:
                if not running:  # a suspect always runs alone
                    sub = suspects.popleft()
                    running[pool.submit(grade_in_process, sub.student_id, dict(sub.files))] = (sub, time.monotonic(), True)
            else:
                while pending and len(running) < workers:
                    sub = pending.popleft()
                    running[pool.submit(grade_in_process, sub.student_id, dict(sub.files))] = (sub, time.monotonic(), False)
            done, _ = wait(list(running), timeout=5.0, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                sub, started, alone = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        record(*crashed(course, examples, sub, "the grading process died", time.monotonic() - started))
                    else:
                        suspects.append(sub)
                    continue
                except Exception as error:  # raised past _grade_in_process itself: still one student's
                    record(*crashed(course, examples, sub, why(error), time.monotonic() - started))
                    continue
                record(*outcome)
            overdue = [f for f, (_, started, _) in running.items() if time.monotonic() - started > deadline_s]
            if overdue:
                for future in overdue:
                    sub, started, alone = running.pop(future)
                    reason = f"no answer from the grading process within {deadline_s:g} s"
                    if alone:
                        record(*crashed(course, examples, sub, reason, time.monotonic() - started))
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


def crashed(course: Course, examples: int, sub: Submission, reason: str, seconds: float) -> tuple[str, SubmissionResult, float, str]:
    """The crashed result for a student whose grading process died; built here, in the class process."""
    from autograder.grading.plan import make_plan
    from autograder.pipeline import unfinished_result

    key = ("parent_plan", str(course.root), course.scope)
    plan = _STATE.get(key)
    if plan is None:
        plan = _STATE[key] = make_plan(course, examples=examples, replay=False)
    return sub.student_id, unfinished_result(plan, student=sub.student_id), seconds, reason


def _names(course: Course) -> tuple[str, ...]:
    """The exercises a grading process plans for: the course's, narrowed to an assignment or not."""
    return tuple(e.name for e in course.exercises)


def grade_here(course: Course, examples: int, todo: list[Submission], record, cache_dir: Path | None = None) -> None:
    """Grade `todo` one after another in this process (one worker: no pool to pay for)."""
    init_process(str(course.root), examples, None, cache_dir=str(cache_dir) if cache_dir else None, exercises=_names(course))
    try:
        for sub in todo:
            record(*grade_in_process(sub.student_id, dict(sub.files)))
    finally:
        _STATE.pop("runner").close()
