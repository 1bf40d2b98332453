"""Gradescope end to end: build the zip, install it with its own setup.sh, grade with the real run_autograder.

The zip is unpacked into a temporary root laid out like /autograder (`source/`, `venv/`,
`submission/`, `results/`) and named by AUTOGRADER_GRADESCOPE_ROOT. setup.sh runs as it is,
in offline mode (AUTOGRADER_OFFLINE=1: pip gets no package index). To keep that offline and
fast, the virtualenv is made beforehand, without pip, with a .pth file putting this
interpreter's site-packages on its path: the pinned dependencies and pip come from there, so
setup.sh's `pip install -r requirements.txt` only confirms the pins are met, then it links the
kit from source/kit, draws the examples and locks solutions/ exactly as on Gradescope.

Each submission is then graded by executing source/run_autograder, as Gradescope does, with
its own root (source/ and venv/ are shared through symlinks) and worker slot, several at once.
All of that is one slow test with a subtest per expectation, so that pytest-xdist never splits
it across workers and installs twice. The course is a snapshot of the exercises written so
far, with fewer examples per check.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import site
import stat
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path

import jsonschema
import pytest
from classroom_fixtures import course_snapshot, solution_notebook

from autograder.platforms import gradescope, gradescope_zip
from autograder.course import CourseError, load
from decimal import Decimal
from results_view import per_check

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "gradescope_results.schema.json").read_text(encoding="utf-8"))
EXAMPLES = 5  # per check: enough to exercise every path, few enough for a test
SLOT_BASE = 70 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0) * 10  # worker uids no other test uses
LATE = "2027-01-02T10:00:00.123456+01:00"  # after the course's due date


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def snapshot(dest: Path):
    """The course written so far, with EXAMPLES examples per check."""
    course_snapshot(dest)
    toml = dest / "course.toml"
    text, count = re.subn(r"(?m)^examples_per_check = \d+", f"examples_per_check = {EXAMPLES}", toml.read_text(encoding="utf-8"))
    assert count == 1, "course.toml has no examples_per_check line to lower"
    toml.write_text(text, encoding="utf-8")
    return load(dest)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AUTOGRADER_"))}
    env.update(extra)
    return env


# ------------------------------------------------------------------ fast checks of the zip


def test_zip_holds_the_scripts_the_pins_the_kit_and_the_course(tmp_path):
    course = snapshot(tmp_path / "course")
    out = tmp_path / "autograder.zip"
    names = gradescope_zip.build_zip(course, out)
    with zipfile.ZipFile(out) as archive:
        infos = {i.filename: i for i in archive.infolist()}
        requirements = archive.read("requirements.txt").decode()
    assert sorted(infos) == sorted(names)
    for script in ("setup.sh", "run_autograder"):
        assert script in infos, f"{script} must sit at the root of the zip"
        assert (infos[script].external_attr >> 16) & 0o777 == 0o755
        assert archive_text(out, script).startswith("#!/usr/bin/env bash\n")
    pins = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert pins == gradescope_zip.pinned_requirements()
    assert any(p.startswith("numpy==") for p in pins) and any(p.startswith("hypothesis==") for p in pins)
    assert "kit/autograder/__init__.py" in infos and "kit/autograder/platforms/gradescope.py" in infos
    assert "course.toml" in infos
    for exercise in course.exercises:
        assert f"exercises/{exercise.name}/checks.py" in infos
        assert f"solutions/{exercise.name}/{exercise.file}" in infos
        assert f"exercises/{exercise.name}/{exercise.file}" not in infos, "stubs are not needed on Gradescope"
        assert f"exercises/{exercise.name}/README.md" not in infos
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    again = tmp_path / "again.zip"
    gradescope_zip.build_zip(course, again)
    assert again.read_bytes() == out.read_bytes(), "the same course must give the same zip"


def test_zip_ships_the_lesson_and_no_developer_tools(tmp_path):
    # The container grades; make bench, make demo and the architecture note are for developers.
    course = snapshot(tmp_path / "course")
    names = set(gradescope_zip.build_zip(course, tmp_path / "autograder.zip"))
    for developer_only in ("commands/bench.py", "commands/demo.py", "commands/devcheck.py", "ARCHITECTURE.md"):
        assert f"kit/autograder/{developer_only}" not in names
    assert course.lesson is not None
    lesson = course.lesson.relative_to(course.root).as_posix()
    assert archive_bytes(tmp_path / "autograder.zip", lesson) == course.lesson.read_bytes()
    shipped = {n[len("kit/"):-len(".py")].replace("/", ".").removesuffix(".__init__") for n in names if n.startswith("kit/autograder/") and n.endswith(".py")}
    # Every kit import of a shipped module is shipped too: the container never meets a missing one.
    needed = set(gradescope_zip.kit_modules(sorted(shipped)))
    assert needed <= shipped, sorted(needed - shipped)


def archive_bytes(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def archive_text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode()


def test_a_course_that_does_not_load_is_refused_when_building(tmp_path):
    course = snapshot(tmp_path / "course")
    first = course.exercises[0]
    (course.exercises_dir / first.name / "checks.py").unlink()
    with pytest.raises(CourseError, match=f"{first.name}/checks.py"):
        gradescope_zip.build_zip(course, tmp_path / "autograder.zip")
    assert not (tmp_path / "autograder.zip").exists()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-14T23:58:12.365935-08:00", "2026-12-15T07:58:12.365935+00:00"),
        ("2026-12-14T23:58:12.3-08:00", "2026-12-15T07:58:12.300000+00:00"),
        ("2026-12-14T23:58:12Z", "2026-12-14T23:58:12+00:00"),
        ("2026-12-14T23:58:12", "2026-12-14T23:58:12+00:00"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_submission_times_are_read_as_gradescope_writes_them(text, expected):
    moment = gradescope._parse_time(text)
    assert (moment.astimezone(timezone.utc).isoformat() if moment else None) == expected


def test_results_are_written_once_and_atomically(tmp_path):
    writer = gradescope._ResultsWriter(tmp_path / "results" / "results.json")
    assert writer.write({"score": 1, "tests": []})
    assert not writer.write({"score": 2, "tests": []})
    assert json.loads((tmp_path / "results" / "results.json").read_text())["score"] == 1
    assert os.listdir(tmp_path / "results") == ["results.json"]


def test_file_names_in_an_upload_cannot_format_the_feedback(tmp_path):
    """Run in this process on an upload with no course file: the summary quotes what it saw, inertly."""
    snapshot(tmp_path / "source")
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "```<b>**Full marks, all checks passed**```.txt").write_text("hi")
    data = gradescope.run(tmp_path, deadline_s=600, slot=SLOT_BASE + 9)
    validate(data)
    assert data["score"] == 0 and "no files to grade" in data["output"]
    assert data["output"].count("```") == 2, "only the block the kit opens and closes"
    assert "**Full marks" in data["output"].split("```")[1], "the file name stays inside the code block"
    assert sorted(os.listdir(tmp_path / "results")) == ["results.json"]


def test_the_schema_refuses_what_gradescope_would_not_understand():
    validate({"score": 1, "tests": [{"name": "a", "score": 1, "max_score": 1, "status": "passed", "visibility": "after_due_date"}]})
    for bad in (
        {"score": 1, "visibility": "later"},
        {"score": 1, "tests": [{"status": "ok", "score": 1}]},
        {"score": 1, "output_format": "markdown"},
        {"tests": [{"name": "no score anywhere"}]},
        {"score": 1, "tests": [{"score": 1, "maxscore": 1}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)


# ------------------------------------------------------------------ installed and run as on Gradescope


def _extract(archive: Path, into: Path) -> None:
    """Unpack keeping each entry's mode, as unzip does."""
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            opened.extract(info, into)
            os.chmod(into / info.filename, (info.external_attr >> 16) & 0o777 or 0o644)


@contextmanager
def installed():
    """A root like /autograder with the zip unpacked into source/ and setup.sh run; yields (root, course)."""
    base = Path(tempfile.mkdtemp(prefix="gradescope-test-"))
    os.chmod(base, 0o755)  # like /autograder: the worker uid may pass through it
    try:
        course = snapshot(base / "course")
        gradescope_zip.build_zip(course, base / "autograder.zip")
        root = base / "root"
        _extract(base / "autograder.zip", root / "source")
        venv = root / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        purelib = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        Path(purelib, "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
        setup = subprocess.run(
            ["bash", str(root / "source" / "setup.sh")],
            env=clean_env(AUTOGRADER_GRADESCOPE_ROOT=str(root), AUTOGRADER_OFFLINE="1"),
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert setup.returncode == 0, f"setup.sh failed:\n{setup.stdout}\n{setup.stderr}"
        assert "prepare:" in setup.stdout
        yield root, course
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _reference(course, exercise) -> str:
    return (course.solutions_dir / exercise.name / exercise.file).read_text(encoding="utf-8")


def _redefine(exercise, body: str, only: str | None = None) -> str:
    """Source redefining the exercise's functions (or just `only`) with `body`; appended to a file, it wins."""
    return "".join(
        f"\n\ndef {f.name}({', '.join(f.params)}):\n    {body}\n" for f in exercise.functions if only in (None, f.name)
    )


def _hostile_pair(course):
    looping = next((e for e in course.exercises if len(e.functions) > 1), None)
    exiting = next((e for e in course.exercises if e is not looping), None)
    assert looping is not None and exiting is not None, "the hostile case needs two exercises, one with two functions"
    return looping, exiting


def _files(course, kind: str) -> dict[str, str]:
    """A student's exercise files by kind: correct, wrong (first exercise), hostile."""
    files = {e.file: _reference(course, e) for e in course.exercises}
    first = course.exercises[0]
    if kind == "wrong":
        files[first.file] += _redefine(first, "return -12345.678")
    elif kind == "hostile":
        looping, exiting = _hostile_pair(course)
        files[looping.file] += _redefine(looping, "while True:\n        pass", only=looping.functions[0].name)
        files[exiting.file] = "import os\n\nos._exit(0)\n\n" + files[exiting.file]
    return files


def _layout(course, kind: str, submission: Path, root: Path) -> dict[str, str]:
    """Fill submission/ the way a student might; returns extra environment for the run."""
    released = {e.file: e.name for e in course.exercises}
    if kind in ("correct", "wrong", "hostile", "deadline"):
        # the released tree, a folder deeper: exercises/NN_name/file.py
        for name, text in _files(course, "hostile" if kind == "deadline" else kind).items():
            path = submission / "my work" / "exercises" / released[name] / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    elif kind == "correct_zip":
        with zipfile.ZipFile(submission / "homework.zip", "w") as archive:
            for name, text in _files(course, "correct").items():
                archive.writestr(f"homework/{name}", text)
    elif kind == "notebook":
        (submission / "homework.ipynb").write_bytes(solution_notebook(course, *released))
    elif kind == "unreadable_zip":
        (submission / "homework.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    if kind == "wrong":
        (root / "submission_metadata.json").write_text(json.dumps({"id": 7, "created_at": LATE, "users": [{"email": "a@example.edu"}]}))
    return {"AUTOGRADER_DEADLINE_S": "2"} if kind == "deadline" else {}


SCENARIOS = ("correct", "correct_zip", "notebook", "wrong", "hostile", "empty", "unreadable_zip", "deadline", "broken_course", "no_venv")


def _run_scenario(installed_root: Path, course, kind: str, slot: int) -> dict:
    """Execute run_autograder in a root of its own (source/ and venv/ shared); what it left in results/."""
    root = installed_root.parent / "runs" / kind
    (root / "submission").mkdir(parents=True)
    (root / "results").mkdir()
    if kind == "broken_course":
        shutil.copytree(installed_root / "source", root / "source", symlinks=True)
        (root / "source" / "course.toml").write_text("format_version = 99\n", encoding="utf-8")
    else:
        (root / "source").symlink_to(installed_root / "source")
    if kind != "no_venv":
        (root / "venv").symlink_to(installed_root / "venv")
    extra = _layout(course, kind, root / "submission", root)
    process = subprocess.run(
        [str(root / "source" / "run_autograder")],
        cwd=str(root),
        env=clean_env(AUTOGRADER_GRADESCOPE_ROOT=str(root), AUTOGRADER_WORKER_SLOT=str(slot), **extra),
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    path = root / "results" / "results.json"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert text, f"{kind}: no results.json; run_autograder said:\n{process.stdout}{process.stderr}"
    return {
        "kind": kind,
        "returncode": process.returncode,
        "stdout": process.stdout + process.stderr,
        "listing": sorted(os.listdir(root / "results")),
        "text": text,
        "data": json.loads(text),
    }


def _reference_lines(course) -> list[str]:
    """The code lines of every reference function body (docstrings, which the stubs share, left out)."""
    lines = []
    for exercise in course.exercises:
        text = _reference(course, exercise)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                body = node.body[1:] if ast.get_docstring(node) else node.body
                for statement in body:
                    for line in ast.get_source_segment(text, statement).splitlines():
                        if len(line.strip()) >= 16:
                            lines.append(line.strip())
    return lines


# Each expectation below reads the runs of the one end-to-end test.


def _expect_solutions_locked_and_kit_readable(root: Path) -> None:
    source = root / "source"
    assert stat.S_IMODE((source / "solutions").stat().st_mode) == 0o700
    for path in (source / "solutions").rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} is readable by others"
    assert stat.S_IMODE((source / ".autograder-cache").stat().st_mode) == 0o700
    for path in [source / "kit" / "autograder" / "isolation" / "runner.py", source / "course.toml", root / "venv" / "pyvenv.cfg"]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o004, f"{path} must be readable by the student's uid"
    assert os.access(source / "run_autograder", os.X_OK)


def _expect_one_valid_results_file(run: dict) -> None:
    assert run["returncode"] == 0, run["stdout"]
    assert run["listing"] == ["results.json"], f"leftovers next to results.json: {run['listing']}"
    data = run["data"]
    validate(data)
    assert data["stdout_visibility"] == "hidden"
    assert data["output_format"] == "md" and data["output"].strip()
    assert isinstance(data["execution_time"], (int, float))


def _expect_every_point(run: dict, course) -> None:
    data = run["data"]
    assert data["score"] == pytest.approx(course.points), run["stdout"]
    assert data["score"] == pytest.approx(sum(t["max_score"] for t in data["tests"]))
    assert all(t["status"] == "passed" for t in data["tests"])
    # The tests' points add up to the score exactly, to the cent (no 25.00000000000001).
    assert sum(Decimal(repr(t["score"])) for t in data["tests"]) == Decimal(repr(data["score"]))


def _expect_hidden_checks_kept_out_of_the_summary(run: dict, course) -> None:
    data = run["data"]
    hidden = [t for t in per_check(data) if not t["extra_data"]["public"]]
    assert hidden, "the course has hidden checks"
    assert {t["visibility"] for t in hidden} == {course.grading.hidden_check_visibility}
    assert {t["visibility"] for t in per_check(data) if t["extra_data"]["public"]} == {"visible"}
    if course.grading.hidden_check_visibility != "visible":
        assert "hidden checks also ran" in data["output"]
        leaked = [t["name"] for t in hidden if t["name"] in data["output"]]
        assert not leaked, f"hidden check names in the student-facing output: {leaked[:3]}"


def _expect_wrong_exercise_loses_its_points(run: dict, course) -> None:
    data = run["data"]
    first = course.exercises[0].name
    mine = [t for t in data["tests"] if t["extra_data"]["exercise"] == first]
    others = [t for t in data["tests"] if t["extra_data"]["exercise"] != first]
    assert data["score"] < course.points
    assert sum(t["score"] for t in mine) < sum(t["max_score"] for t in mine)
    assert all(t["status"] == "passed" for t in others)
    assert "after the due date" in data["output"], "created_at after the due date is shown"
    assert data["extra_data"]["submission"]["late"] is True
    assert data["extra_data"]["submission"]["gradescope_submission_id"] == 7


def _expect_hostile_file_costs_only_its_points(run: dict, course) -> None:
    looping, exiting = _hostile_pair(course)
    data = run["data"]
    by_function: dict = {}
    for test in per_check(data):
        by_function.setdefault((test["extra_data"]["exercise"], test["extra_data"]["function"]), []).append(test)
    hung = by_function[(looping.name, looping.functions[0].name)]
    assert all(t["score"] == 0 for t in hung) and any(t["extra_data"]["outcome"] == "timeout" for t in hung)
    for function in looping.functions[1:]:
        assert all(t["status"] == "passed" for t in by_function[(looping.name, function.name)]), f"{function.name} must still be graded"
    for function in exiting.functions:
        assert all(t["score"] == 0 for t in by_function[(exiting.name, function.name)])
    for exercise in course.exercises:
        if exercise not in (looping, exiting):
            assert all(t["status"] == "passed" for t in per_check(data) if t["extra_data"]["exercise"] == exercise.name)
    assert 0 < data["score"] < course.points


def _expect_zero_with_words(run: dict, words: str, *, every_check: float | None = None) -> None:
    data = run["data"]
    assert data["score"] == 0
    assert words in data["output"]
    if every_check is None:
        assert data["tests"] == []
    else:
        assert sum(t["max_score"] for t in data["tests"]) == pytest.approx(every_check), "every check is listed, at 0"


@pytest.mark.slow
def test_run_autograder_grades_every_kind_of_submission(subtests):
    """One end-to-end test (so that xdist never splits it and installs twice), one subtest per expectation."""
    with installed() as (root, course):
        with subtests.test("setup.sh locks solutions/ and leaves the kit readable"):
            _expect_solutions_locked_and_kit_readable(root)
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = {kind: pool.submit(_run_scenario, root, course, kind, SLOT_BASE + i) for i, kind in enumerate(SCENARIOS)}
            runs = {kind: future.result() for kind, future in futures.items()}
        reference_lines = _reference_lines(course)
    for kind, run in runs.items():
        with subtests.test(f"{kind}: one valid results.json and nothing else"):
            _expect_one_valid_results_file(run)
    for kind in ("correct", "correct_zip", "notebook"):
        with subtests.test(f"{kind}: every point"):
            _expect_every_point(runs[kind], course)
    with subtests.test("hidden checks keep their visibility and stay out of the summary"):
        _expect_hidden_checks_kept_out_of_the_summary(runs["correct"], course)
    with subtests.test("a wrong exercise loses its points; lateness is shown"):
        _expect_wrong_exercise_loses_its_points(runs["wrong"], course)
    with subtests.test("a hostile file costs only its own points"):
        _expect_hostile_file_costs_only_its_points(runs["hostile"], course)
    with subtests.test("nothing to grade: 0 and why"):
        _expect_zero_with_words(runs["empty"], "no files to grade", every_check=course.points)
        _expect_zero_with_words(runs["unreadable_zip"], "could not be read", every_check=course.points)
    with subtests.test("a failing grader still gives a result"):
        _expect_zero_with_words(runs["deadline"], "time limit")
        _expect_zero_with_words(runs["broken_course"], "contact your instructor")
        _expect_zero_with_words(runs["no_venv"], "contact your instructor")
    with subtests.test("no reference code reaches results.json"):
        assert reference_lines
        for kind, run in runs.items():
            leaked = [line for line in reference_lines if line in run["text"]]
            assert not leaked, f"{kind}: reference code in results.json: {leaked[:3]}"


def test_each_assignment_gets_its_own_zip_with_its_part_of_the_course(course, tmp_path):
    # One Gradescope assignment grades one of ours: `autograder gradescope --assignment ID`.
    for assignment in course.assignments:
        out = tmp_path / f"{assignment.id}.zip"
        assert gradescope_zip.gradescope_command(course, out, assignment_id=assignment.id) == 0
        names = set(archive_names(out))
        shipped = {n.split("/")[1] for n in names if n.startswith(("exercises/", "solutions/")) and n.count("/") >= 2}
        assert shipped == set(assignment.exercises)
        with zipfile.ZipFile(out) as archive:
            archive.extractall(tmp_path / assignment.id)
        inside = load(tmp_path / assignment.id)  # what the container loads and grades
        assert [a.id for a in inside.assignments] == [assignment.id]
        assert [e.name for e in inside.exercises] == list(assignment.exercises)


def archive_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()
