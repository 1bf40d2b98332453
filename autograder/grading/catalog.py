"""Find each exercise's checks, reference and misconceptions from the course layout.

    exercises/NN_name/checks.py         public checks (ship to students)
    solutions/NN_name/<file>.py         the reference implementation (hidden)
    solutions/NN_name/hidden_checks.py  hidden checks (hidden)
    solutions/NN_name/misconceptions.py known-wrong implementations (hidden)
    exercises/lesson.py                 the lesson's vocabulary, if course.toml names one
                                        ([course] lesson; ships to students)

Course files import the lesson by its file's name (`from lesson import weights`): it is loaded
first, from the course folder, and registered under that name. Loaded in the trusted grader
only, never in a worker.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

from autograder.grading.bank import ExampleBank
from autograder.grading.checking import Check, collect_checks
from autograder.course import Course, CourseError, Exercise, Function
from autograder.grading.misconception import Misconception, collect_misconceptions

__all__ = ["Material", "checks_digest", "course_digest", "load_lesson", "load_material", "load_module"]


def _composites_read_source_once():
    """Check files build strategies in helper functions (`@st.composite` inside a function that
    takes the vector's size), so one nested function is decorated hundreds of times; each time
    Hypothesis reads and parses its source to warn when `draw` goes unused, most of loading a
    course. The answer depends on the code object alone: remember it per code object. Only a
    deprecation warning depends on it, never a draw (Hypothesis is pinned)."""
    from hypothesis.strategies._internal import core

    original = getattr(core, "is_first_param_referenced_in_function", None)
    if original is None or getattr(original, "remembers", False):
        return
    answers: dict = {}

    def remembered(f) -> bool:
        code = getattr(f, "__code__", None)
        if code is None:
            return original(f)
        if code not in answers:
            answers[code] = original(f)
        return answers[code]

    remembered.remembers = True
    core.is_first_param_referenced_in_function = remembered


_composites_read_source_once()


@dataclass(frozen=True)
class Material:
    exercise: Exercise
    public: tuple[Check, ...]
    hidden: tuple[Check, ...]
    reference: dict  # function name -> callable (empty without solutions/)
    misconceptions: tuple[Misconception, ...]
    # function name -> explain_<function>(*args) from the reference module: [(label, value), ...]
    # showing the reference's intermediate values (hidden layers) for one input.
    explainers: dict = field(default_factory=dict)

    def checks(self, *, hidden: bool) -> tuple[Check, ...]:
        return self.public + self.hidden if hidden else self.public


def load_module(path: Path, name: str) -> ModuleType:
    """Import a file by path under a private module name."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CourseError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise CourseError(f"{path}: failed to import ({type(exc).__name__}: {exc}); fix that file") from exc
    return module


PREFIX = "_autograder_course_"


def _module_name(course: Course, exercise: Exercise, stem: str) -> str:
    return f"{PREFIX}{abs(hash(str(course.root))) % 10**8}_{exercise.name}_{stem}"


def load_lesson(course: Course) -> ModuleType | None:
    """Load the course's lesson module afresh and make it importable by its name (`lesson`).

    Every course file loaded after this call imports this course's lesson, so a process that
    loads two courses gives each its own (import it at the top of a file, not inside a function).
    """
    if course.lesson is None:
        return None
    alias = course.lesson.stem
    present = sys.modules.get(alias)
    if present is not None and not getattr(present, "__name__", "").startswith(PREFIX):
        raise CourseError(
            f"{course.lesson}: course files import it as {alias!r}, but that is already the module "
            f"{getattr(present, '__file__', None) or present!r}; rename the file and course.toml's [course] lesson"
        )
    module = load_module(course.lesson, f"{PREFIX}{abs(hash(str(course.root))) % 10**8}_lesson")
    sys.modules[alias] = module
    return module


def _load(course: Course, path: Path, name: str) -> ModuleType:
    """`load_module`, saying what to do when a course file imports a lesson course.toml does not name."""
    try:
        return load_module(path, name)
    except CourseError as exc:
        cause = exc.__cause__
        missing = getattr(cause, "name", None) if isinstance(cause, ModuleNotFoundError) else None
        if missing and course.lesson is None and (course.exercises_dir / f"{missing}.py").is_file():
            raise CourseError(f"{exc}; name the lesson module in course.toml: [course] lesson = \"exercises/{missing}.py\"") from cause
        raise


def _validate(checks: list, exercise: Exercise, path: Path) -> tuple[Check, ...]:
    names = {f.name for f in exercise.functions}
    seen = set()
    for check in checks:
        if check.function not in names:
            raise CourseError(f"{path}: check {check.title!r} grades {check.function!r}, which exercise {exercise.name!r} does not list in course.toml")
        if check.title in seen:
            raise CourseError(f"{path}: two checks are named {check.title!r}; give each check its own name")
        seen.add(check.title)
    origin = _digest([path])
    return tuple(replace(check, origin=origin) for check in checks)


def _validate_misconceptions(module: ModuleType, exercise: Exercise, path: Path) -> tuple[Misconception, ...]:
    try:
        found = collect_misconceptions(vars(module))
    except TypeError as exc:
        raise CourseError(f"{path}: {exc}") from None
    names = {f.name for f in exercise.functions}
    seen = set()
    for wrong in found:
        if not isinstance(wrong, Misconception):
            raise CourseError(f"{path}: MISCONCEPTIONS holds {wrong!r}; list Misconception records, or use @misconception")
        if wrong.function not in names:
            raise CourseError(f"{path}: misconception {wrong.id!r} is of {wrong.function!r}, which exercise {exercise.name!r} does not list in course.toml")
        if (wrong.function, wrong.id) in seen:
            raise CourseError(f"{path}: two misconceptions of {wrong.function} have the id {wrong.id!r}; give each its own id")
        seen.add((wrong.function, wrong.id))
    return tuple(found)


def load_material(course: Course, exercise: Exercise, *, hidden: bool = True) -> Material:
    """Everything needed to grade one exercise; hidden parts only when asked and present."""
    public_path = course.exercises_dir / exercise.name / "checks.py"
    if not public_path.is_file():
        raise CourseError(f"{public_path}: missing; every exercise needs public checks (exercises/{exercise.name}/checks.py)")
    load_lesson(course)
    public = _validate(collect_checks(vars(_load(course, public_path, _module_name(course, exercise, "checks")))), exercise, public_path)
    hidden_checks: tuple[Check, ...] = ()
    reference: dict = {}
    explainers: dict = {}
    misconceptions: tuple[Misconception, ...] = ()
    folder = course.solutions_dir / exercise.name
    if hidden and folder.is_dir():
        ref_path = folder / exercise.file
        if not ref_path.is_file():
            raise CourseError(f"{ref_path}: missing; the reference for {exercise.name} lives there")
        ref_module = _load(course, ref_path, _module_name(course, exercise, "reference"))
        for function in exercise.functions:
            fn = getattr(ref_module, function.name, None)
            if not callable(fn):
                raise CourseError(f"{ref_path}: defines no function {function.name}; the reference must implement every graded function")
            reference[function.name] = fn
            explain = getattr(ref_module, f"explain_{function.name}", None)
            if callable(explain):
                explainers[function.name] = explain
        hidden_path = folder / "hidden_checks.py"
        if hidden_path.is_file():
            module = _load(course, hidden_path, _module_name(course, exercise, "hidden_checks"))
            hidden_checks = _validate(collect_checks(vars(module)), exercise, hidden_path)
            clash = {c.title for c in hidden_checks} & {c.title for c in public}
            if clash:
                raise CourseError(f"{hidden_path}: {sorted(clash)[0]!r} is also a public check name; rename one")
        wrong_path = folder / "misconceptions.py"
        if wrong_path.is_file():
            module = _load(course, wrong_path, _module_name(course, exercise, "misconceptions"))
            misconceptions = _validate_misconceptions(module, exercise, wrong_path)
    return Material(
        exercise=exercise, public=public, hidden=hidden_checks, reference=reference, misconceptions=misconceptions, explainers=explainers
    )


# Bump when the way examples are drawn changes without a change to the files hashed below.
DRAWING = "draws-without-local-constants-1"


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256(DRAWING.encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def checks_digest(course: Course) -> str:
    """Changes whenever the examples of every check may change: the kit's strategies and check
    machinery, and the course's lesson module (its shapes and worked examples).

    Each check adds the digest of its own file (`Check.origin`), and each cached entry its
    number of examples, to its key.
    """
    return _digest(_drawing_files(course))


def _drawing_files(course: Course) -> list[Path]:
    kit = [Path(__file__).with_name("strategies.py"), Path(__file__).with_name("checking.py")]
    return kit + ([course.lesson] if course.lesson is not None else [])


def course_digest(course: Course) -> str:
    """Changes whenever anything that decides a grade changes: course.toml, checks, references.

    The students' own files (the stubs under exercises/) are not part of it. The assignment a
    view of the course grades is (`Course.scope`): one student's files graded for another
    assignment are not "already graded".
    """
    paths = [course.root / "course.toml", *_drawing_files(course)]
    paths += sorted(course.exercises_dir.glob("*/checks.py"))
    if course.solutions_dir.is_dir():
        paths += sorted(p for p in course.solutions_dir.rglob("*.py") if "__pycache__" not in p.parts)
    whole = _digest(paths)
    return whole if course.scope is None else hashlib.sha256(f"{whole}|{course.scope}".encode()).hexdigest()[:16]


@dataclass
class Plan:
    """What to grade: the course, its materials, and how."""

    course: Course
    materials: list[Material]
    hidden: bool = True
    examples: int | None = None
    only_exercises: tuple[str, ...] = field(default_factory=tuple)
    bank: ExampleBank | None = None
    shrink: bool = True  # False: a failure is reported as first found (dev check needs pass or fail only)
    # Examples for the trivial implementations' runs when grading itself does not replay.
    scratch: ExampleBank | None = field(default=None, repr=False, compare=False)

    def checks_for(self, material: Material, function: Function) -> list[Check]:
        return [c for c in material.checks(hidden=self.hidden) if c.function == function.name]
