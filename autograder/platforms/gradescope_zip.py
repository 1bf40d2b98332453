"""Gradescope's autograder zip, built on the instructor's machine: `build_zip(course, out)`.

Its root holds `setup.sh` and `run_autograder` (from templates/), a pinned `requirements.txt`,
the kit's package under `kit/`, and the course: `course.toml`, `exercises/*/checks.py` and the
`solutions/` folders. Gradescope unpacks it into /autograder/source, where gradescope.py runs.
"""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from pathlib import Path

from autograder.errors import AutogradeError
from autograder.platforms.gradescope import DEADLINE_ENV, DEFAULT_DEADLINE_S

__all__ = ["GradescopeError", "build_zip", "gradescope_command", "pinned_requirements"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE_DIR / "templates"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so one course always gives the same zip bytes


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
        ("course.toml", (course.root / "course.toml").read_bytes(), 0o644),
    ]
    entries += _tree(PACKAGE_DIR, "kit/autograder")
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


def gradescope_command(course, out: Path) -> int:
    """`autograder gradescope --out autograder.zip`: build the zip and say what to do with it."""
    from autograder.render.console import console

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


