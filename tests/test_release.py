"""`autograder release`: the nbgrader course folder and the students' bundle.

One real release (with `nbgrader generate_assignment`) per test run, shared by the xdist
workers. The bundle is checked the way a student meets it: unzipped into a fresh folder with
a fresh virtualenv. To stay offline, that virtualenv (`venv --without-pip`) reuses this
interpreter's installed packages through a .pth file (`--system-site-packages` would expose
the base interpreter's packages, not this venv's), and the bundle goes on its path the way
`pip install -e .` puts it there (pip cannot build it offline); the bundle's pyproject.toml
is checked on its own.
"""

import ast
import fcntl
import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader", reason="the release runs nbgrader; install the kit's nbgrader extra")

from autograder.grading.catalog import load_material  # noqa: E402
from autograder.cli import main  # noqa: E402
from autograder.course import load  # noqa: E402
from autograder.platforms.nbgrader_bridge import run_nbgrader  # noqa: E402
from autograder.platforms.notebook_source import ReleaseError, notebook_name, reference_bodies, source_notebook  # noqa: E402
from autograder.platforms.release import Released, leaks, student_modules  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
INSTRUCTOR_ONLY = {"batch", "gradebook", "gradescope", "classroom", "intake", "release", "notebook_source", "nbgrader_bridge", "devcheck", "demo", "roster", "lateness"}


@pytest.fixture(scope="module", params=["forward-propagation", "learning"])
def assignment(course, request):
    """Each assignment is released on its own: its notebook, its bundle, its part of course.toml."""
    return course.assignment(request.param)


@pytest.fixture(scope="module")
def view(course, assignment):
    """The course as the released assignment sees it (its exercises only)."""
    return course.for_assignment(assignment.id)


@pytest.fixture(scope="module")
def released(course, assignment, tmp_path_factory, request):
    """One release per assignment and test run, shared by pytest-xdist's workers (the first one builds it)."""
    worker = getattr(request.config, "workerinput", None)
    shared = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    out = shared / f"shared-release-{assignment.id}"
    with open(shared / f"shared-release-{assignment.id}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = out / "built"
        if not done.is_file():
            # The instructor's command, as typed; it prints where everything went.
            first = assignment.id == course.assignments[0].id  # the first is the default
            chosen = [] if first else ["--assignment", assignment.id]
            assert main(["release", "--out", str(out), "--course", str(course.root), *chosen]) == 0
            done.write_text("built")
    folder = out / "nbgrader"
    name = notebook_name(assignment)
    return Released(
        nbgrader=folder,
        source=folder / "source" / assignment.id / name,
        release=folder / "release" / assignment.id / name,
        student_zip=out / "student.zip",
        modules=student_modules(course.for_assignment(assignment.id)),
    )


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def role(cell) -> tuple:
    meta = cell.get("metadata", {}).get("autograder", {})
    return meta.get("exercise"), meta.get("role")


def body_lines(course, assignment) -> set[str]:
    """Every line of the references' function bodies (what students must write themselves).

    Lines under 8 characters (`]`, `return x`) say nothing about the reference.
    """
    lines = set()
    for name in assignment.exercises:
        for body in reference_bodies(course, course.exercise(name)).values():
            lines.update(line.strip() for line in body.splitlines() if len(line.strip()) >= 8)
    return lines


def hidden_titles(course, assignment) -> set[str]:
    return {check.title for name in assignment.exercises for check in load_material(course, course.exercise(name)).hidden}


# ------------------------------------------------------------------ the nbgrader course folder


def test_release_writes_an_nbgrader_course(released, assignment):
    name = notebook_name(assignment)
    assert released.source == released.nbgrader / "source" / assignment.id / name
    assert released.release == released.nbgrader / "release" / assignment.id / name
    assert (released.nbgrader / "gradebook.db").is_file()
    config = (released.nbgrader / "nbgrader_config.py").read_text()
    assert "c.Execute.timeout_func = _cell_timeout" in config and repr(assignment.exercises[0]) in config


def test_every_cell_is_tagged_and_each_exercise_has_its_cells(course, released, assignment):
    notebook = read(released.source)
    assert role(notebook.cells[0]) == (None, None)  # the introduction
    assert all(role(cell)[0] in assignment.exercises for cell in notebook.cells[1:])
    for name in assignment.exercises:
        exercise = course.exercise(name)
        cells = {role(c)[1]: c for c in notebook.cells if role(c)[0] == name}
        grading = cells["grade"].metadata.nbgrader
        assert (grading.grade_id, grading.points, grading.grade, grading.solution) == (name, exercise.points, True, False)
        assert "### BEGIN HIDDEN TESTS" in cells["grade"].source
        code = cells["code"]
        assert code.metadata.nbgrader.solution and "### BEGIN SOLUTION" in code.source
        outside = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", code.source, flags=re.S)
        assert code.source.count("### BEGIN SOLUTION") == len(exercise.functions)
        for function in exercise.functions:  # signatures and docstrings stay outside the solution regions
            assert f"def {function.signature()}:" in outside
        assert "autograder-check" in cells["check"].metadata.tags and cells["check"].metadata.nbgrader.locked
        stub = (course.exercises_dir / name / exercise.file).read_text()
        # ready-made functions of the stub (04-06's relu, 09's predict_linear and slope)
        given = [n.name for n in ast.parse(stub).body if isinstance(n, ast.FunctionDef) and n.name not in {f.name for f in exercise.functions}]
        assert ("helpers" in cells) == bool(given)
        if given:
            assert cells["helpers"].metadata.nbgrader.locked and all(f"def {name}(" in cells["helpers"].source for name in given)


def test_the_released_notebook_hides_reference_code_and_hidden_checks(course, released, assignment):
    text = released.release.read_text()
    lines = {line.strip() for cell in read(released.release).cells for line in cell.source.splitlines()}
    assert not lines & body_lines(course, assignment)
    assert not [title for title in hidden_titles(course, assignment) if title in text]
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "points_for", "nbgrader_bridge", str(course.root)):
        assert marker not in text
    code = {role(c): c.source for c in read(released.release).cells}
    for name in assignment.exercises:  # students see the stub nbgrader made, signature and docstring
        assert "raise NotImplementedError()" in code[(name, "code")]
        assert '"""' in code[(name, "code")]


def test_the_release_passes_nbgrader_validate(released):
    done = run_nbgrader(released.nbgrader, "validate", str(released.release))
    assert "Success!" in done.stdout and "FAILED" not in done.stdout and "CHANGED" not in done.stdout


@pytest.mark.slow
def test_the_source_notebook_passes_nbgrader_validate_with_full_marks(released):
    """nbgrader runs every cell, the grading cells grade the notebook with the solutions: all points."""
    done = run_nbgrader(released.nbgrader, "validate", str(released.source))
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout


def test_the_source_notebook_is_the_same_every_time(course, assignment):
    first = nbformat.writes(source_notebook(course, assignment))
    assert first == nbformat.writes(source_notebook(course, assignment))


# ------------------------------------------------------------------ what the release refuses


def test_leaks_finds_a_reference_line_and_hidden_markers(course, assignment):
    line = sorted((x for x in body_lines(course, assignment) if not x.startswith("#")), key=len)[-1]
    assert leaks(course, assignment, f"x = 1\n    {line}\n")
    assert leaks(course, assignment, "### BEGIN HIDDEN TESTS\n")
    first = course.exercise(assignment.exercises[0])
    assert not leaks(course, assignment, (course.exercises_dir / first.name / first.file).read_text())


def test_a_reference_helper_the_stub_lacks_stops_the_release(course, assignment, tmp_path):
    copy = tmp_path / "course"
    copy.mkdir()
    for part in ("course.toml", "exercises", "solutions"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, copy / part)
    first = course.exercise(assignment.exercises[-1])
    reference = copy / "solutions" / first.name / first.file
    reference.write_text(reference.read_text() + "\n\ndef _secret_helper(x):\n    return x\n")
    with pytest.raises(ReleaseError, match=rf"{re.escape(first.file)}, line \d+: def _secret_helper is not in the stub"):
        source_notebook(load(copy), assignment)


# ------------------------------------------------------------------ the students' bundle


def test_the_student_zip_holds_the_students_files_and_nothing_hidden(course, view, released, assignment):
    """Everything but the kit's instructor modules (see the next test), of this assignment only."""
    with zipfile.ZipFile(released.student_zip) as archive:
        names = {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}
    top = {n.split("/", 1)[0] for n in names}
    assert {"README.md", "pyproject.toml", "course.toml", notebook_name(assignment)} <= set(names)
    assert names[notebook_name(assignment)] == released.release.read_bytes()
    assert names["course.toml"] == view.toml_text().encode()  # this assignment's part of it
    assert {e.name for e in view.exercises} == set(assignment.exercises)
    assert {n.split("/")[1] for n in names if n.startswith("exercises/") and n.count("/") == 2} == set(assignment.exercises)
    assert top == {"README.md", "pyproject.toml", "course.toml", notebook_name(assignment), "autograder", "exercises", ".autograder-cache"}
    for exercise in view.exercises:
        folder = course.exercises_dir / exercise.name
        for file in ("README.md", exercise.file, "checks.py"):
            assert names[f"exercises/{exercise.name}/{file}"] == (folder / file).read_bytes()
    assert not [n for n in names if re.search(r"solutions|hidden_checks|misconceptions", n)]
    modules = {".".join(n.removesuffix(".py").split("/")[1:]) for n in names if n.startswith("autograder/") and n.endswith(".py")}
    assert {"platforms.notebook", "commands.local", "cli", "isolation.worker", "isolation.zygote"} <= modules
    assert not modules & {"platforms.release", "platforms.notebook_source", "platforms.nbgrader_bridge", "commands.batch", "commands.devcheck"}
    lines = body_lines(course, assignment)
    titles = hidden_titles(course, assignment)
    for name, data in names.items():
        text = data.decode("utf-8", "replace")
        assert not [t for t in titles if t in text], name
        if not name.startswith("autograder/"):
            assert not {line.strip() for line in text.splitlines()} & lines, name


def test_the_bundles_pyproject_installs_the_command_and_the_pinned_dependencies(released):
    import setuptools

    from autograder.platforms.gradescope_zip import pinned_requirements

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    with zipfile.ZipFile(released.student_zip) as archive:
        project = tomllib.loads(archive.read(next(n for n in archive.namelist() if n.endswith("/pyproject.toml"))).decode())
        archive.extractall(released.student_zip.parent / "unzipped-pyproject")
    assert project["project"]["scripts"] == {"autograder": "autograder.cli:main"}
    assert project["project"]["dependencies"] == pinned_requirements()
    root = next((released.student_zip.parent / "unzipped-pyproject").iterdir())
    packages = setuptools.find_packages(str(root), include=project["tool"]["setuptools"]["packages"]["find"]["include"])
    shipped = {m for m in released.modules if (ROOT / m.replace(".", "/") / "__init__.py").is_file()}
    assert set(packages) == shipped and {"autograder", "autograder.isolation.sandbox"} <= shipped


def test_student_modules_follow_imports_from_the_check(course):
    modules = set(student_modules(course))
    assert {"autograder.platforms.notebook", "autograder.checks", "autograder.grading.checking", "autograder.grading.strategies", "autograder.isolation.sandbox.seccomp"} <= modules
    assert not {m.split(".")[1] for m in modules if "." in m} & INSTRUCTOR_ONLY


def _fresh_env(bundle: Path, venv: Path) -> Path:
    """A fresh virtualenv that sees this interpreter's packages and the bundle, offline; its python.

    pip cannot build the bundle offline (setuptools needs `wheel`, fetched by build isolation),
    so the bundle goes on sys.path by a .pth file, which is what `pip install -e .` adds for
    this layout; the pyproject itself is checked in the test above.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True)
    Path(purelib.stdout.strip(), "_bundle.pth").write_text(f"{bundle}\n")
    Path(purelib.stdout.strip(), "_reuse_test_packages.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return python


@pytest.mark.slow
def test_the_bundle_checks_in_a_fresh_virtualenv(course, view, released, tmp_path):
    with zipfile.ZipFile(released.student_zip) as archive:
        archive.extractall(tmp_path / "unzipped")
    bundle = tmp_path / "unzipped" / course.id
    python = _fresh_env(bundle, tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    tool = [python, "-m", "autograder"]
    where = subprocess.run([python, "-c", "import autograder; print(autograder.__file__)"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.strip() == str(bundle / "autograder" / "__init__.py")
    cache = sorted(p.name for p in (bundle / ".autograder-cache").iterdir())

    first = subprocess.run([*tool, "check"], env=env, cwd=bundle, capture_output=True, text=True, timeout=600)
    assert first.returncode == 1, first.stdout + first.stderr
    functions = [f.name for e in view.exercises for f in e.functions]
    assert first.stdout.count("not started yet") == len(functions)
    assert "✔" not in first.stdout and "✘" not in first.stdout

    for exercise in view.exercises:
        shutil.copy(course.solutions_dir / exercise.name / exercise.file, bundle / "exercises" / exercise.name / exercise.file)
    second = subprocess.run([*tool, "check"], env=env, cwd=bundle, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "All public checks passed" in second.stdout
    assert sorted(p.name for p in (bundle / ".autograder-cache").iterdir()) == cache  # the shipped examples were used
