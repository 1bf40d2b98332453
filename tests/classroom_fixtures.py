"""Builders for class-grading tests: a course snapshot, students made from its references, LMS downloads.

Everything is generated at test time from `solutions/` and a few hand-written wrong or hostile
files; no binary fixtures are committed. Zips are built with `fixtures_intake.make_zip`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from fixtures_intake import make_zip, notebook, symlink_entry, write_tree

from autograder.grading.catalog import load_material
from autograder.course import Course, CourseError, load

ROOT = Path(__file__).resolve().parents[1]

# --- the course, as it is now ---------------------------------------------------------------------


def ready_exercises(root: Path = ROOT) -> list[str]:
    """Exercises of course.toml whose public checks and reference exist and load (others are still being written)."""
    course = load(root)
    ready = []
    for exercise in course.exercises:
        if not (course.exercises_dir / exercise.name / "checks.py").is_file():
            continue
        if not (course.solutions_dir / exercise.name / exercise.file).is_file():
            continue
        try:
            load_material(course, exercise)
        except CourseError:
            continue
        ready.append(exercise.name)
    return ready


def course_snapshot(dest: Path, root: Path = ROOT, *, assignment: str | None = None) -> Course:
    """Copy course.toml (trimmed to one assignment, by default the first, and its ready exercises),
    the lesson, their checks and references into `dest`.

    Grading reads the course from the snapshot, so a colleague adding an exercise mid-run
    cannot change the course digest between a run and its rerun.
    """
    chosen = load(root).of_assignment(assignment)
    ready = set(ready_exercises(root)) & {e.name for e in chosen.exercises}
    text = chosen.toml_text()
    head, *blocks = text.split("\n[[exercises]]\n")
    kept = []
    for block in blocks:
        name = re.search(r'^name = "([^"]+)"', block, re.M).group(1)
        if name in ready:
            kept.append(block)
        else:
            head = re.sub(rf'^\s*"{re.escape(name)}",?[ \t]*\n', "", head, flags=re.M)  # from the assignment's list
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "course.toml").write_text("\n[[exercises]]\n".join([head, *kept]), encoding="utf-8")
    for name in sorted(ready):
        shutil.copytree(root / "exercises" / name, dest / "exercises" / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(root / "solutions" / name, dest / "solutions" / name, ignore=shutil.ignore_patterns("__pycache__"))
    lesson = load(root).lesson  # the lesson module course.toml names, which the checks import
    if lesson is not None:
        (dest / lesson.relative_to(root.resolve())).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(lesson, dest / lesson.relative_to(root.resolve()))
    course = load(dest)
    assert sorted(e.name for e in course.exercises) == sorted(ready), "course.toml could not be trimmed"
    assert list(course.assignments[0].exercises) == [e.name for e in course.exercises]
    return course


def reference_files(course: Course) -> dict[str, bytes]:
    """Every exercise file of the course as the reference solution writes it: a correct student."""
    return {e.file: (course.solutions_dir / e.name / e.file).read_bytes() for e in course.exercises}


# --- wrong and hostile exercise files --------------------------------------------------------------

# 01: both hidden nodes read weights['node0'] (node1 replaced by node0); node_value is right.
NODE0_TWICE = b'''import numpy as np


def node_value(input_data, node_weights):
    return (input_data * node_weights).sum()


def predict(input_data, weights):
    node_0_value = (input_data * weights['node0']).sum()
    node_1_value = (input_data * weights['node0']).sum()
    hidden_layer_values = np.array([node_0_value, node_1_value])
    return (hidden_layer_values * weights['output']).sum()
'''

# 03: ReLU on the output node too; relu itself is right.
RELU_ON_OUTPUT = b'''import numpy as np


def relu(input):
    return max(0, input)


def predict_with_relu(input_data, weights):
    node_0_output = relu((input_data * weights['node0']).sum())
    node_1_output = relu((input_data * weights['node1']).sum())
    hidden_layer_outputs = np.array([node_0_output, node_1_output])
    return relu((hidden_layer_outputs * weights['output']).sum())
'''

# 03: a leaky ReLU (0.01 * input below 0), used in the network as well.
LEAKY_RELU = b'''import numpy as np


def relu(input):
    return max(0.01 * input, input)


def predict_with_relu(input_data, weights):
    node_0_output = relu((input_data * weights['node0']).sum())
    node_1_output = relu((input_data * weights['node1']).sum())
    hidden_layer_outputs = np.array([node_0_output, node_1_output])
    return (hidden_layer_outputs * weights['output']).sum()
'''

# 03: relu never returns (one per-call time limit, then its other checks are not run);
# predict_with_relu does not call it, so it earns its points.
RELU_HANGS = b'''import numpy as np


def relu(input):
    while True:
        pass


def predict_with_relu(input_data, weights):
    node_0_output = max(0, (input_data * weights['node0']).sum())
    node_1_output = max(0, (input_data * weights['node1']).sum())
    hidden_layer_outputs = np.array([node_0_output, node_1_output])
    return (hidden_layer_outputs * weights['output']).sum()
'''

# 03: ends the process running it as soon as it is loaded.
EXITS_AT_IMPORT = b'''import os

os._exit(1)


def relu(input):
    return max(0, input)


def predict_with_relu(input_data, weights):
    return 0
'''


def student(course: Course, **replaced: bytes | None) -> dict[str, bytes]:
    """A student's files: the references, with some files replaced (`relu_py=...`) or left out (`=None`)."""
    files = reference_files(course)
    for key, content in replaced.items():
        name = key.replace("_py", ".py")
        assert name in files, f"{name} is not a file of the course snapshot"
        if content is None:
            del files[name]
        else:
            files[name] = content
    return files


def only(course: Course, *names: str) -> dict[str, bytes]:
    """The references of the named exercise files only (a student who did part of the work)."""
    everything = reference_files(course)
    return {name: everything[name] for name in names}


def released_tree(files: dict[str, bytes], course: Course, prefix: str = "") -> list[tuple[str, bytes]]:
    """Zip entries placing each file where the release has it: exercises/NN_name/file."""
    where = {e.file: e.name for e in course.exercises}
    return [(f"{prefix}exercises/{where[name]}/{name}", content) for name, content in files.items()]


def solution_notebook(course: Course, *files: str) -> bytes:
    """A notebook whose cells are the named reference files (no exercise tags: one shared namespace)."""
    everything = reference_files(course)
    return notebook(*(everything[name].decode() for name in files))


# --- expectations -----------------------------------------------------------------------------------


@dataclass
class Expect:
    """What the gradebook must say about one student: a wrong exercise is only bounded (`less`), the others exact."""

    status: str = "graded"
    name: str = ""
    points: dict[str, float] = field(default_factory=dict)  # exact points per exercise; not listed: 0
    less: dict[str, float] = field(default_factory=dict)  # exercise -> points it must stay below
    functions: dict[str, float] = field(default_factory=dict)  # exact points per function (from results.json)
    outcome: dict[str, str] = field(default_factory=dict)  # function -> an outcome some check has
    late_penalty: float = 0.0
    late: bool = False
    problem: str = ""  # a fragment of the student's submission problems
    attempt: int = 0


def full_marks(course: Course, *files: str) -> dict[str, float]:
    """Points per exercise for a student who submitted the named files correctly (all files by default)."""
    chosen = set(files or (e.file for e in course.exercises))
    return {e.name: (e.points if e.file in chosen else 0.0) for e in course.exercises}


# --- running the command ---------------------------------------------------------------------------


def command(course_dir: Path, paths: list[Path], out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "autograder", "grade", *map(str, paths), "--out", str(out), "--course", str(course_dir), *options]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["COLUMNS"] = "200"  # rich wraps at 80 columns when not on a terminal
    env.pop("FORCE_COLOR", None)
    return env


def run_grade(course_dir: Path, paths: list[Path], out: Path, *options: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m autograder grade ...` to the end, output captured."""
    return subprocess.run(
        command(course_dir, paths, out, *options), env=environment(), cwd=str(ROOT),
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def start_grade(course_dir: Path, paths: list[Path], out: Path, *options: str) -> subprocess.Popen:
    """`python -m autograder grade ...` started in the background, output discarded."""
    return subprocess.Popen(
        command(course_dir, paths, out, *options), env=environment(), cwd=str(ROOT),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def kill_after_first_student(course_dir: Path, paths: list[Path], out: Path, *options: str, timeout: float = 300) -> tuple[int, list[str]]:
    """Start `grade`, SIGKILL it once one student's results.json exists; return (students done, processes it left behind).

    Only the command's own process is killed, as by the OOM killer or `kill -9 PID`. Whatever of
    its process group is still running 10 s later is listed, then killed, so the rerun starts clean.
    """
    process = start_grade(course_dir, paths, out, *options)
    deadline = time.monotonic() + timeout
    try:
        while not list(out.glob("*/results.json")):
            assert process.poll() is None, f"grade ended (exit {process.returncode}) before any student was done"
            assert time.monotonic() < deadline, "no results.json appeared in time"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    done = len(list(out.glob("*/results.json")))
    return done, _reap_group(process.pid, grace=10.0)


def _reap_group(group: int, *, grace: float) -> list[str]:
    """Wait up to `grace` s for the killed run's process group to empty; list and kill what is left."""
    end = time.monotonic() + grace
    while (left := _living(group)) and time.monotonic() < end:
        time.sleep(0.2)
    if left:
        try:
            os.killpg(group, signal.SIGKILL)  # the group of the run this test started, nothing else
        except ProcessLookupError:
            pass
        end = time.monotonic() + 10
        while _living(group) and time.monotonic() < end:
            time.sleep(0.1)
    return left


def _living(group: int) -> list[str]:
    """Processes of a process group that have not exited (zombies waiting for init don't count)."""
    listing = subprocess.run(["ps", "-e", "-o", "pgid=,pid=,stat=,args="], capture_output=True, text=True).stdout
    rows = [line.split(None, 3) for line in listing.splitlines()]
    return [" ".join(row[1:])[:160] for row in rows if len(row) == 4 and row[0] == str(group) and not row[2].startswith("Z")]


def tree_bytes(out: Path) -> dict[str, bytes]:
    """Every file under `out` by relative path, except temporary files of an interrupted atomic write."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def results_of(out: Path, student_id: str) -> dict:
    return json.loads((out / student_id / "results.json").read_text(encoding="utf-8"))


__all__ = [
    "EXITS_AT_IMPORT", "Expect", "LEAKY_RELU", "NODE0_TWICE", "RELU_HANGS", "RELU_ON_OUTPUT", "ROOT",
    "course_snapshot", "full_marks", "kill_after_first_student", "make_zip", "only", "ready_exercises",
    "reference_files", "released_tree", "results_of", "run_grade", "solution_notebook", "start_grade", "student",
    "symlink_entry", "tree_bytes", "write_tree",
]  # fmt: skip
