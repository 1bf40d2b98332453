"""GitHub Classroom: the starter repository `autograder classroom` writes.

The workflow is parsed back with PyYAML and must name GitHub Classroom's published actions, one
command-grader step per exercise worth its points from course.toml, and a reporter reading every
step. Then each graded step's command is run in the written folder the way the command grader
runs it (a shell, the workflow's working directory, only PATH, HOME and FORCE_COLOR set) on the
stub, a correct file and a wrong one, with and without --hidden.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from classroom_fixtures import course_snapshot

from autograder.platforms import classroom
from autograder.course import load
from autograder.platforms.gradescope_zip import pinned_requirements

GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
RUNNERS = re.compile(r"^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$")  # the reporter's own check of its `runners` input
EXAMPLES = 10


def snapshot(dest: Path):
    """The course written so far, with fewer examples per check (the steps run them for real)."""
    course_snapshot(dest)
    toml = dest / "course.toml"
    toml.write_text(re.sub(r"(?m)^examples_per_check = \d+", f"examples_per_check = {EXAMPLES}", toml.read_text(encoding="utf-8")), encoding="utf-8")
    return load(dest)


class Starters:
    """The course snapshot and its two starter folders, each written when first asked for."""

    def __init__(self, base: Path):
        self.base = base
        self.course = snapshot(base / "course")
        self.folders: dict[bool, Path] = {}

    def folder(self, *, hidden: bool) -> Path:
        if hidden not in self.folders:
            out = self.base / ("starter-hidden" if hidden else "starter")
            classroom.write_starter(self.course, out, hidden=hidden)
            self.folders[hidden] = out
        return self.folders[hidden]


@pytest.fixture(scope="module")
def starters(tmp_path_factory):
    return Starters(tmp_path_factory.mktemp("classroom"))


def workflow(folder: Path) -> dict:
    return yaml.safe_load((folder / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8"))


def graded_steps(folder: Path) -> list[dict]:
    return [s for s in workflow(folder)["jobs"]["run-autograding-tests"]["steps"] if s.get("uses") == GRADER]


def test_the_workflow_names_the_published_actions_and_the_course_points(starters):
    course, public = starters.course, starters.folder(hidden=False)
    data = workflow(public)
    assert data["on"] == ["push", "repository_dispatch"]
    assert data["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    job = data["jobs"]["run-autograding-tests"]
    assert job["if"] == "github.actor != 'github-classroom[bot]'"
    uses = [s.get("uses", "") for s in job["steps"]]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    assert job["steps"][2]["run"] == "python -m pip install -r requirements.txt"
    steps = graded_steps(public)
    assert [s["with"]["command"] for s in steps] == [f"python -m autograder check {e.name}" for e in course.exercises]
    assert [s["with"]["max-score"] for s in steps] == [int(e.points) for e in course.exercises]
    assert sum(s["with"]["max-score"] for s in steps) == course.points
    for step, exercise in zip(steps, course.exercises):
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", step["id"]), "GitHub step ids start with a letter; the reporter wants letters and digits"
        assert exercise.name in step["with"]["test-name"]
        assert isinstance(step["with"]["timeout"], int) and 0 < step["with"]["timeout"] <= 60
        assert step["with"]["setup-command"] == ""
    reporter = job["steps"][-1]
    assert reporter["uses"] == REPORTER
    ids = [s["id"] for s in steps]
    assert reporter["with"]["runners"] == ",".join(ids) and RUNNERS.match(reporter["with"]["runners"])
    assert reporter["env"] == {f"{i.upper()}_RESULTS": "${{ steps.%s.outputs.result }}" % i for i in ids}
    assert len(set(ids)) == len(ids)


def test_the_starter_holds_the_student_files_and_no_answers(starters):
    course, public = starters.course, starters.folder(hidden=False)
    for exercise in course.exercises:
        for name in (exercise.file, "checks.py", "README.md"):
            assert (public / "exercises" / exercise.name / name).is_file()
        assert (public / "exercises" / exercise.name / exercise.file).read_bytes() == (course.exercises_dir / exercise.name / exercise.file).read_bytes()
    assert (public / "course.toml").read_bytes() == (course.root / "course.toml").read_bytes()
    assert (public / "autograder" / "__init__.py").is_file() and (public / "autograder" / "cli.py").is_file()
    assert not list(public.rglob("__pycache__"))
    assert (public / "requirements.txt").read_text().splitlines() == pinned_requirements()
    assert "python -m autograder check" in (public / "README.md").read_text()
    assert not (public / "solutions").exists()
    text = (public / ".github" / "workflows" / "classroom.yml").read_text()
    assert "Only public checks run here" in text


def test_hidden_ships_the_hidden_checks_and_says_students_can_read_them(starters):
    course, hidden = starters.course, starters.folder(hidden=True)
    steps = graded_steps(hidden)
    assert [s["with"]["command"] for s in steps] == [f"python -m autograder.platforms.classroom check {e.name}" for e in course.exercises]
    assert [s["with"]["max-score"] for s in steps] == [int(e.points) for e in course.exercises]
    for exercise in course.exercises:
        assert (hidden / "solutions" / exercise.name / exercise.file).is_file()
    text = (hidden / ".github" / "workflows" / "classroom.yml").read_text()
    assert "can read the hidden checks and the reference solutions" in text


def test_fractional_points_are_refused_because_the_grader_counts_whole_points(tmp_path):
    toml = tmp_path / "course"
    course_snapshot(toml)
    text = (toml / "course.toml").read_text(encoding="utf-8")
    (toml / "course.toml").write_text(re.sub(r"points = 2\b", "points = 2.5", text, count=1), encoding="utf-8")
    with pytest.raises(classroom.ClassroomError, match="whole points"):
        classroom.render_workflow(load(toml))


def _run_step(folder: Path, command: str) -> subprocess.CompletedProcess:
    """The command as the command grader runs it: a shell in the checkout, only PATH, HOME and FORCE_COLOR."""
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "HOME": os.environ.get("HOME", "/root"),
        "FORCE_COLOR": "true",
    }
    return subprocess.run(command, shell=True, cwd=str(folder), env=env, capture_output=True, text=True, timeout=300)


def _wrong(course, exercise) -> str:
    """The reference with its first function redefined to return a constant."""
    first = exercise.functions[0]
    reference = (course.solutions_dir / exercise.name / exercise.file).read_text(encoding="utf-8")
    return reference + f"\n\ndef {first.name}({', '.join(first.params)}):\n    return -12345.678\n"


@pytest.mark.slow
@pytest.mark.parametrize("which", ["public", "hidden"])
def test_each_step_passes_on_a_correct_file_and_fails_otherwise(starters, which):
    course, folder = starters.course, starters.folder(hidden=which == "hidden")
    exercise = course.exercises[0]
    step = graded_steps(folder)[0]
    assert exercise.name in step["with"]["command"]
    student_file = folder / "exercises" / exercise.name / exercise.file
    stub = student_file.read_text(encoding="utf-8")
    try:
        if which == "public":
            unfinished = _run_step(folder, step["with"]["command"])
            assert unfinished.returncode != 0, "the stub as released must not earn the points"
        student_file.write_text((course.solutions_dir / exercise.name / exercise.file).read_text(encoding="utf-8"), encoding="utf-8")
        correct = _run_step(folder, step["with"]["command"])
        assert correct.returncode == 0, f"a correct file must earn the points:\n{correct.stdout}\n{correct.stderr}"
        student_file.write_text(_wrong(course, exercise), encoding="utf-8")
        wrong = _run_step(folder, step["with"]["command"])
        assert wrong.returncode == 1, f"a wrong file must not earn the points:\n{wrong.stdout}\n{wrong.stderr}"
        assert exercise.functions[0].name in wrong.stdout
    finally:
        student_file.write_text(stub, encoding="utf-8")


def test_a_starter_for_another_assignment_holds_that_assignment_only(course, tmp_path):
    # `autograder classroom --assignment ID`: its exercises, its steps, its part of course.toml.
    last = course.assignments[-1]
    out = tmp_path / "starter"
    assert classroom.classroom_command(course, out, assignment_id=last.id) == 0
    assert sorted(p.name for p in (out / "exercises").iterdir() if p.is_dir()) == sorted(last.exercises)
    inside = load(out)
    assert [a.id for a in inside.assignments] == [last.id] and [e.name for e in inside.exercises] == list(last.exercises)
    steps = graded_steps(out)
    assert len(steps) == len(last.exercises)
