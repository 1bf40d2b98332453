"""GitHub Classroom: the files of a starter repository that GitHub Actions grades on every push.

`write_starter(course, out, hidden=False)` writes into `out`:

    .github/workflows/classroom.yml  one command-grader step per exercise, then the reporter
    course.toml, exercises/          the students' files (READMEs, stubs, public checks)
    autograder/                      the kit's package, so `python -m autograder check` runs
    requirements.txt                 the kit's pinned dependencies
    README.md, .gitignore
    solutions/                       with hidden=True only: references and hidden checks

Each exercise's step runs `python -m autograder check NN_name`, which exits 0 only when every
public check of that exercise passes; with hidden=True it runs
`python -m autograder.platforms.classroom check NN_name`, which runs the hidden checks too. The step
earns the exercise's points from course.toml, all or nothing, as GitHub's command grader does.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.course import Course, CourseError

__all__ = ["ClassroomError", "Step", "steps_for", "render_workflow", "write_starter", "classroom_command", "check", "main"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE_DIR / "templates"
WORKFLOW = ".github/workflows/classroom.yml"
PYTHON_VERSION = "3.12"  # what actions/setup-python installs; the kit supports 3.10 and newer
STEP_TIMEOUT_MIN = 10  # the command grader's default; a hanging call costs seconds, not minutes
GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".autograder-cache", ".hypothesis")
GITIGNORE = "__pycache__/\n.autograder-cache/\n.hypothesis/\n"


class ClassroomError(CourseError):
    """course.toml asks for something GitHub Classroom cannot grade; the message says what to change."""


@dataclass(frozen=True)
class Step:
    """One graded step of the workflow: an exercise, its command and its points."""

    exercise: str
    id: str  # letters and digits only: the reporter's `runners` input must match ^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$
    name: str
    test_name: str
    command: str
    max_score: int
    timeout: int = STEP_TIMEOUT_MIN

    @property
    def env(self) -> str:
        """The variable the reporter reads this step's result from."""
        return f"{self.id.upper()}_RESULTS"

    @property
    def result(self) -> str:
        return "${{ steps.%s.outputs.result }}" % self.id


def _whole_points(course: Course, exercise) -> int:
    points = exercise.points
    if not float(points).is_integer():
        raise ClassroomError(
            f"course.toml: exercise {exercise.name!r} is worth {points:g} points, but GitHub Classroom's command grader "
            "counts whole points only (it reads max-score with parseInt); give its functions points that add up to a whole number"
        )
    return int(points)


def steps_for(course: Course, *, hidden: bool = False) -> list[Step]:
    """The graded steps, one per exercise in course.toml order."""
    steps, seen = [], {}
    for exercise in course.exercises:
        step_id = "ex" + re.sub(r"[^A-Za-z0-9]", "", exercise.name)
        if step_id in seen:
            raise ClassroomError(f"course.toml: exercises {seen[step_id]!r} and {exercise.name!r} both become step id {step_id!r}; rename one")
        seen[step_id] = exercise.name
        module = "autograder.platforms.classroom" if hidden else "autograder"
        kind = "all checks" if hidden else "public checks"
        steps.append(
            Step(
                exercise=exercise.name,
                id=step_id,
                name=f"{exercise.name}: {exercise.title}",
                test_name=f"{exercise.name}: {exercise.title} ({kind})",
                command=f"python -m {module} check {exercise.name}",
                max_score=_whole_points(course, exercise),
            )
        )
    if not steps:
        raise ClassroomError("course.toml lists no exercises; add [[exercises]] entries first")
    return steps


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and `${{` stay literal.
    env.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def _context(course: Course, steps: list[Step], hidden: bool) -> dict:
    return {
        "course_name": course.name,
        "course_id": course.id,
        "hidden": hidden,
        "python_version": PYTHON_VERSION,
        "steps": steps,
        "runners": ",".join(step.id for step in steps),
    }


def render_workflow(course: Course, *, hidden: bool = False) -> str:
    """The text of .github/workflows/classroom.yml."""
    steps = steps_for(course, hidden=hidden)
    return _environment().get_template("classroom.yml.j2").render(_context(course, steps, hidden))


def _validate(course: Course, hidden: bool) -> None:
    """Every exercise has its stub and public checks (and, with hidden, its reference) before anything is written."""
    from autograder.grading.plan import make_plan

    for exercise in course.exercises:
        stub = course.exercises_dir / exercise.name / exercise.file
        if not stub.is_file():
            raise CourseError(f"{stub}: missing; students need the stub of {exercise.name} to start from")
        if hidden and not (course.solutions_dir / exercise.name / exercise.file).is_file():
            raise CourseError(f"{course.solutions_dir / exercise.name / exercise.file}: missing; --hidden ships each exercise's reference")
    make_plan(course, hidden=hidden, replay=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_starter(course: Course, out: Path, *, hidden: bool = False) -> list[Path]:
    """Write the starter repository's files into `out` (created if needed); returns the top-level paths written.

    Files already in `out` that the kit does not write (a .git folder, say) are left alone.
    """
    from autograder.platforms.gradescope_zip import pinned_requirements

    out = Path(out)
    steps = steps_for(course, hidden=hidden)
    _validate(course, hidden)
    context = _context(course, steps, hidden)
    env = _environment()
    written = []
    workflow = out / WORKFLOW
    _write(workflow, env.get_template("classroom.yml.j2").render(context))
    _write(out / "README.md", env.get_template("classroom_README.md.j2").render(context))
    _write(out / "requirements.txt", "".join(f"{line}\n" for line in pinned_requirements()))
    _write(out / ".gitignore", GITIGNORE)
    _write(out / "course.toml", course.toml_text())  # the assignment's part of it, when narrowed
    written += [workflow, out / "README.md", out / "requirements.txt", out / ".gitignore", out / "course.toml"]
    shutil.copytree(PACKAGE_DIR, out / "autograder", ignore=_IGNORED, dirs_exist_ok=True)
    written.append(out / "autograder")
    if course.lesson:  # the lesson's vocabulary, which the checks import
        shipped = out / course.lesson.relative_to(course.root)
        shipped.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(course.lesson, shipped)
    for exercise in course.exercises:
        shutil.copytree(course.exercises_dir / exercise.name, out / "exercises" / exercise.name, ignore=_IGNORED, dirs_exist_ok=True)
        if hidden:
            shutil.copytree(course.solutions_dir / exercise.name, out / "solutions" / exercise.name, ignore=_IGNORED, dirs_exist_ok=True)
    written.append(out / "exercises")
    if hidden:
        written.append(out / "solutions")
    return written


def classroom_command(course: Course, out: Path, *, hidden: bool = False, assignment_id: str | None = None) -> int:
    """`autograder classroom --out DIR [--hidden]`: write the starter repository of one assignment
    (default: the first) and say what is in it."""
    from autograder.render.console import console

    course = course.of_assignment(assignment_id)  # one Classroom assignment is one of ours

    write_starter(course, Path(out), hidden=hidden)
    total = sum(step.max_score for step in steps_for(course, hidden=hidden))
    what = "public and hidden checks (hidden checks and references are in solutions/, readable by students)" if hidden else "public checks"
    console().print(
        f"Wrote a starter repository in {out}: {WORKFLOW} grades {len(course.exercises)} exercises "
        f"({total} points) with their {what} on every push.\n"
        "Push it to GitHub, mark it as a template repository, and use it as the assignment's starter code in GitHub Classroom."
    )
    return 0


# ------------------------------------------------------------------ the hidden step, run on GitHub


def check(course: Course, exercise: str, out=None) -> int:
    """Run public and hidden checks on the student's file for one exercise; 0 only when all pass.

    The command each graded step runs with --hidden. Prints the feedback (expected values of
    hidden checks stay hidden unless course.toml makes them visible).
    """
    from autograder.render.feedback import feedback_markdown
    from autograder.grading.plan import make_plan
    from autograder.pipeline import grade_files
    from autograder.commands.local import student_files
    from autograder.isolation.runner import Runner

    name = course.exercise(exercise).name
    plan = make_plan(course, hidden=True, exercises=(name,))
    with Runner(course.grading.limits) as runner:
        result = grade_files(plan, runner, student_files(course, (name,)), student="your work")
    print(feedback_markdown(result, course), file=out or sys.stdout)
    return 0 if result.checks and all(c.passed for c in result.checks) else 1


def main(argv: list[str] | None = None) -> int:
    """`python -m autograder.platforms.classroom check NN_name`, as the workflow's steps call it."""
    import argparse

    from autograder.course import load

    parser = argparse.ArgumentParser(prog="python -m autograder.platforms.classroom", description="Steps run by the GitHub Classroom workflow.")
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("check", help="Run the public and hidden checks of one exercise; exit 0 only when all pass.")
    step.add_argument("exercise", help="an exercise name such as 03_relu")
    step.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    args = parser.parse_args(argv)
    try:
        return check(load(args.course), args.exercise)
    except CourseError as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
