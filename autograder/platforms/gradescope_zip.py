"""Gradescope's autograder zip, built on the instructor's machine: `build_zip(course, out)`.

Its root holds `setup.sh` and `run_autograder` (from templates/), a pinned `requirements.txt`,
the part of the kit's package the container runs under `kit/` (the modules reachable by import
from gradescope.py, the worker and the course's files: no developer tools such as bench or
demo, no instructor commands), and the course: `course.toml`, the lesson module it names,
`exercises/*/checks.py` and the `solutions/` folders. Gradescope unpacks it into
/autograder/source, where gradescope.py runs.

`kit_modules` finds which of the kit's modules a shipped package needs; the students' bundle
(release.py) uses it too.
"""

from __future__ import annotations

import ast
import os
import stat
import sys
import zipfile
from pathlib import Path
from typing import Iterable

from autograder.errors import AutogradeError
from autograder.platforms.gradescope import DEADLINE_ENV, DEFAULT_DEADLINE_S

__all__ = ["GradescopeError", "build_zip", "course_files", "gradescope_command", "kit_modules", "module_file", "pinned_requirements"]

PACKAGE = "autograder"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
KIT_ROOT = PACKAGE_DIR.parent
TEMPLATES = PACKAGE_DIR / "templates"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so one course always gives the same zip bytes
# What runs inside the container: setup.sh's `prepare` and run_autograder's `run`
# (`python -m autograder.platforms.gradescope`), and the fork server and worker it starts.
CONTAINER_ENTRIES = ("autograder.platforms.gradescope", "autograder.isolation.zygote", "autograder.isolation.worker")


class GradescopeError(AutogradeError):
    """The autograder zip cannot be built; the message says what to do."""


def pinned_requirements() -> list[str]:
    """The kit's dependencies exactly as pinned in its pyproject.toml (or its installed metadata)."""
    pyproject = PACKAGE_DIR.parent / "pyproject.toml"
    if pyproject.is_file():
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on Python 3.10 only
            import tomli as tomllib
        return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])
    from importlib import metadata

    for dist in metadata.packages_distributions().get("autograder", []):
        return [r for r in metadata.requires(dist) or [] if "extra ==" not in r]
    raise GradescopeError(f"{PACKAGE_DIR}: found neither the kit's pyproject.toml nor its installed metadata; build the zip from the kit's source folder")


# ------------------------------------------------------------------ which of the kit's modules a package needs


def module_file(name: str) -> Path | None:
    """The source file of the kit's module `name` ("autograder.grading.plan"), or None."""
    base = KIT_ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported(path: Path, name: str, *, top_level_only: bool) -> set[str]:
    """Names of the kit's modules that the file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {n for n in found if (n == PACKAGE or n.startswith(PACKAGE + ".")) and module_file(n) is not None}


def kit_modules(entries: Iterable[str], *, course_files: Iterable[Path] = (), shallow: Iterable[str] = ()) -> tuple[str, ...]:
    """The kit's modules a package needs: `entries`, what the course's files import from the kit,
    and everything those import (imports inside functions too, except in the `shallow` modules,
    whose top-level imports only are followed: the CLI imports each command in its handler)."""
    shallow = set(shallow)
    todo = [*entries, *shallow]
    for path in course_files:  # loaded by path, not imported: their kit imports start the walk
        todo += sorted(_imported(path, f"_course_{path.stem}", top_level_only=False))
    wanted: set[str] = set()
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        path = module_file(name)
        if path is None:
            raise GradescopeError(f"{PACKAGE_DIR}: the module {name} is imported but missing")
        wanted.add(name)
        parent = name.rpartition(".")[0]
        if parent:
            todo.append(parent)
        todo += sorted(_imported(path, name, top_level_only=name in shallow))
    return tuple(sorted(wanted))


def _templates(modules: Iterable[str]) -> list[Path]:
    """The templates the shipped modules name (Jinja loads them by file name)."""
    text = "\n".join(module_file(name).read_text(encoding="utf-8") for name in modules)
    return [path for path in sorted(TEMPLATES.iterdir()) if path.is_file() and f'"{path.name}"' in text]


def course_files(course, *, hidden: bool) -> list[Path]:
    """The course's own Python files a package carries: the lesson, the public checks and, with
    `hidden`, everything in solutions/ (references, hidden checks, misconceptions)."""
    files = [course.lesson] if course.lesson is not None else []
    files += [course.exercises_dir / e.name / "checks.py" for e in course.exercises]
    if hidden:
        for exercise in course.exercises:
            folder = course.solutions_dir / exercise.name
            if folder.is_dir():
                files += sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
    return [path for path in files if path.is_file()]


# ------------------------------------------------------------------ the zip


def _tree(folder: Path, prefix: str) -> list[tuple[str, bytes, int]]:
    """Every file under `folder` (bytecode left out) as zip entries below `prefix`."""
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            mode = 0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644
            entries.append((f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes(), mode))
    return entries


def _zip_entries(course) -> list[tuple[str, bytes, int]]:
    pins = "".join(f"{line}\n" for line in pinned_requirements())
    entries = [
        ("setup.sh", (TEMPLATES / "gradescope_setup.sh").read_bytes(), 0o755),
        ("run_autograder", (TEMPLATES / "gradescope_run_autograder").read_bytes(), 0o755),
        ("requirements.txt", ("# The kit's pinned dependencies (pyproject.toml); setup.sh installs them.\n" + pins).encode(), 0o644),
        ("course.toml", course.toml_text().encode(), 0o644),  # the graded assignment's part of it
    ]
    modules = kit_modules(CONTAINER_ENTRIES, course_files=course_files(course, hidden=True))
    for path in [module_file(name) for name in modules] + _templates(modules):
        entries.append((f"kit/{path.relative_to(KIT_ROOT).as_posix()}", path.read_bytes(), 0o644))
    if course.lesson is not None:
        entries.append((course.lesson.relative_to(course.root).as_posix(), course.lesson.read_bytes(), 0o644))
    for exercise in course.exercises:
        checks = course.exercises_dir / exercise.name / "checks.py"
        entries.append((f"exercises/{exercise.name}/checks.py", checks.read_bytes(), 0o644))
        solutions = course.solutions_dir / exercise.name
        if solutions.is_dir():
            entries += _tree(solutions, f"solutions/{exercise.name}")
    return entries


def build_zip(course, out: Path) -> list[str]:
    """Write Gradescope's autograder zip for `course` to `out`; returns the names it holds.

    The course is loaded first, references and hidden checks included, so a broken course
    fails here (a CourseError naming the file) rather than in a student's run.
    """
    from autograder.grading.plan import make_plan

    make_plan(course, replay=False)
    entries = _zip_entries(course)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.external_attr = (stat.S_IFREG | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return [name for name, _, _ in entries]


def gradescope_command(course, out: Path, *, assignment_id: str | None = None) -> int:
    """`autograder gradescope --out autograder.zip`: build the zip of one assignment (default: the
    first) and say what to do with it."""
    from autograder.render.console import console

    course = course.of_assignment(assignment_id)  # one Gradescope assignment grades one of ours
    names = build_zip(course, Path(out))
    hidden = sum(1 for n in names if n.startswith("solutions/"))
    console().print(
        f"Wrote {out}: setup.sh, run_autograder, requirements.txt, the kit, course.toml, "
        f"{len(course.exercises)} exercises' public checks and {hidden} file(s) from solutions/ "
        f"({len(names)} files in all).\n"
        "Upload it in Gradescope under Configure Autograder (base image: Ubuntu 22.04 or newer). "
        f"Grading one submission stops after {DEFAULT_DEADLINE_S:g} s; if you raise Gradescope's "
        f"timeout, raise the {DEADLINE_ENV} default in run_autograder with it."
    )
    return 0


