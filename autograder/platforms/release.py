"""`autograder release --out DIR`: an nbgrader course folder and the students' bundle.

    DIR/nbgrader/nbgrader_config.py                       written from course.toml
    DIR/nbgrader/source/<assignment>/<assignment>.ipynb   solutions and hidden grading calls
    DIR/nbgrader/release/<assignment>/<assignment>.ipynb  made by `nbgrader generate_assignment`
    DIR/nbgrader/gradebook.db                             nbgrader's, with the assignment in it
    DIR/student.zip                                       what students get (below)

The bundle holds course.toml, exercises/ (READMEs, stubs, public checks), the lesson module
course.toml names, the released notebook, a README, a pyproject.toml to `pip install -e .`,
the part of the kit's package that checking needs (the modules reachable by import from the
check command, the notebook's check cell, the worker, the public checks and the lesson: no
developer tools such as bench or demo, no instructor commands) and the public checks'
examples, drawn once. Never solutions/. Before anything is written
to DIR, the released notebook and the bundle are searched for reference code and hidden
grading text; a hit stops the release.
"""

from __future__ import annotations

import io
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import Assignment, Course, CourseError
from autograder.platforms.gradescope_zip import GradescopeError, course_files, kit_modules, module_file
from autograder.platforms.nbgrader_bridge import NbgraderError, config_text, generate_assignment
from autograder.platforms.notebook_source import KIT_ROOT, ReleaseError, notebook_name, reference_bodies, source_notebook

__all__ = ["Released", "ReleaseError", "release", "release_command", "student_modules", "leaks"]

PACKAGE = "autograder"
PACKAGE_DIR = KIT_ROOT / PACKAGE
# Where students' use of the kit starts: the worker side, the terminal check, the notebook's check
# cell, and the author's face that the exercises' checks.py import (loaded by path, not imported).
STUDENT_ENTRIES = (
    "autograder.__main__", "autograder.commands.local", "autograder.platforms.notebook", "autograder.isolation.zygote",
    "autograder.isolation.worker", "autograder.checks",
)
# The CLI is shipped for `autograder check`; the instructor commands it imports inside their
# handlers are not followed, so they are shipped only if checking needs them too.
CLI = "autograder.cli"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so one course always gives the same zip bytes
HIDDEN_TEXT = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS|nbgrader_bridge|points_for\(")


@dataclass(frozen=True)
class Released:
    nbgrader: Path  # the nbgrader course folder
    source: Path  # the instructor's notebook
    release: Path  # the students' notebook
    student_zip: Path
    modules: tuple[str, ...]  # the kit's modules in the bundle


# ------------------------------------------------------------------ which modules students get


def student_modules(course: Course) -> tuple[str, ...]:
    """The kit's modules students need, found by following imports from where their use starts."""
    try:
        return kit_modules(STUDENT_ENTRIES, course_files=course_files(course, hidden=False), shallow=(CLI,))
    except GradescopeError as exc:
        raise ReleaseError(str(exc)) from None


# ------------------------------------------------------------------ what must never reach students


def leaks(course: Course, assignment: Assignment, text: str) -> list[str]:
    """Reference code and hidden grading text found in `text` (a released file), one line each."""
    found = [f"hidden marker {m.group(0)!r}" for m in HIDDEN_TEXT.finditer(text)]
    lines = {line.strip() for line in text.splitlines()}
    for name in assignment.exercises:
        exercise = course.exercise(name)
        for function, body in reference_bodies(course, exercise).items():
            for line in body.splitlines():
                code = line.strip()
                if len(code) >= 8 and not code.startswith("#") and code in lines:
                    found.append(f"{exercise.name}: a line of the reference's {function}: {code!r}")
    if str(course.solutions_dir) in text:
        found.append(f"the path of solutions/ ({course.solutions_dir})")
    return found


def _code_text(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


# ------------------------------------------------------------------ the students' bundle


def _render(template: str, **context) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(PACKAGE_DIR / "templates")), undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template(template).render(**context)


def _bundle_entries(course: Course, assignment: Assignment, notebook: bytes, modules: tuple[str, ...]) -> list[tuple[str, bytes]]:
    from autograder import __version__
    from autograder.platforms.gradescope_zip import pinned_requirements

    name = notebook_name(assignment)
    context = {"course": course, "assignment": assignment, "notebook": name, "version": __version__, "requirements": pinned_requirements()}
    entries = [
        ("README.md", _render("student_README.md.j2", **context).encode()),
        ("pyproject.toml", _render("student_pyproject.toml.j2", **context).encode()),
        ("course.toml", course.toml_text().encode()),  # this assignment's part of it
        (name, notebook),
    ]
    for module in modules:
        path = module_file(module)
        entries.append((path.relative_to(KIT_ROOT).as_posix(), path.read_bytes()))
    if course.lesson is not None:
        entries.append((_lesson_name(course), course.lesson.read_bytes()))
    for exercise in course.exercises:
        folder = course.exercises_dir / exercise.name
        for file in ("README.md", exercise.file, "checks.py"):
            if not (folder / file).is_file():
                raise ReleaseError(f"{folder / file}: missing; students get README.md, the stub and checks.py of every exercise")
            entries.append((f"exercises/{exercise.name}/{file}", (folder / file).read_bytes()))
    return entries


def _lesson_name(course: Course) -> str:
    return course.lesson.relative_to(course.root).as_posix()


def _public_bank(course: Course, entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The examples of every public check, drawn once here so a student's first check is quick.

    Drawn for the bundle's own course folder (staged from `entries`), so the cache key, which
    covers course.toml, the lesson and the public checks, is the one the students' kit computes.
    """
    import tempfile

    from autograder.course import load
    from autograder.grading.plan import CACHE_DIR, make_plan

    with tempfile.TemporaryDirectory(prefix="autograder-release-") as tmp:
        stage = Path(tmp) / course.id
        for name, data in entries:
            if name == "course.toml" or name.startswith("exercises/") or (course.lesson is not None and name == _lesson_name(course)):
                (stage / name).parent.mkdir(parents=True, exist_ok=True)
                (stage / name).write_bytes(data)
        staged = load(stage)
        plan = make_plan(staged, hidden=False, cache_dir=stage / CACHE_DIR)
        for material in plan.materials:
            for check in material.public:
                plan.bank.examples(check, staged.grading.examples_per_check)
        return [(f"{CACHE_DIR}/{p.name}", p.read_bytes()) for p in sorted((stage / CACHE_DIR).iterdir()) if p.is_file()]


def _zip(entries: list[tuple[str, bytes]], top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=ZIP_TIME)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# ------------------------------------------------------------------ the release


def _assignment(course: Course, assignment_id: str | None) -> Assignment:
    if not course.assignments:
        raise ReleaseError("course.toml lists no [[assignments]]; add one with id, title and exercises to release a notebook")
    return course.assignment(assignment_id)


def release(course: Course, out: Path, *, assignment_id: str | None = None, bank: bool = True) -> Released:
    """Write the nbgrader course folder and student.zip for one assignment into `out`.

    With `bank`, student.zip carries the public checks' examples (see `_public_bank`).
    """
    assignment = _assignment(course, assignment_id)
    course = course.for_assignment(assignment.id)  # the bundle, notebook and checks of this assignment only
    if not course.solutions_dir.is_dir():
        raise ReleaseError(f"{course.solutions_dir}: missing; the release is built from the references in solutions/")
    from autograder.grading.plan import make_plan

    make_plan(course, exercises=assignment.exercises, replay=False)  # a broken course fails here, naming the file
    out = Path(out).resolve()
    name = notebook_name(assignment)
    folder = out / "nbgrader"
    source = folder / "source" / assignment.id / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(nbformat.writes(source_notebook(course, assignment)), encoding="utf-8")
    (folder / "nbgrader_config.py").write_text(config_text(course, assignment), encoding="utf-8")
    generate_assignment(folder, course, assignment)
    released = folder / "release" / assignment.id / name
    notebook = released.read_bytes()
    found = leaks(course, assignment, _code_text(nbformat.reads(notebook.decode("utf-8"), as_version=4)))
    if found:
        shutil.rmtree(folder / "release" / assignment.id, ignore_errors=True)
        raise ReleaseError(f"{released}: would show students what they must not see, so it was removed: " + "; ".join(found))
    modules = student_modules(course)
    entries = _bundle_entries(course, assignment, notebook, modules)
    for path, data in entries:
        if path.endswith(".py") and path.startswith(f"{PACKAGE}/"):
            continue  # the kit's own source names the markers it looks for
        hits = leaks(course, assignment, data.decode("utf-8", "replace")) if not path.endswith(".ipynb") else []
        if hits:
            raise ReleaseError(f"student.zip: {path} would show students what they must not see: " + "; ".join(hits))
    if bank:
        entries += _public_bank(course, entries)
    target = out / "student.zip"
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(_zip(entries, course.id))
    tmp.replace(target)
    return Released(nbgrader=folder, source=source, release=released, student_zip=target, modules=modules)


def release_command(course: Course, out: Path, *, assignment_id: str | None = None) -> int:
    """`autograder release --out DIR`: build, then say where things are and what comes next."""
    from rich.markup import escape

    from autograder.render.console import console

    printer = console()
    try:
        done = release(course, out, assignment_id=assignment_id)
    except (ReleaseError, NbgraderError, CourseError) as exc:
        printer.print(f"[red]autograder: {escape(str(exc))}[/red]")
        return 2
    printer.print(f"nbgrader course folder: {escape(str(done.nbgrader))}")
    printer.print(f"  source notebook:  {done.source.relative_to(done.nbgrader)}  (solutions, hidden grading calls)")
    printer.print(f"  release notebook: {done.release.relative_to(done.nbgrader)}  (for students; nbgrader release_assignment publishes it)")
    printer.print(f"student bundle: {escape(str(done.student_zip))}  ({len(done.modules)} kit modules, exercises, notebook, README)")
    printer.print("Next: collect submissions into submitted/<student>/<assignment>/, then `nbgrader autograde`, or `autograder grade` on the folder.")
    return 0
