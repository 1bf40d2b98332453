"""Gradescope, inside its container: set up once, then grade one submission per run.

The zip itself is built on the instructor's machine by gradescope_zip.py. Inside the container, `setup.sh` runs `prepare` once and `run_autograder` runs `run` once per
submission. `run` grades /autograder/submission and writes /autograder/results/results.json
exactly once, atomically, whatever happens: an empty or unreadable upload, a crash of the
grader, the time limit. The root is /autograder unless AUTOGRADER_GRADESCOPE_ROOT or --root
says otherwise:

    python -m autograder.platforms.gradescope prepare --root /autograder
    python -m autograder.platforms.gradescope run --root /autograder --deadline 540

Only the standard library (and `autograder.errors`, which needs nothing else) is imported at
the top: if the rest of the kit cannot be imported, the error is still turned into a results.json.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
import stat
import sys
import threading
import time
import traceback
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path


__all__ = ["prepare", "run", "main", "ROOT_ENV"]

ROOT_ENV = "AUTOGRADER_GRADESCOPE_ROOT"
DEFAULT_ROOT = "/autograder"
DEADLINE_ENV = "AUTOGRADER_DEADLINE_S"
DEFAULT_DEADLINE_S = 540.0  # under Gradescope's default 10-minute limit, leaving time to write
SLOT_ENV = "AUTOGRADER_WORKER_SLOT"

CONTACT = "This is a problem with the autograder, not with your work. Please contact your instructor."
WHEN_SHOWN = {
    "after_due_date": "their results appear after the due date",
    "after_published": "their results appear when your instructor publishes the grades",
    "hidden": "only your instructor sees their results",
}


# ------------------------------------------------------------------ setup.sh's step


def _open_to_all(path: Path) -> None:
    """chmod a+rX: everyone may read, and enter folders or run what is already runnable."""
    mode = path.stat().st_mode
    extra = 0o555 if path.is_dir() or mode & 0o111 else 0o444
    os.chmod(path, stat.S_IMODE(mode) | extra)


def _lock(path: Path) -> None:
    """Only the owner (root) may read or enter `path` and everything in it."""
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            item = Path(folder) / name
            if not item.is_symlink():
                os.chmod(item, stat.S_IMODE(item.stat().st_mode) & 0o700)
    os.chmod(path, 0o700)


def _set_permissions(source: Path, venv: Path) -> None:
    """The interpreter and the kit readable by the student's uid; solutions/ and the examples not."""
    from autograder.grading.plan import CACHE_DIR

    private = {source / "solutions", source / CACHE_DIR}
    for top in (venv, source):
        _open_to_all(top)
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if Path(folder) / d not in private]
            for name in dirs + files:
                item = Path(folder) / name
                if not item.is_symlink():
                    _open_to_all(item)
    for path in private:
        if path.is_dir():
            _lock(path)


def prepare(root: Path) -> None:
    """setup.sh's last step: load the course, draw every check's examples once, set permissions."""
    from autograder.course import load
    from autograder.grading.trivial import warm_facts
    from autograder.grading.plan import CACHE_DIR, make_plan

    source = Path(root) / "source"
    start = time.monotonic()
    course = load(source)
    plan = make_plan(course, cache_dir=course.root / CACHE_DIR)
    examples = plan.examples or course.grading.examples_per_check
    checks = [check for material in plan.materials for check in material.checks(hidden=True)]
    if plan.bank is not None:
        for check in checks:
            plan.bank.examples(check, examples)
        warm_facts(plan)  # which checks code that computes nothing passes: never per submission
    _set_permissions(source, Path(sys.prefix))
    print(
        f"prepare: {course.id}: {len(course.exercises)} exercises, {len(checks)} checks, "
        f"{course.points:g} points; examples drawn and trivial code run in {time.monotonic() - start:.1f} s; "
        "solutions/ readable by root only",
        flush=True,
    )


# ------------------------------------------------------------------ grading one submission


class _ResultsWriter:
    """Writes results.json exactly once, whoever asks first: the grader or the deadline watchdog."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        self.written: dict | None = None

    def write(self, data: dict) -> bool:
        with self.lock:
            if self.written is not None:
                return False
            text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            try:
                with open(tmp, "w", encoding="utf-8") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            finally:
                if tmp.exists():
                    tmp.unlink()
            self.written = data
            return True


class _Stopped(BaseException):
    """SIGTERM arrived (run_autograder's hard time limit): stop grading and report it."""


def _failure(message: str, *, error: str) -> dict:
    """A results.json with no tests and score 0, for when grading could not happen."""
    return {
        "score": 0,
        "output": message,
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [],
        "extra_data": {"error": error},
    }


def _deadline_failure(deadline_s: float) -> dict:
    return _failure(
        f"**Grading stopped at the time limit ({deadline_s:g} s) before it finished, so no score was recorded.** "
        "Each call of one of your functions may take a couple of seconds at most; code that is slow on every "
        "call (a long loop, a sleep, a huge array) makes grading too long. Check that your functions return "
        "quickly and submit again. If they do, contact your instructor.",
        error=f"deadline: grading did not finish within {deadline_s:g} s",
    )


def _stop_at_deadline(writer: _ResultsWriter, state: dict, start: float, deadline_s: float) -> None:
    data = _deadline_failure(deadline_s)
    data["execution_time"] = round(time.monotonic() - start, 2)
    if writer.write(data):
        print(f"run: stopped at the deadline ({deadline_s:g} s); results.json says so", flush=True)
        runner = state.get("runner")
        if runner is not None:
            try:
                runner.process.kill()
            except Exception:
                pass
        os._exit(0)


def _parse_time(text) -> datetime | None:
    """Gradescope's created_at ("2026-12-14T23:58:12.123456-08:00"); None when absent or unreadable."""
    if not isinstance(text, str):
        return None
    text = text.strip().replace("Z", "+00:00")
    text = re.sub(r"\.(\d+)", lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=timezone.utc)


def _metadata(path: Path) -> dict:
    """submission_metadata.json, made readable by root only (it holds earlier results and emails)."""
    try:
        os.chmod(path, 0o600)
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        print(f"run: {path.name} unreadable ({exc}); graded without it", flush=True)
        return {}
    return data if isinstance(data, dict) else {}


def _student(metadata: dict) -> str:
    users = metadata.get("users")
    if isinstance(users, list):
        emails = [str(u.get("email") or u.get("name") or "") for u in users if isinstance(u, dict)]
        if any(emails):
            return ", ".join(e for e in emails if e)
    return f"submission {metadata['id']}" if metadata.get("id") is not None else "submission"


def _lateness(course, metadata: dict, max_score: float):
    """The course's lateness verdict for Gradescope's created_at, or None without a due date."""
    from autograder.intake.lateness import LatePolicy, assess

    assignment = course.assignment()
    submitted = _parse_time(metadata.get("created_at"))
    if assignment is None or assignment.due is None or submitted is None:
        return None
    policy = LatePolicy.from_mapping(assignment.late, source="course.toml [assignments.late]")
    return assess(submitted_at=submitted, late_flag=False, due=assignment.due, policy=policy, max_score=max_score)


def _one_submission(intake, upload: Path) -> tuple[dict[str, bytes], list[str], str]:
    """Everything found in the upload as one student's files, its problems, and its status.

    Intake may see several students in one upload (say, two folders of work); on Gradescope
    it is all one student's, so the files are merged and a clash is reported.
    """
    shown = str(upload) + os.sep
    problems = [p.replace(shown, "") for p in intake.problems]
    files: dict[str, bytes] = {}
    origins: dict[str, str] = {}
    for sub in intake.submissions:
        problems += [p.replace(shown, "") for p in sub.problems]
        for name, content in sub.files.items():
            where = sub.origin.replace(shown, "") or "your upload"
            if name not in files:
                files[name], origins[name] = content, where
            elif files[name] != content:
                problems.append(f"{name} is in your upload twice with different contents; graded the one in {origins[name]}, ignored the one in {where}")
    if files:
        status = "ok"
    else:
        status = "rejected" if any(s.status in ("rejected", "unreadable") for s in intake.submissions) else "empty"
    return files, problems, status


def _plain(lines: list[str]) -> str:
    """Upload problems (they quote the student's file names) as a code block nothing in can render."""
    safe = [line.replace("```", "ˋˋˋ").replace("~~~", "˜˜˜") for line in lines]
    return "\n".join(["```text", *safe, "```"])


def _summary(result, status: str, problems: list[str], wanted: list[str]) -> str:
    """The first lines students read: what was graded and what the score means."""
    from autograder.points import format_points

    if status == "empty":
        listed = ", ".join(f"`{name}`" for name in wanted)
        text = (
            "**We found no files to grade in your submission, so the score is 0.** "
            f"Upload the files you worked on ({listed}) as they are, in their exercise folders, or in a zip."
        )
        return text + ("\n\nWhat we found:\n\n" + _plain(problems) if problems else "")
    if status == "rejected":
        return (
            "**Your submission could not be read, so nothing was graded and the score is 0.** "
            "Upload your files again: the .py files themselves, or a plain zip of them. What went wrong:\n\n" + _plain(problems)
        )
    visible = [c for c in result.checks if c.visibility == "visible"]
    others = [c for c in result.checks if c.visibility != "visible"]
    if not others:
        passed = sum(c.passed for c in result.checks)
        return f"**Score: {format_points(result.score)} / {format_points(result.max_score)}**: {passed} of {len(result.checks)} checks passed."
    when = "; ".join(WHEN_SHOWN.get(v, "their results appear later") for v in sorted({c.visibility for c in others}))
    return (
        f"**Public checks: {sum(c.passed for c in visible)} of {len(visible)} passed.** "
        f"{len(others)} hidden checks also ran and count towards your score; {when}."
    )


def _student_output(result, course, status: str, problems: list[str]) -> str:
    """results.json's `output`: the summary, then the feedback on the checks students may see now."""
    from autograder.render.feedback import feedback_markdown

    summary = _summary(result, status, problems, [e.file for e in course.exercises])
    if status != "ok":
        return summary + "\n"
    visible = tuple(c for c in result.checks if c.visibility == "visible")
    header = ""
    if len(visible) < len(result.checks):
        header = "Only the public checks are listed below, and the score just below counts them alone."
    shown = replace(result, student="your submission", checks=visible)
    return summary + "\n\n" + feedback_markdown(shown, course, header=header)


def _grade(root: Path, *, slot: int, state: dict) -> dict:
    from autograder.course import load
    from autograder.grading.plan import CACHE_DIR, make_plan
    from autograder.pipeline import grade_files
    from autograder.intake import Wanted, collect, fingerprint
    from autograder.outputs.results_json import to_gradescope
    from autograder.isolation.runner import Runner

    course = load(root / "source")
    plan = make_plan(course, cache_dir=course.root / CACHE_DIR)
    metadata = _metadata(root / "submission_metadata.json")
    upload = root / "submission"
    files, problems, status = _one_submission(collect([upload], wanted=Wanted.of(course.exercises)), upload)
    student = _student(metadata)
    print(f"run: {student}: {', '.join(sorted(files)) or 'no course files'} ({status})", flush=True)
    for problem in problems:
        print(f"run: upload: {problem}", flush=True)
    runner = Runner(course.grading.limits, slot=slot)
    state["runner"] = runner
    try:
        result = grade_files(plan, runner, files, student=student)
    finally:
        state.pop("runner", None)
        runner.close()
    extra = {"status": status, "problems": problems, "fingerprint": fingerprint(files)}
    if metadata.get("id") is not None:
        extra["gradescope_submission_id"] = metadata["id"]
    lateness = _lateness(course, metadata, result.max_score)
    if lateness is not None:
        extra.update(submitted_at=metadata.get("created_at"), late=lateness.late, late_penalty=lateness.penalty)
        if lateness.late or lateness.reason != "On time.":
            note = " The score does not include the penalty; your instructor applies it." if lateness.penalty else ""
            extra["lateness"] = lateness.reason + note
    notes = tuple(f"Submission: {p}" for p in problems) if status == "ok" else ()
    result = replace(result, notes=notes + tuple(result.notes), extra=extra)
    print(f"run: score {result.score:g} / {result.max_score:g}; isolation: {result.isolation or 'none'}", flush=True)
    return to_gradescope(result, summary=_student_output(result, course, status, problems))


def _catch_sigterm():
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise _Stopped

    return signal.signal(signal.SIGTERM, stop)


def run(root: Path, *, deadline_s: float = DEFAULT_DEADLINE_S, slot: int = 0) -> dict:
    """Grade root/submission and write root/results/results.json exactly once; never raises.

    After `deadline_s` a watchdog writes a "took too long" result and ends the process.
    Returns what was written.
    """
    root = Path(root)
    start = time.monotonic()
    writer = _ResultsWriter(root / "results" / "results.json")
    state: dict = {}
    watchdog = threading.Timer(deadline_s, _stop_at_deadline, (writer, state, start, deadline_s))
    watchdog.daemon = True
    previous = _catch_sigterm()
    watchdog.start()
    try:
        data = _grade(root, slot=slot, state=state)
    except _Stopped:
        print("run: stopped by SIGTERM (the hard time limit)", flush=True)
        data = _deadline_failure(deadline_s)
    except BaseException as exc:  # anything at all: the student still gets a results.json
        print("run: the grader failed:", flush=True)
        traceback.print_exc(file=sys.stdout)
        data = _failure(f"**The autograder could not grade this submission.** {CONTACT}", error=f"{type(exc).__name__}: {str(exc)[:500]}")
    finally:
        watchdog.cancel()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    data["execution_time"] = round(time.monotonic() - start, 2)
    try:
        writer.write(data)
    except (TypeError, ValueError) as exc:  # not serialisable: a bug, reported like any other
        traceback.print_exc(file=sys.stdout)
        writer.write(_failure(f"**The autograder could not grade this submission.** {CONTACT}", error=f"results.json: {exc}"))
    sys.stdout.flush()
    return writer.written or data


def _env_number(name: str, default: float) -> float:
    """A number from the environment; a missing or malformed one gives the default (run must not fail)."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if math.isfinite(value) and value >= 0 else default


def main(argv: list[str] | None = None) -> int:
    """The entry points setup.sh and run_autograder call inside Gradescope's container."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m autograder.platforms.gradescope", description="Steps run inside Gradescope's container.")
    steps = parser.add_subparsers(dest="step", required=True)
    root_help = f"The folder Gradescope calls /autograder. Default: ${ROOT_ENV} or {DEFAULT_ROOT}."
    prepare_step = steps.add_parser("prepare", help="Load the course, draw every check's examples and lock solutions/ (setup.sh).")
    prepare_step.add_argument("--root", default=os.environ.get(ROOT_ENV, DEFAULT_ROOT), help=root_help)
    run_step = steps.add_parser("run", help="Grade the submission and write results/results.json (run_autograder).")
    run_step.add_argument("--root", default=os.environ.get(ROOT_ENV, DEFAULT_ROOT), help=root_help)
    run_step.add_argument("--deadline", type=float, default=_env_number(DEADLINE_ENV, DEFAULT_DEADLINE_S), help=f"Seconds before grading stops. Default: ${DEADLINE_ENV} or {DEFAULT_DEADLINE_S:g}.")
    run_step.add_argument("--slot", type=int, default=int(_env_number(SLOT_ENV, 0)), help=f"Worker uid slot; runs side by side need different ones. Default: ${SLOT_ENV} or 0.")
    args = parser.parse_args(argv)
    if args.step == "prepare":
        from autograder.course import CourseError

        try:
            prepare(Path(args.root))
        except CourseError as exc:
            print(f"prepare: {exc}", file=sys.stderr)
            return 1
        return 0
    run(Path(args.root), deadline_s=args.deadline, slot=args.slot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
