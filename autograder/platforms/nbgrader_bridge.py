"""Everything that talks to nbgrader: its config, its commands, its grading cells, its gradebook.

- `config_text` writes the course folder's nbgrader_config.py; `run_nbgrader` runs nbgrader
  with the interpreter's own bin/ first on PATH (nbgrader creates gradebook.db by calling the
  `alembic` executable, and leaves a half-built database when it is not found).
- `points_for` is what a released notebook's hidden grading cell calls inside nbgrader's
  kernel: the kit grades the notebook file nbgrader is autograding (in a separate process, so
  nothing the grading prints reaches the cell's stderr, which nbgrader scores as 0) and the
  cell's value is the exercise's points earned, which nbgrader records as partial credit
  (`nbgrader.utils.determine_grade` reads a float from the cell's text/plain result).
- `import_results` writes the kit's grades into gradebook.db through nbgrader's own
  `Gradebook` API, so `nbgrader export` and formgrader show them.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import warnings
from datetime import datetime, timezone
from pathlib import Path

from autograder.errors import AutogradeError

__all__ = [
    "NbgraderError",
    "config_text",
    "run_nbgrader",
    "generate_assignment",
    "points_for",
    "Points",
    "import_results",
    "import_command",
    "GRADING_TIMEOUT_S",
]

# Time for the first grading cell of a notebook, which grades all of it. A hanging cell costs
# the import time limit once; everything else is bounded by the per-call limits.
GRADING_TIMEOUT_S = 600
NBGRADER_INSTALL = "pip install 'nbgrader==0.9.*' (the kit's `nbgrader` extra)"


class NbgraderError(AutogradeError):
    """nbgrader or its gradebook cannot do what was asked; the message says what to do."""


# ------------------------------------------------------------------ the course folder and its commands


def config_text(course, assignment) -> str:
    """nbgrader_config.py for the course folder of `autograder release`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(Path(__file__).resolve().parents[1] / "templates")), undefined=StrictUndefined, keep_trailing_newline=True)
    context = {
        "course_id": repr(course.id),
        # written sorted: a set's repr changes order between runs, and the release must not
        "grading_cells": "{" + ", ".join(repr(name) for name in sorted(assignment.exercises)) + "}" if assignment.exercises else "set()",
        "grading_timeout": GRADING_TIMEOUT_S,
    }
    return env.get_template("nb_nbgrader_config.py.j2").render(context)


def _environment() -> dict:
    """This process's environment with the interpreter's bin/ first on PATH (for `alembic`)."""
    env = dict(os.environ)
    scripts = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([scripts, env.get("PATH", "")]) if env.get("PATH") else scripts
    return env


def _half_built(db: Path) -> bool:
    """A gradebook.db with tables but no alembic_version: what a failed first nbgrader run leaves."""
    if not db.is_file():
        return False
    connection = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        connection.close()
    return bool(tables) and "alembic_version" not in tables


def run_nbgrader(folder: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course folder `folder`; NbgraderError with its log if it fails."""
    env = _environment()
    if shutil.which("alembic", path=env["PATH"]) is None:
        raise NbgraderError(f"`alembic` is not installed next to {sys.executable}; nbgrader needs it to create gradebook.db: {NBGRADER_INSTALL}")
    db = Path(folder) / "gradebook.db"
    if _half_built(db):
        raise NbgraderError(f"{db} was left half-built by an earlier nbgrader run (no alembic_version table); delete it and run again")
    try:
        done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` did not finish within {timeout:g} s in {folder}") from None
    if done.returncode != 0:
        if "No module named nbgrader" in done.stderr:
            raise NbgraderError(f"nbgrader is not installed for {sys.executable}: {NBGRADER_INSTALL}")
        log = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise NbgraderError(f"`nbgrader {' '.join(args)}` failed in {folder} (exit {done.returncode}):\n{log}")
    return done


def _api():
    """nbgrader's Gradebook and MissingEntry, or an error saying how to install nbgrader."""
    try:
        from nbgrader.api import Gradebook, MissingEntry
    except ImportError:
        raise NbgraderError(f"nbgrader is not installed for {sys.executable}: {NBGRADER_INSTALL}") from None
    return Gradebook, MissingEntry


def _gradebook(db: Path, course_id: str):
    Gradebook, _ = _api()
    if not Path(db).is_file():
        raise NbgraderError(f"{db}: no gradebook there; `autograder release` creates it (it runs `nbgrader generate_assignment`)")
    return Gradebook(f"sqlite:///{Path(db).resolve()}", course_id)


def generate_assignment(folder: Path, course, assignment) -> None:
    """`nbgrader generate_assignment` in `folder`, then the assignment's due date in the gradebook."""
    run_nbgrader(folder, "generate_assignment", assignment.id, "--force")
    if assignment.due is not None:
        with _gradebook(Path(folder) / "gradebook.db", course.id) as gb:
            gb.update_or_create_assignment(assignment.id, duedate=_utc_naive(assignment.due))


def _utc_naive(moment: datetime) -> datetime:
    """nbgrader stores times as naive UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


# ------------------------------------------------------------------ the grading cell (runs in nbgrader's kernel)


class Points:
    """A grading cell's value: its repr is the points earned (what nbgrader reads), its HTML the feedback."""

    def __init__(self, exercise: str, earned: float, possible: float, checks: list, notes: list[str]):
        self.exercise, self.earned, self.possible, self.checks, self.notes = exercise, earned, possible, checks, notes

    @classmethod
    def of(cls, result, exercise: str) -> "Points":
        checks = [c for c in result.checks if c.exercise == exercise]
        earned, possible = result.exercise_points(exercise)
        return cls(exercise, float(earned), float(possible), checks, list(result.notes))

    def __float__(self) -> float:
        return float(self.earned)

    def __repr__(self) -> str:
        return repr(float(self.earned))

    def _repr_html_(self) -> str:
        from autograder.points import format_points
        from autograder.render.messages import check_text

        shown = [c for c in self.checks if c.visibility != "hidden"]
        passed = sum(c.passed for c in self.checks)
        lines = [
            f"<p><strong>{html.escape(self.exercise)}: {format_points(self.earned)} / {format_points(self.possible)} points</strong>"
            f" ({passed} of {len(self.checks)} checks passed)</p>",
            "<ul>",
        ]
        for check in shown:
            icon = "✔" if check.passed else "✘"
            kind = "public" if check.public else "hidden"
            lines.append(f"<li>{icon} {html.escape(check.name)} ({kind}, {format_points(check.score)}/{format_points(check.max_score)})")
            if not check.passed and check.message:
                lines.append(f"<pre style='white-space:pre-wrap'>{html.escape(check_text(check))}</pre>")
            lines.append("</li>")
        lines.append("</ul>")
        if len(shown) < len(self.checks):
            lines.append(f"<p>{len(self.checks) - len(shown)} more hidden check(s) are not shown.</p>")
        lines += [f"<pre style='white-space:pre-wrap'>{html.escape(note)}</pre>" for note in self.notes]
        return "\n".join(lines)


_GRADED: dict = {}  # (course, notebook digest) -> SubmissionResult: one grading per notebook


def points_for(exercise: str, *, notebook: str, course: str) -> Points:
    """Points earned for `exercise` by the notebook nbgrader is grading (`notebook`, in the working folder).

    The whole notebook is graded once, as `autograder grade` grades it, and each grading cell
    takes its exercise's share; the cells after the first reuse that grading.
    """
    path = Path(notebook)
    if not path.is_file():
        raise NbgraderError(f"{path.resolve()}: not found; the grading cell grades the notebook nbgrader runs, named {notebook!r}")
    data = path.read_bytes()
    key = (str(course), hashlib.sha256(data).hexdigest())
    if key not in _GRADED:
        _GRADED[key] = _grade_elsewhere(course, path, exercise)
    return Points.of(_GRADED[key], exercise)


def _grade_elsewhere(course: str, path: Path, exercise: str | None = None):
    """Grade the notebook at `path` in a fresh interpreter; the result read back from its JSON."""
    import autograder
    from autograder.outputs.results_json import from_gradescope

    kit = str(Path(autograder.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([kit, env["PYTHONPATH"]]) if env.get("PYTHONPATH") else kit
    request = {"course": str(course), "notebook": str(path.resolve()), "name": path.name, "student": Path.cwd().parent.name, "exercise": exercise}
    code = "from autograder.platforms.nbgrader_bridge import _grade_request; _grade_request()"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], input=json.dumps(request), env=env, capture_output=True, text=True, timeout=GRADING_TIMEOUT_S - 30
        )
    except subprocess.TimeoutExpired:
        raise NbgraderError(f"grading {path.name} took longer than {GRADING_TIMEOUT_S - 30} s; grade it with `autograder grade` instead") from None
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise NbgraderError(f"the autograder kit could not grade {path.name} (exit {done.returncode}):\n{tail}")
    return from_gradescope(json.loads(done.stdout))


def _grade_request() -> None:
    """The grading process: a JSON request on stdin, the Gradescope-format result on stdout."""
    from autograder.course import load
    from autograder.grading.plan import make_plan
    from autograder.pipeline import grade_files
    from autograder.outputs.results_json import dumps, to_gradescope
    from autograder.isolation.runner import Runner

    request = json.loads(sys.stdin.read())
    course = load(request["course"])
    exercise = request.get("exercise")
    owner = course.assignment_of([course.exercise(exercise).file]) if exercise else None
    # The notebook's assignment, hidden checks included: what `autograder grade --assignment` runs.
    course = course.for_assignment(owner.id if owner else None)
    plan = make_plan(course)
    with Runner(course.grading.limits) as runner:
        result = grade_files(plan, runner, {request["name"]: Path(request["notebook"]).read_bytes()}, student=request["student"])
    sys.stdout.write(dumps(to_gradescope(result)))


# ------------------------------------------------------------------ the gradebook


def _summary(checks) -> str:
    """A solution cell's comment in formgrader: the checks that failed and why."""
    from autograder.points import format_points

    from autograder.results import function_score

    failed = [c for c in checks if not c.passed]
    functions: dict[str, list] = {}
    for check in checks:
        functions.setdefault(check.function, []).append(check)
    scores = [function_score(own) for own in functions.values()]
    earned, top = sum(f.score for f in scores), sum(f.max_score for f in scores)
    lines = [f"Autograder kit: {format_points(earned)} / {format_points(top)} points, {len(checks) - len(failed)} of {len(checks)} checks passed."]
    for check in failed:
        first = (check.message.strip().splitlines() or [""])[0]
        lines.append(f"- {check.name}: {check.outcome.replace('_', ' ')}" + (f" — {first}" if first and check.visibility == "visible" else ""))
    return "\n".join(lines)


def _timestamp(result) -> datetime | None:
    text = (result.extra or {}).get("submitted_at")
    if not text:
        return None
    try:
        return _utc_naive(datetime.fromisoformat(text))
    except ValueError:
        return None


def import_results(course, results, db: Path, *, assignment_id: str | None = None) -> list[str]:
    """Write each result's points per exercise into nbgrader's gradebook; returns the students written.

    Each exercise's points go to the grade of its grading cell (grade_id = the exercise's name)
    as the automatic score, and a summary of failed checks to the comment of its code cell.
    """
    _, MissingEntry = _api()
    if not course.assignments:
        raise NbgraderError("course.toml lists no [[assignments]]; add one (id, title, exercises) and run `autograder release`")
    assignment = course.assignment(assignment_id)
    notebook = assignment.id
    written = []
    with _gradebook(Path(db), course.id) as gb, warnings.catch_warnings():
        # nbgrader's own update_or_create_submission trips SQLAlchemy's autoflush warnings
        warnings.filterwarnings("ignore", message=".*not in session.*")
        try:
            gb.find_assignment(assignment.id)
            for name in assignment.exercises:
                cell = gb.find_grade_cell(name, notebook, assignment.id)
                points = course.exercise(name).points
                if abs(cell.max_score - points) > 1e-9:
                    raise NbgraderError(
                        f"{db}: grading cell {name} is worth {cell.max_score:g} points but course.toml gives {points:g}; "
                        "run `autograder release` again so both agree"
                    )
        except MissingEntry as exc:
            raise NbgraderError(f"{db}: {exc}; release the assignment with `autograder release` before importing grades") from None
        for result in results:
            if (result.extra or {}).get("status") in ("crashed", "unreadable"):
                continue  # not graded: never overwrite what nbgrader holds with a 0 that means nothing
            student = str((result.extra or {}).get("id") or result.student)
            gb.update_or_create_student(student)
            stamp = _timestamp(result)
            gb.update_or_create_submission(assignment.id, student, **({"timestamp": stamp} if stamp else {}))
            grouped = result.by_exercise()
            for name in assignment.exercises:
                checks = grouped.get(name, [])
                grade = gb.find_grade(name, notebook, assignment.id, student)
                grade.auto_score = min(float(result.exercise_points(name)[0]), grade.max_score)
                grade.needs_manual_grade = False
                try:
                    comment = gb.find_comment(f"{name}-code", notebook, assignment.id, student)
                except MissingEntry:
                    continue
                comment.auto_comment = _summary(checks)
            gb.db.commit()
            written.append(student)
    return written


def import_command(course, results_dir: Path, db: Path, *, assignment_id: str | None = None) -> int:
    """`--nbgrader-db`: the results of an `autograder grade` folder into nbgrader's gradebook."""
    from rich.markup import escape

    from autograder.render.console import console
    from autograder.outputs.results_json import from_gradescope

    out = console()
    results = [from_gradescope(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(Path(results_dir).glob("*/results.json"))]
    try:
        written = import_results(course, results, Path(db), assignment_id=assignment_id)
    except NbgraderError as exc:
        out.print(f"[red]autograder: {escape(str(exc))}[/red]")
        return 2
    out.print(f"Wrote the grades of {len(written)} student(s) into {escape(str(db))}; `nbgrader export` and formgrader show them.")
    return 0
