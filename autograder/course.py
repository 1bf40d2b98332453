"""Load and validate `course.toml`, the single source of truth for the course.

Every error is a `CourseError` naming the file, the key and the fix.
"""

from __future__ import annotations

import keyword
import math
import re
import sys
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from autograder.errors import AutogradeError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["CourseError", "Course", "Curve", "Exercise", "Function", "Assignment", "Grading", "Limits", "load", "find_course_root"]

FORMAT_VERSION = 1
VISIBILITIES = ("visible", "after_due_date", "hidden")


class CourseError(AutogradeError):
    """course.toml is missing or invalid; the message says what to change."""


@dataclass(frozen=True)
class Curve:
    """A function's answer (or its item `item`, when it returns several things) is a sequence of
    numbers to draw, e.g. a loss history: a failed check shows the student's curve next to the
    reference's for the failing input (course.toml: `curve = { item = 1, label = "..." }`)."""

    label: str
    item: int | None = None
    # A call of the function, as Python, that the students' notebook plots (e.g. the worked
    # example, `train(np.array([1, 2, 3]), 0, np.array([0, 2, 1]), 0.01, 20)`); "": no plot.
    example: str = ""


@dataclass(frozen=True)
class Function:
    name: str
    params: tuple[str, ...]
    points: float
    curve: Curve | None = None

    def signature(self) -> str:
        return f"{self.name}({', '.join(self.params)})"


@dataclass(frozen=True)
class Exercise:
    name: str  # "03_relu": the folder under exercises/ and solutions/
    title: str
    file: str  # "relu.py"
    hint: str
    functions: tuple[Function, ...]
    check_overrides: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def points(self) -> float:
        return sum(f.points for f in self.functions)

    def function(self, name: str) -> Function:
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class Limits:
    call_timeout_s: float = 2.0
    import_timeout_s: float = 10.0
    cpu_s: float = 60.0
    memory_mib: int = 1024
    output_kib: int = 64
    file_kib: int = 1024
    submission_s: float = 600.0  # wall clock for a whole submission; checks not reached score 0
    processes: int = 64  # processes and threads of a worker's dedicated uid (RLIMIT_NPROC, as root)
    open_files: int = 64


@dataclass(frozen=True)
class Grading:
    examples_per_check: int = 100
    hidden_check_visibility: str = "after_due_date"
    limits: Limits = Limits()


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    exercises: tuple[str, ...]
    due: datetime | None = None
    canvas_assignment_id: int | None = None
    late: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Course:
    root: Path
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    assignments: tuple[Assignment, ...]
    grading: Grading
    # The lesson's shared vocabulary (weight keys, network shapes, worked examples), a course file
    # that the checks import by its name; shipped to students with the public checks. None: none.
    lesson: Path | None = None
    # The assignment this view of the course is narrowed to (`for_assignment`); None: the whole course.
    scope: str | None = None

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def points(self) -> float:
        return sum(e.points for e in self.exercises)

    def exercise(self, name: str) -> Exercise:
        for e in self.exercises:
            if e.name == name:
                return e
        known = ", ".join(e.name for e in self.exercises)
        close = [e.name for e in self.exercises if name in e.name or e.name.split("_", 1)[-1] == name]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise CourseError(f"no exercise named {name!r}.{hint} Known exercises: {known}")

    def assignment(self, id: str | None = None) -> Assignment | None:
        """The assignment named `id`, or the first one when `id` is None (None if there are none)."""
        if id is None:
            return self.assignments[0] if self.assignments else None
        for assignment in self.assignments:
            if assignment.id == id:
                return assignment
        known = ", ".join(a.id for a in self.assignments) or "none"
        raise CourseError(f"course.toml: no assignment with id = {id!r}; the assignments are: {known}")

    def for_assignment(self, id: str | None) -> Course:
        """The course as one assignment sees it: only its exercises (in course order) and itself as
        the only assignment, so every plan, intake, file and page made from it is that assignment's.
        None: the course as it is."""
        if id is None:
            return self
        assignment = self.assignment(id)
        names = set(assignment.exercises)
        return replace(self, exercises=tuple(e for e in self.exercises if e.name in names), assignments=(assignment,), scope=assignment.id)

    def of_assignment(self, id: str | None = None) -> Course:
        """`for_assignment` of the assignment `id`, by default the first one; the course as it is
        when it lists no assignments. What grade, report, release, gradescope and classroom work on."""
        assignment = self.assignment(id)
        return self.for_assignment(assignment.id if assignment else None)

    def assignment_of(self, file_names) -> Assignment | None:
        """The one assignment whose exercises' files `file_names` are (None when they name no
        course file); CourseError when they span two assignments."""
        by_file = self.file_map()
        exercises = {by_file[name] for name in file_names if name in by_file}
        owners = [a for a in self.assignments if exercises & set(a.exercises)]
        if len(owners) > 1:
            raise CourseError(f"files {sorted(file_names)} belong to the assignments {', '.join(a.id for a in owners)}; submit each assignment's files on their own")
        return owners[0] if owners else None

    def toml_text(self) -> str:
        """course.toml as this view of the course reads it: the whole file, or, narrowed to an
        assignment, the file without the other assignments and their exercises (what is shipped
        with that assignment's release, Gradescope zip and starter repository)."""
        text = (self.root / "course.toml").read_text(encoding="utf-8")
        if self.scope is None:
            return text
        kept_exercises = {e.name for e in self.exercises}
        blocks = re.split(r"(?m)^(?=\[)", text)  # a block per table header; nested tables follow theirs
        out, keep = [], True
        for block in blocks:
            header = block.split("\n", 1)[0].strip()
            if header in ("[[exercises]]", "[[assignments]]"):
                table = tomllib.loads(block).get(header.strip("[]"), [{}])[0]
                keep = table.get("name", table.get("id")) in (kept_exercises if header == "[[exercises]]" else {self.scope})
            elif not (header.startswith("[exercises.") or header.startswith("[assignments.") or header.startswith("[[exercises.") or header.startswith("[[assignments.")):
                keep = True
            if keep:
                out.append(block)
        trimmed = "".join(out)
        narrowed = _parse(self.root, tomllib.loads(trimmed))
        if [e.name for e in narrowed.exercises] != [e.name for e in self.exercises] or [a.id for a in narrowed.assignments] != [self.scope]:
            raise CourseError(f"course.toml: could not be cut down to assignment {self.scope!r}; keep each [[exercises]] and [[assignments]] entry in its own table")
        return trimmed

    def file_map(self) -> dict[str, str]:
        """Exercise file name -> exercise name, e.g. {"relu.py": "03_relu"}."""
        return {e.file: e.name for e in self.exercises}


def find_course_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding course.toml (as git finds its repository)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "course.toml").is_file():
            return folder
    raise CourseError(f"no course.toml in {here} or any parent folder; run from the course folder or pass --course DIR")


def load(root: Path | str | None = None) -> Course:
    """Read `root/course.toml` (or the nearest one found upward) and validate it."""
    root = Path(root) if root is not None else find_course_root()
    path = root / "course.toml"
    if not path.is_file():
        raise CourseError(f"{path}: not found; pass --course DIR pointing at the folder holding course.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path}: not valid TOML ({exc}); fix the syntax at that line") from None
    return _parse(root.resolve(), data)


def _need(table: dict, key: str, kind, where: str):
    if key not in table:
        raise CourseError(f"course.toml: {where} has no {key}; add {key} = ...")
    value = table[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise CourseError(f"course.toml: {where}.{key} = {value!r} must be a {names}")
    return value


def _parse(root: Path, data: dict) -> Course:
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise CourseError(f"course.toml: format_version = {version!r} is not supported; this kit reads format_version = {FORMAT_VERSION}")
    course = _need(data, "course", dict, "the file")
    course_id = _need(course, "id", str, "[course]")
    name = _need(course, "name", str, "[course]")
    grading = _parse_grading(data.get("grading", {}))
    exercises = tuple(_parse_exercise(i, e) for i, e in enumerate(_need(data, "exercises", list, "the file")))
    seen: set[str] = set()
    files: set[str] = set()
    for e in exercises:
        if e.name in seen:
            raise CourseError(f"course.toml: exercise {e.name!r} is listed twice; keep one [[exercises]] entry per name")
        if e.file in files:
            raise CourseError(f"course.toml: file {e.file!r} is used by two exercises; give each exercise its own file")
        seen.add(e.name)
        files.add(e.file)
    assignments = tuple(_parse_assignment(i, a, seen) for i, a in enumerate(data.get("assignments", [])))
    lesson = _parse_lesson(root, course.get("lesson"))
    return Course(root=root, id=course_id, name=name, exercises=exercises, assignments=assignments, grading=grading, lesson=lesson)


def _parse_lesson(root: Path, value) -> Path | None:
    """[course] lesson = "exercises/lesson.py": a file of the course that course files import as `lesson`."""
    if value is None:
        return None
    where = f"course.toml: [course] lesson = {value!r}"
    if not isinstance(value, str) or not value.endswith(".py"):
        raise CourseError(f"{where} must be the path of a .py file in the course folder, e.g. lesson = \"exercises/lesson.py\"")
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or any(part in ("", ".", "..") for part in parts):
        raise CourseError(f"{where} must be a path inside the course folder, written with / and no .., e.g. \"exercises/lesson.py\"")
    if parts[0] == "solutions":
        raise CourseError(f"{where}: the lesson ships to students with the public checks, so it cannot live in solutions/; move it to exercises/")
    stem = parts[-1][:-3]
    if not stem.isidentifier() or keyword.iskeyword(stem) or stem in sys.stdlib_module_names or stem == "autograder":
        raise CourseError(f"{where}: course files import it as {stem!r}, which is not a free module name; rename the file, e.g. lesson.py")
    path = root.joinpath(*parts)
    if not path.is_file():
        raise CourseError(f"{where}: {path} does not exist; create it or fix the path")
    return path


def _parse_grading(table: dict) -> Grading:
    examples = table.get("examples_per_check", 100)
    if not isinstance(examples, int) or isinstance(examples, bool) or examples < 1:
        raise CourseError(f"course.toml: grading.examples_per_check = {examples!r} must be a whole number >= 1")
    visibility = table.get("hidden_check_visibility", "after_due_date")
    if visibility not in VISIBILITIES:
        raise CourseError(f"course.toml: grading.hidden_check_visibility = {visibility!r} must be one of {', '.join(VISIBILITIES)}")
    limits_table = table.get("limits", {})
    defaults = Limits()
    values = {}
    for key, value in limits_table.items():
        if not hasattr(defaults, key):
            known = ", ".join(Limits.__dataclass_fields__)
            raise CourseError(f"course.toml: grading.limits.{key} is not a known limit; known limits: {known}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise CourseError(f"course.toml: grading.limits.{key} = {value!r} must be a positive number")
        values[key] = type(getattr(defaults, key))(value)
    return Grading(examples_per_check=examples, hidden_check_visibility=visibility, limits=Limits(**values))


def _parse_exercise(index: int, table: dict) -> Exercise:
    where = f"exercises[{index}]"
    name = _need(table, "name", str, where)
    where = f"exercise {name!r}"
    if not name[:2].isdigit() or "/" in name:
        raise CourseError(f"course.toml: {where}: names start with a two-digit number and name a folder, e.g. \"03_relu\"")
    hint = table.get("hint")
    if not isinstance(hint, str) or not hint.strip():
        raise CourseError(f"course.toml: {where} has no hint; add hint = \"...\"")
    title = _need(table, "title", str, where)
    file = _need(table, "file", str, where)
    if not file.endswith(".py") or "/" in file:
        raise CourseError(f"course.toml: {where}.file = {file!r} must be a bare file name ending in .py")
    functions = []
    for j, f in enumerate(_need(table, "functions", list, where)):
        fwhere = f"{where}.functions[{j}]"
        fname = _need(f, "name", str, fwhere)
        params = _need(f, "params", list, f"{where} function {fname!r}")
        points = _need(f, "points", (int, float), f"{where} function {fname!r}")
        if points <= 0:
            raise CourseError(f"course.toml: {where} function {fname!r}: points = {points!r} must be > 0")
        functions.append(Function(name=fname, params=tuple(params), points=float(points), curve=_parse_curve(f.get("curve"), f"{where} function {fname!r}")))
    if not functions:
        raise CourseError(f"course.toml: {where} lists no functions; add functions = [{{ name = ..., params = [...], points = ... }}]")
    overrides = table.get("checks", {})
    for check_name, setting in overrides.items():
        visibility = setting.get("visibility") if isinstance(setting, dict) else None
        if visibility is not None and visibility not in VISIBILITIES:
            raise CourseError(f"course.toml: {where}.checks.{check_name!r}.visibility = {visibility!r} must be one of {', '.join(VISIBILITIES)}")
    return Exercise(name=name, title=title, file=file, hint=hint.strip(), functions=tuple(functions), check_overrides=dict(overrides))


def _parse_curve(value, where: str) -> Curve | None:
    if value is None:
        return None
    example = 'curve = { item = 1, label = "MSE before each update" }'
    if not isinstance(value, dict) or set(value) - {"item", "label", "example"}:
        raise CourseError(f"course.toml: {where}: curve = {value!r} must be a table such as {example}")
    label = _need(value, "label", str, f"{where} curve")
    item = value.get("item")
    if item is not None and (not isinstance(item, int) or isinstance(item, bool) or item < 0):
        raise CourseError(f"course.toml: {where}: curve item = {item!r} must be the position (0, 1, ...) of the sequence in what the function returns")
    example = value.get("example", "")
    if not isinstance(example, str):
        raise CourseError(f"course.toml: {where}: curve example = {example!r} must be a call of the function as Python text")
    return Curve(label=label, item=item, example=example)


def _parse_assignment(index: int, table: dict, exercise_names: set[str]) -> Assignment:
    where = f"assignments[{index}]"
    ident = _need(table, "id", str, where)
    where = f"assignment {ident!r}"
    title = _need(table, "title", str, where)
    names = tuple(_need(table, "exercises", list, where))
    for n in names:
        if n not in exercise_names:
            raise CourseError(f"course.toml: {where} lists exercise {n!r}, which has no [[exercises]] entry; add it or fix the name")
    due = table.get("due")
    if due is not None:
        if not isinstance(due, datetime):
            raise CourseError(f"course.toml: {where}.due = {due!r} must be a date-time such as 2026-12-14T23:59:00Z")
        if due.tzinfo is None:
            due = due.replace(tzinfo=timezone.utc)
    canvas = table.get("canvas_assignment_id")
    if canvas is not None and (not isinstance(canvas, int) or isinstance(canvas, bool)):
        raise CourseError(f"course.toml: {where}.canvas_assignment_id = {canvas!r} must be the number Canvas shows in the assignment's URL")
    late = table.get("late", {})
    if not isinstance(late, dict):
        raise CourseError(f"course.toml: {where}.late must be a table such as {{ penalty_per_day = 0.1 }}")
    return Assignment(id=ident, title=title, exercises=names, due=due, canvas_assignment_id=canvas, late=dict(late))
