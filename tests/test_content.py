"""Content tests: every exercise's stub, README, reference, checks and misconceptions, without the engine.

Every rule here is read from the course, never from a table of names: the exercises and their
functions come from course.toml (`autograder.course`), the checks, references and
misconceptions through the grader's own catalog (`load_material`), the worked examples from
each README and stub docstring (see "worked examples" below), and other correct
implementations from the golden cases' `correct_*` submissions. Adding an exercise adds its
tests: the seventh fixture exercise (tests/fixtures/seventh) is put in a copy of the course and
held by the same rules.

An in-process harness stands in for the grader: a proxy calls a function on deep copies of the
drawn arguments, records which arguments it changed (`last_modified`) and decodes the result
the way the engine does: numpy scalar -> Python number, array stays array, lists, tuples and
dicts decoded item by item, anything else (a generator, a string) -> Unsupported. Checks run on
the examples grading draws (the plan's example bank: grading profile, derandomized, 100 examples).
"""

from __future__ import annotations

import ast
import copy
import inspect
import re
import shutil
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

from autograder.course import Course, Exercise
from autograder.course import load as load_course
from autograder.grading.bank import ExampleBank
from autograder.grading.catalog import Material, load_module
from autograder.grading.checking import ABS_TOLERANCE, REL_TOLERANCE, Check, Mismatch
from autograder.grading.plan import make_plan

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "cases"
SEVENTH = Path(__file__).parent / "fixtures" / "seventh"

COURSE = load_course(ROOT)
NAMES = [exercise.name for exercise in COURSE.exercises]
SEVENTH_ENTRIES = tomllib.loads((SEVENTH / "course_entry.toml").read_text(encoding="utf-8"))["exercises"]
SEVENTH_NAMES = [entry["name"] for entry in SEVENTH_ENTRIES]


def every_exercise():
    """The course's exercises, then the seventh fixture exercise in a copy of the course: every
    rule holds for an exercise added with no edit here."""
    return [pytest.param(name, id=name) for name in NAMES + SEVENTH_NAMES]


# --- the exercise under test, as the catalog loads it ---------------------------------------


@pytest.fixture(scope="session")
def course_with_seventh(tmp_path_factory) -> Course:
    """This course with the seventh fixture exercise added: a folder pair and a course.toml entry."""
    root = tmp_path_factory.mktemp("content-seven")
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        for name in SEVENTH_NAMES:
            shutil.copytree(SEVENTH / part / name, root / part / name)
    text = (ROOT / "course.toml").read_text(encoding="utf-8")
    last = f'    "{NAMES[-1]}",\n]'
    assert last in text, "course.toml's assignment list changed shape; update course_with_seventh"
    listed = "".join(f'    "{name}",\n' for name in [NAMES[-1], *SEVENTH_NAMES])
    text = text.replace(last, listed + "]", 1) + (SEVENTH / "course_entry.toml").read_text(encoding="utf-8")
    (root / "course.toml").write_text(text, encoding="utf-8")
    return load_course(root)


@pytest.fixture(scope="session")
def seventh_plan(course_with_seventh):
    return make_plan(course_with_seventh, exercises=tuple(SEVENTH_NAMES), cache_dir=None)


@pytest.fixture
def exercise(request, plan) -> "ExerciseUnderTest":
    """The exercise named by the test's parameter, with its material and the plan's example bank."""
    chosen = plan if request.param in NAMES else request.getfixturevalue("seventh_plan")
    material = next(m for m in chosen.materials if m.exercise.name == request.param)
    return ExerciseUnderTest(course=chosen.course, material=material, bank=chosen.bank)


@dataclass(frozen=True)
class ExerciseUnderTest:
    course: Course
    material: Material
    bank: ExampleBank

    @property
    def entry(self) -> Exercise:
        """Its [[exercises]] entry in course.toml."""
        return self.material.exercise

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def graded(self) -> list[str]:
        return [function.name for function in self.entry.functions]

    def params(self, function: str) -> list[str]:
        return list(self.entry.function(function).params)

    @property
    def checks(self) -> tuple[Check, ...]:
        return self.material.public + self.material.hidden

    @property
    def stub_path(self) -> Path:
        return self.course.exercises_dir / self.name / self.entry.file

    @property
    def solution_path(self) -> Path:
        return self.course.solutions_dir / self.name / self.entry.file

    @property
    def readme(self) -> str:
        return (self.course.exercises_dir / self.name / "README.md").read_text(encoding="utf-8")

    def stub(self):
        """The students' starting file, imported here: it is what they download, not hidden material."""
        return _import(self.stub_path)

    def examples(self, check: Check) -> list[tuple]:
        """The argument tuples grading draws for one check (see bank.py).

        With derandomize=True and a passing function, Hypothesis draws the same sequence whatever
        function is under test, so replaying these is what grading does for every student.
        """
        return self.bank.examples(check, self.course.grading.examples_per_check)

    def replay(self, check: Check, function) -> None:
        """Run a check on the recorded examples; the first Mismatch or error of `function` is raised."""
        proxy = Proxy(function)
        for args in self.examples(check):
            args = copy.deepcopy(args)
            if check.reference:
                check.body(proxy, *args, reference=self.material.reference[check.function])
            else:
                check.body(proxy, *args)

    def fails(self, check: Check, function) -> bool:
        """True when the check rejects the function; any other error is a defect in the check."""
        try:
            self.replay(check, function)
        except (Mismatch, StudentRaised):
            return True
        return False


@cache
def _import(path: Path):
    """A file that is not course material (a stub, a golden submission), under a private name."""
    return load_module(path, "content_" + re.sub(r"\W", "_", str(path)))


# --- the stand-in for the engine's proxy ---------------------------------------------------


class StudentRaised(Exception):
    """The function under test raised; the engine reports this as a failed check."""


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            type(a) is type(b)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(a) is type(b) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and (a == b or (a != a and b != b))


class Unsupported:
    """Like the engine's stand-in for a value that cannot cross as plain data: equals nothing."""

    def __init__(self, kind):
        self.kind = kind

    def __eq__(self, other):
        return False

    __hash__ = None

    def __repr__(self):
        return f"<{self.kind}>"


def _decode(value):
    """Plain data as the engine delivers it: Python numbers, fresh arrays, lists, tuples, dicts."""
    if value is None or type(value) in (bool, int, float):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return value.item()
    if type(value) is np.ndarray and value.dtype.kind in "biuf":
        return value.copy()
    if type(value) in (list, tuple):
        return type(value)(_decode(item) for item in value)
    if type(value) is dict:
        return {str(key): _decode(item) for key, item in value.items()}
    return Unsupported(type(value).__name__)


class Proxy:
    def __init__(self, function):
        self.function = function
        self.last_modified = ()

    def __call__(self, *args):
        copies = copy.deepcopy(args)
        try:
            result = self.function(*copies)
        except Exception as error:
            raise StudentRaised(f"{type(error).__name__}: {error}") from error
        finally:
            self.last_modified = tuple(i for i, (a, c) in enumerate(zip(args, copies)) if not _same(a, c))
        return _decode(result)


# --- worked examples, as the READMEs and the stubs' docstrings state them --------------------
#
# A README states a worked example in one of three ways, each checked against the reference:
#   `relu(3)` returns `3`              a call and its result, in backticks
#   ... it returns `0`                 in the section of **`predict(input_data, weights)`**: the
#                                      function called with the values its parameters were given
#                                      in the README's ```python blocks above
#   average_prediction([52, 63]) # = 57.5   in a ```python block: a call and, after the comment's
#                                      last "=", its result
# A stub's docstring, in its Example section, binds names (`weights = {...}`) and states
# `f(args) returns VALUE` or `... so f returns VALUE` (called with the bound parameters).

NAMESPACE = {"np": np, "array": np.array}


@dataclass(frozen=True)
class Example:
    function: str
    args: tuple
    expected: object
    said: str  # where and how the example is stated, for failure messages


def _evaluate(source: str, bindings: dict, said: str):
    try:
        return eval(compile(source, "<worked example>", "eval"), {**NAMESPACE, **bindings})  # noqa: S307 - the course's own text
    except Exception as error:
        raise AssertionError(f"{said}: cannot evaluate {source!r} ({type(error).__name__}: {error})") from error


def _call(source: str, exercise: ExerciseUnderTest, bindings: dict, said: str) -> tuple[str, tuple]:
    """`f(a, b=c)` -> ("f", (a, c)) with the arguments evaluated."""
    node = ast.parse(source.strip(), mode="eval").body
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name), f"{said}: {source!r} is not a call"
    function = node.func.id
    args = [_evaluate(ast.unparse(arg), bindings, said) for arg in node.args]
    keywords = {k.arg: _evaluate(ast.unparse(k.value), bindings, said) for k in node.keywords}
    params = exercise.params(function)
    args += [keywords.pop(p) for p in params[len(args) :] if p in keywords]
    assert not keywords and len(args) == len(params), f"{said}: {source!r} does not give {function}({', '.join(params)})"
    return function, tuple(args)


def _bound_call(function: str, exercise: ExerciseUnderTest, bindings: dict, said: str) -> tuple:
    missing = [p for p in exercise.params(function) if p not in bindings]
    assert not missing, f"{said}: no value given above for {', '.join(missing)}"
    return tuple(bindings[p] for p in exercise.params(function))


def _python_block(block: str, exercise: ExerciseUnderTest, bindings: dict, where: str) -> list[Example]:
    """Bind the block's assignments; a call of a graded function with a `# ... = result` comment is an example."""
    found = []
    lines = block.splitlines()
    for statement in ast.parse(block).body:
        if isinstance(statement, ast.Assign) and [type(t) for t in statement.targets] == [ast.Name]:
            said = f"{where}: {ast.unparse(statement)}"
            bindings[statement.targets[0].id] = _evaluate(ast.unparse(statement.value), bindings, said)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) and getattr(statement.value.func, "id", None) in exercise.graded:
            line = lines[statement.end_lineno - 1]
            said = f"{where}: {line.strip()}"
            comment = line.encode()[statement.end_col_offset :].decode().partition("#")[2]  # offsets count UTF-8 bytes
            assert comment.strip(), f"{said}: a worked call needs its result in a comment (# ... = result)"
            function, args = _call(ast.unparse(statement.value), exercise, bindings, said)
            found.append(Example(function, args, _evaluate(comment.rpartition("=")[2].strip(), bindings, said), said))
    return found


README_PARTS = re.compile(
    r"```python\n(?P<block>.*?)```"
    r"|\*\*`(?P<section>\w+)\("
    r"|`(?P<call>\w+\([^`]*\))` returns `(?P<value>[^`]+)`"
    r"|\bit returns `(?P<its>[^`]+)`",
    re.DOTALL,
)


def readme_examples(exercise: ExerciseUnderTest) -> list[Example]:
    where = f"exercises/{exercise.name}/README.md"
    bindings: dict = {}
    section = None
    found: list[Example] = []
    for part in README_PARTS.finditer(exercise.readme):
        if part["block"] is not None:
            found += _python_block(part["block"], exercise, bindings, where)
        elif part["section"] is not None:
            section = part["section"] if part["section"] in exercise.graded else None
        elif part["call"] is not None:
            said = f"{where}: {part[0]}"
            if re.match(r"\w+", part["call"])[0] in exercise.graded:
                function, args = _call(part["call"], exercise, bindings, said)
                found.append(Example(function, args, _evaluate(part["value"], bindings, said), said))
        else:
            said = f"{where}: {part[0]}"
            assert section, f"{said}: 'it' is no graded function's section (**`name(...)`**)"
            found.append(Example(section, _bound_call(section, exercise, bindings, said), _evaluate(part["its"], bindings, said), said))
    return found


def _leading_value(text: str):
    """The longest start of `text` that is one expression (not a bare tuple): "40, because ..." -> "40"."""
    for end in range(len(text), 0, -1):
        try:
            tree = ast.parse(text[:end], mode="eval")
        except SyntaxError:
            continue
        if not isinstance(tree.body, ast.Tuple):
            return text[:end]
    return None


def _closing(text: str, start: int) -> int:
    """Index just past the bracket that closes the one opened at text[start]."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return len(text)


def docstring_examples(exercise: ExerciseUnderTest) -> list[Example]:
    tree = ast.parse(exercise.stub_path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if not (isinstance(node, ast.FunctionDef) and node.name in exercise.graded and ast.get_docstring(node)):
            continue
        where = f"exercises/{exercise.name}/{exercise.entry.file}: {node.name}'s docstring"
        lines = ast.get_docstring(node).splitlines()
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("Example")), len(lines))
        text = "\n".join(lines[start:])
        bindings: dict = {}
        for index, line in enumerate(lines[start:], start=start):
            if not re.match(r"\s*\w+\s*=[^=]", line):
                continue
            for stop in range(index + 1, min(index + 6, len(lines) + 1)):
                source = "\n".join(part.strip() for part in lines[index:stop])
                try:
                    statement = ast.parse(source).body[0]
                except SyntaxError:
                    continue
                try:
                    bindings[statement.targets[0].id] = _evaluate(ast.unparse(statement.value), bindings, where)
                except (AttributeError, AssertionError):
                    pass  # prose that reads like an assignment ("output = dot product of ...")
                break
        names = "|".join(map(re.escape, exercise.graded))
        for match in re.finditer(rf"\b({names})(\(| returns\s)", text):
            function = match[1]
            if match[2] == "(":
                end = _closing(text, match.start(2))
                returns = re.match(r"\s+returns\s+", text[end:])
                if not returns:
                    continue
                call, rest = text[match.start() : end], text[end + returns.end() :]
            else:
                call, rest = None, text[match.end() :]
            # "... returns 0." ends a sentence: its full stop is not part of the number
            value = _leading_value(rest.split("\n", 1)[0].strip().removesuffix("."))
            stated = text[match.start() :].split("\n", 1)[0].strip()
            said = f"{where}: {stated}"
            assert value is not None, f"{said}: no result after 'returns'"
            args = _call(call, exercise, bindings, said)[1] if call else _bound_call(function, exercise, bindings, said)
            found.append(Example(function, args, _evaluate(value, bindings, said), said))
    return found


def _agrees(got, expected) -> bool:
    """`got` (as the engine decodes it) is the stated result: same structure, equal values, a
    fraction within the grader's tolerance (a README states 1.72 where 2 - 0.01 * 28 is
    1.7200000000000002 in floating point)."""
    if isinstance(expected, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == expected.shape and bool(np.allclose(got, expected, rtol=REL_TOLERANCE, atol=ABS_TOLERANCE))
    if isinstance(expected, (list, tuple)):
        return type(got) is type(expected) and len(got) == len(expected) and all(_agrees(g, e) for g, e in zip(got, expected))
    if isinstance(expected, dict):
        return isinstance(got, dict) and got.keys() == expected.keys() and all(_agrees(got[k], expected[k]) for k in expected)
    if isinstance(got, float) or isinstance(expected, float):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - expected) <= ABS_TOLERANCE + REL_TOLERANCE * abs(expected)
    return isinstance(got, (bool, int)) and got == expected


def _wrong_examples(exercise: ExerciseUnderTest, examples: list[Example]) -> list[str]:
    wrong = []
    for example in examples:
        got = Proxy(exercise.material.reference[example.function])(*copy.deepcopy(example.args))
        if not _agrees(got, example.expected):
            wrong.append(f"{example.said}: the reference returns {got!r}")
    return wrong


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_the_readme_states_a_worked_example_for_every_graded_function(exercise):
    stated = {example.function for example in readme_examples(exercise)}
    assert [f for f in exercise.graded if f not in stated] == []


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_the_reference_reproduces_every_worked_example_of_the_readme(exercise):
    assert _wrong_examples(exercise, readme_examples(exercise)) == []


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_the_reference_reproduces_every_worked_example_of_the_stubs_docstrings(exercise):
    examples = docstring_examples(exercise)
    if not examples:
        pytest.skip("the stub's docstrings state no worked example")
    assert _wrong_examples(exercise, examples) == []


# --- every check passes every correct implementation ---------------------------------------


def _failures(exercise: ExerciseUnderTest, function_for, *, only: str | None = None) -> list[str]:
    """Every check (of the function `only`, when given) that `function_for(graded name)` does not pass."""
    failures = []
    for check in exercise.checks:
        if only is not None and check.function != only:
            continue
        try:
            exercise.replay(check, function_for(check.function))
        except Exception as error:  # report them all at once
            failures.append(f"{check.title}: {type(error).__name__}: {error}")
    return failures


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_every_check_passes_the_reference(exercise):
    assert _failures(exercise, exercise.material.reference.__getitem__) == []


def _correct_submissions():
    """(exercise, golden case) for every correct_* golden case that submits the exercise's file."""
    files = {exercise.name: exercise.file for exercise in COURSE.exercises} | {e["name"]: e["file"] for e in SEVENTH_ENTRIES}
    for name, file in files.items():
        for case in sorted(CASES.glob("correct_*")):
            if (case / "submission" / file).is_file():
                yield pytest.param(name, case.name, id=f"{name}-{case.name}")


@pytest.mark.parametrize("exercise, case", list(_correct_submissions()), indirect=["exercise"])
def test_every_check_passes_a_correct_golden_submission_of_another_style(exercise, case):
    # loops, pure Python, numpy scalars, np.dot and @: each rounds differently from the reference
    module = _import(CASES / case / "submission" / exercise.entry.file)
    assert _failures(exercise, lambda function: getattr(module, function)) == []


def _widened(value):
    """Numbers and numeric arrays in numpy's extended precision (np.longdouble); the rest as it is."""
    if type(value) in (int, float) or (isinstance(value, np.generic) and value.dtype.kind in "iuf"):
        return np.longdouble(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value.astype(np.longdouble)
    if type(value) in (list, tuple):
        return type(value)(_widened(item) for item in value)
    if type(value) is dict:
        return {key: _widened(item) for key, item in value.items()}
    return value


def _rounded(value):
    """Extended-precision results rounded once, to Python floats and float64 arrays."""
    if isinstance(value, np.floating) and value.dtype == np.longdouble:
        return float(value)
    if isinstance(value, np.ndarray) and value.dtype == np.longdouble:
        return value.astype(np.float64)
    if type(value) in (list, tuple):
        return type(value)(_rounded(item) for item in value)
    if type(value) is dict:
        return {key: _rounded(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_every_check_passes_the_reference_computed_in_extended_precision_and_rounded_once(exercise):
    # A correct answer whose sums are rounded differently (as math.fsum or a loop of float
    # additions rounds them) must pass: the checks may not demand the reference's own bits.
    assert np.finfo(np.longdouble).eps < np.finfo(np.float64).eps, "no extended precision on this machine"

    def extended(function):
        reference = exercise.material.reference[function]
        return lambda *args: _rounded(reference(*_widened(args)))

    assert _failures(exercise, extended) == []


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_checks_cover_every_function_and_grade_only_graded_functions(exercise):
    for kind, checks in (("public", exercise.material.public), ("hidden", exercise.material.hidden)):
        assert {c.function for c in checks} == set(exercise.graded), kind
        assert all(c.reference == (kind == "hidden") for c in checks), kind
        titles = [c.title for c in checks]
        assert len(titles) == len(set(titles)), f"duplicate {kind} check names"


# --- stubs are specs -------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_every_stub_function_raises_not_implemented_on_its_worked_examples(exercise):
    module = exercise.stub()
    examples = readme_examples(exercise)
    assert {e.function for e in examples} >= set(exercise.graded), "a graded function has no worked example to call"
    for example in examples:
        with pytest.raises(NotImplementedError):
            getattr(module, example.function)(*copy.deepcopy(example.args))


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tree, {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _imports(tree) -> set[str]:
    return {ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))}


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_stub_and_solution_have_the_same_shape(exercise):
    stub_tree, stub_functions = _functions(exercise.stub_path)
    solution_tree, solution_functions = _functions(exercise.solution_path)
    assert ast.get_docstring(stub_tree) and ast.get_docstring(solution_tree)
    # explain_<function> helpers exist only in the reference: they feed the feedback, never students.
    assert list(stub_functions) == [f for f in solution_functions if not f.startswith("explain_")]
    lines = exercise.stub_path.read_text(encoding="utf-8").splitlines()
    for function in exercise.entry.functions:
        node = stub_functions[function.name]
        assert [a.arg for a in node.args.args] == list(function.params)
        assert [a.arg for a in solution_functions[function.name].args.args] == list(function.params)
        assert ast.get_docstring(node) == ast.get_docstring(solution_functions[function.name])
        body = lines[node.lineno - 1 : node.end_lineno]
        assert sum(line.strip().startswith("# TODO:") for line in body) == 1, function.name
    assert sum(line.strip().startswith("# TODO:") for line in lines) == len(exercise.graded)
    # ready-made helpers are the same in the stub and the solution (and correct: see below)
    for helper in set(stub_functions) - set(exercise.graded):
        assert ast.dump(stub_functions[helper]) == ast.dump(solution_functions[helper]), helper


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_the_stub_imports_what_the_reference_imports_and_numpy_when_the_readme_uses_it(exercise):
    stub_tree, _ = _functions(exercise.stub_path)
    solution_tree, _ = _functions(exercise.solution_path)
    assert _imports(solution_tree) <= _imports(stub_tree)
    if "np." in exercise.readme:
        assert "import numpy as np" in _imports(stub_tree)


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_ready_made_helpers_pass_the_checks_of_the_graded_function_they_are_named_after(exercise, plan, request):
    """A stub's helper named like another exercise's graded function (relu) is held to its checks."""
    _, stub_functions = _functions(exercise.stub_path)
    plans = [plan] + ([request.getfixturevalue("seventh_plan")] if exercise.name in SEVENTH_NAMES else [])
    owners = {
        f.name: ExerciseUnderTest(course=p.course, material=m, bank=p.bank)
        for p in plans
        for m in p.materials
        if m.exercise.name != exercise.name
        for f in m.exercise.functions
    }
    helpers = [h for h in stub_functions if h not in exercise.graded and h in owners]
    if not helpers:
        pytest.skip("no ready-made helper is named after another exercise's graded function")
    module = exercise.stub()
    for helper in helpers:
        owner = owners[helper]
        assert _failures(owner, lambda function: getattr(module, function), only=helper) == [], helper
        if "elementwise" in (ast.get_docstring(stub_functions[helper]) or ""):
            # said to work elementwise on an array: on all the checks' single numbers at once
            drawn = [args[0] for c in owner.checks if c.function == helper for args in owner.examples(c)]
            numbers = [float(v) for v in drawn if np.ndim(v) == 0]
            assert numbers, f"{helper}'s checks draw no single numbers to try it on"
            expected = np.array([float(owner.material.reference[helper](v)) for v in numbers])
            assert np.array_equal(getattr(module, helper)(np.array(numbers)), expected), helper


def _solution_lines(course: Course, exercise: Exercise) -> set[str]:
    """Non-trivial code lines in the bodies of a reference's graded functions."""
    path = course.solutions_dir / exercise.name / exercise.file
    _, functions = _functions(path)
    source = path.read_text(encoding="utf-8").splitlines()
    found = set()
    for function in exercise.functions:
        node = functions[function.name]
        start = node.body[1].lineno if ast.get_docstring(node) else node.body[0].lineno
        for line in source[start - 1 : node.end_lineno]:
            text = line.strip()
            if len(text) > 15 and not text.startswith("#"):
                found.add(text)
    return found


@pytest.mark.parametrize("which", ["course", "course_with_seventh"])
def test_no_reference_code_is_shipped_to_students(which, request):
    course = request.getfixturevalue(which)
    all_lines = set().union(*(_solution_lines(course, exercise) for exercise in course.exercises))
    for path in sorted(course.exercises_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            shipped = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
            leaked = sorted(all_lines & shipped)
            assert leaked == [], f"{path.relative_to(course.root)} contains reference code: {leaked}"


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_readme_says_what_to_implement_and_how_to_check(exercise):
    text = exercise.readme
    assert f"autograder check {exercise.name}" in text
    for function in exercise.entry.functions:
        assert function.signature() in text
    assert "modify" in text


# --- misconceptions: every hidden check can fail, every misconception is caught ------------


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_misconceptions_are_well_formed(exercise):
    found = exercise.material.misconceptions
    assert found, "no misconceptions"
    ids = [(m.function, m.id) for m in found]
    assert len(ids) == len(set(ids))
    for m in found:
        assert m.function in exercise.graded
        assert m.message and m.hint
        assert list(inspect.signature(m.implementation).parameters) == exercise.params(m.function), m.id


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_every_hidden_check_fails_some_misconception(exercise):
    never_failed = []
    for check in exercise.material.hidden:
        candidates = [m for m in exercise.material.misconceptions if m.function == check.function]
        if not any(exercise.fails(check, m.implementation) for m in candidates):
            never_failed.append(check.title)
    assert never_failed == [], "hidden checks that no misconception fails"


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_every_misconception_fails_some_check(exercise):
    uncaught = []
    for m in exercise.material.misconceptions:
        mine = [c for c in exercise.checks if c.function == m.function]
        if not any(exercise.fails(c, m.implementation) for c in mine):
            uncaught.append(m.id)
    assert uncaught == [], "misconceptions that pass every check"


JUNK_RESULTS = {
    "None": lambda: None,
    "text": lambda: "52",
    "nan": lambda: float("nan"),
    "generator": lambda: (x for x in [1.0]),
    "matrix": lambda: np.ones((2, 3)),
    "dict": lambda: {"output": 1},
    "list": lambda: [1.0, 2.0, 3.0],
}


@pytest.mark.parametrize("exercise", every_exercise(), indirect=True)
def test_checks_reject_junk_results_cleanly(exercise):
    """A function returning junk fails through Mismatch; the check body itself never crashes."""
    for check in exercise.checks:
        for label, make in JUNK_RESULTS.items():

            def junk(*args, make=make):
                return make()

            try:
                exercise.replay(check, junk)
            except (Mismatch, StudentRaised):
                pass
            except Exception as error:
                pytest.fail(f"{check.title} crashed on a function returning {label}: {type(error).__name__}: {error}")
            else:
                # only the argument-safety checks can be passed without a sensible result
                assert check.name == "does not modify its arguments", f"{check.title} accepted {label}"
