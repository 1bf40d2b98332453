"""Content tests: references, stubs, public and hidden checks and misconceptions, without the engine.

An in-process harness stands in for the grader: a proxy calls a function on deep copies of the
drawn arguments, records which arguments it changed (`last_modified`) and decodes the result
the way the engine does: numpy scalar -> Python number, array stays array, lists, tuples and
dicts decoded item by item, anything else (a generator, a string) -> Unsupported. Checks run
under the grading profile (derandomized, no database, no deadline, 100 examples).
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import inspect
import math
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from autograder.grading.bank import ExampleBank  # noqa: E402
from autograder.grading.catalog import checks_digest  # noqa: E402
from autograder.grading.checking import Mismatch, collect_checks  # noqa: E402
from autograder.course import load as load_course  # noqa: E402
from autograder.grading.property import grade_profile  # noqa: E402
from autograder.grading.plan import CACHE_DIR  # noqa: E402

# The examples grading draws (the engine's bank, shared with `autograder dev check` on disk).
BANK = ExampleBank(grade_profile, cache_dir=ROOT / CACHE_DIR, key=checks_digest(load_course(ROOT)))

COURSE = tomllib.loads((ROOT / "course.toml").read_text())
EXERCISES = {entry["name"]: entry for entry in COURSE["exercises"]}
NAMES = list(EXERCISES)


# --- loading -------------------------------------------------------------------------------


@cache
def load(path: Path):
    """Import a file by path; module names cannot start with a digit, hence the prefix."""
    label = "content_" + "_".join(path.relative_to(ROOT).with_suffix("").parts).replace("-", "_")
    spec = importlib.util.spec_from_file_location(label, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stub(name):
    return load(ROOT / "exercises" / name / EXERCISES[name]["file"])


def reference(name):
    return load(ROOT / "solutions" / name / EXERCISES[name]["file"])


def public_checks(name):
    return collect_checks(vars(load(ROOT / "exercises" / name / "checks.py")))


def hidden_checks(name):
    return collect_checks(vars(load(ROOT / "solutions" / name / "hidden_checks.py")))


def misconceptions(name):
    return load(ROOT / "solutions" / name / "misconceptions.py").MISCONCEPTIONS


def graded(name):
    return [function["name"] for function in EXERCISES[name]["functions"]]


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


@cache
def drawn_examples(name, title):
    """The argument tuples grading draws for one check: the engine's bank (see bank.py).

    With derandomize=True and a passing function, Hypothesis draws the same sequence whatever
    function is under test, so replaying these is what grading does for every student.
    """
    check = next(c for c in public_checks(name) + hidden_checks(name) if c.title == title)
    return tuple(BANK.examples(check, COURSE["grading"]["examples_per_check"]))


def replay(name, check, function):
    """Run a check on the recorded examples; the first Mismatch or error of `function` is raised."""
    reference_function = getattr(reference(name), check.function)
    proxy = Proxy(function)
    for args in drawn_examples(name, check.title):
        args = copy.deepcopy(args)
        if check.reference:
            check.body(proxy, *args, reference=reference_function)
        else:
            check.body(proxy, *args)


def fails(name, check, function) -> bool:
    """True when the check rejects the function; any other error is a defect in the check."""
    try:
        replay(name, check, function)
    except (Mismatch, StudentRaised):
        return True
    return False


# --- other correct implementations, in different styles ------------------------------------


def _loop_dot(values, weights):
    total = 0.0
    for value, weight in zip(values, weights):
        total += float(value) * float(weight)
    return total


def _exact_dot(values, weights):
    return math.fsum(float(value) * float(weight) for value, weight in zip(values, weights))


def _loop_relu(x):
    return x if x > 0 else 0


def _matrix(weights, *keys):
    return np.array([np.asarray(weights[key], dtype=np.float64) for key in keys])


def _loops(dot):
    """Pure-Python implementations built on one dot product (sequential or exactly rounded)."""

    def predict(input_data, weights):
        hidden = [dot(input_data, weights["node0"]), dot(input_data, weights["node1"])]
        return dot(hidden, weights["output"])

    def predict_with_tanh(input_data, weights):
        hidden = [math.tanh(dot(input_data, weights["node0"])), math.tanh(dot(input_data, weights["node1"]))]
        return dot(hidden, weights["output"])

    def predict_with_relu(input_data, weights):
        hidden = [_loop_relu(dot(input_data, weights["node0"])), _loop_relu(dot(input_data, weights["node1"]))]
        return dot(hidden, weights["output"])

    def predict_rows(input_rows, weights):
        return [predict_with_relu(row, weights) for row in input_rows]

    def predict_with_network(input_data, weights):
        first = [_loop_relu(dot(input_data, weights[key])) for key in ("node0_0", "node0_1")]
        second = [_loop_relu(dot(first, weights[key])) for key in ("node1_0", "node1_1")]
        return dot(second, weights["output"])

    def forward_one(values, layers):
        for depth, layer in enumerate(layers):
            values = [dot(values, row) for row in layer]
            if depth < len(layers) - 1:
                values = [_loop_relu(v) for v in values]
        return values

    def forward(input_data, layers):
        if np.ndim(input_data) == 1:
            return np.array(forward_one(list(input_data), layers), dtype=np.float64)
        out = [forward_one(list(row), layers) for row in input_data]
        return np.array(out, dtype=np.float64).reshape(len(out), layers[-1].shape[0])

    return {
        "node_value": dot,
        "predict": predict,
        "predict_with_tanh": predict_with_tanh,
        "relu": _loop_relu,
        "predict_with_relu": predict_with_relu,
        "predict_rows": predict_rows,
        "predict_with_network": predict_with_network,
        "forward": forward,
    }


def _matrices():
    """Vectorised implementations: np.dot, @, np.maximum, einsum."""

    def node_value(input_data, node_weights):
        return np.dot(input_data, node_weights)

    def predict(input_data, weights):
        return _matrix(weights, "node0", "node1") @ input_data @ np.asarray(weights["output"])

    def predict_with_tanh(input_data, weights):
        return np.dot(np.tanh(_matrix(weights, "node0", "node1") @ input_data), weights["output"])

    def relu(input):
        return np.maximum(input, 0)

    def predict_with_relu(input_data, weights):
        return np.maximum(_matrix(weights, "node0", "node1") @ input_data, 0) @ np.asarray(weights["output"])

    def predict_rows(input_rows, weights):
        if len(input_rows) == 0:
            return []
        hidden = np.maximum(np.stack(input_rows) @ _matrix(weights, "node0", "node1").T, 0)
        return list(hidden @ np.asarray(weights["output"], dtype=np.float64))

    def predict_with_network(input_data, weights):
        first = np.maximum(_matrix(weights, "node0_0", "node0_1") @ input_data, 0)
        second = np.maximum(np.einsum("ij,j->i", _matrix(weights, "node1_0", "node1_1"), first), 0)
        return float(np.dot(second, weights["output"]))

    def forward(input_data, layers):
        values = np.atleast_2d(np.asarray(input_data, dtype=np.float64))
        for layer in layers[:-1]:
            values = np.maximum(np.einsum("ri,oi->ro", values, layer), 0)
        values = np.dot(values, layers[-1].T)
        return values[0] if np.ndim(input_data) == 1 else values

    return dict(
        node_value=node_value,
        predict=predict,
        predict_with_tanh=predict_with_tanh,
        relu=relu,
        predict_with_relu=predict_with_relu,
        predict_rows=predict_rows,
        predict_with_network=predict_with_network,
        forward=forward,
    )


STYLES = {"loops": _loops(_loop_dot), "exact-sums": _loops(_exact_dot), "matrices": _matrices()}


# --- the reference and the worked examples -------------------------------------------------

LESSON = {"node0": [1, 1], "node1": [1, -1], "output": [1, -1]}
ROWS_WEIGHTS = {"node0": [2, 4], "node1": [4, -5], "output": [2, 7]}
NETWORK = {"node0_0": [2, 4], "node0_1": [4, -5], "node1_0": [-1, 1], "node1_1": [1, 1], "output": [-3, 7]}
LAYERS = [np.array([[2, 4], [4, -5]]), np.array([[-1, 1], [1, 1]]), np.array([[-3, 7]])]


def test_references_reproduce_the_worked_examples():
    ex01 = reference("01_forward_propagation")
    assert ex01.node_value(np.array([40, 0]), [1, 1]) == 40
    assert ex01.predict(np.array([40, 0]), LESSON) == 0
    assert reference("02_activation_functions").predict_with_tanh(np.array([40, 0]), LESSON) == 0.0
    ex03 = reference("03_relu")
    assert ex03.relu(3) == 3 and ex03.relu(-3) == 0
    assert ex03.predict_with_relu(np.array([40, 0]), LESSON) == 0
    rows = [np.array([3, 5]), np.array([1, -1]), np.array([0, 0]), np.array([8, 4])]
    assert reference("04_many_observations").predict_rows(rows, ROWS_WEIGHTS) == [52, 63, 0, 148]
    assert reference("05_multilayer").predict_with_network(np.array([3, 5]), NETWORK) == 182
    forward = reference("06_deep_network").forward
    one = forward(np.array([3, 5]), LAYERS)
    assert isinstance(one, np.ndarray) and one.shape == (1,) and one[0] == 182.0
    many = forward(np.array([[3, 5], [1, -1]]), LAYERS)
    assert isinstance(many, np.ndarray) and many.shape == (2, 1) and many.tolist() == [[182.0], [36.0]]


# --- every check passes every correct implementation ---------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_check_passes_the_reference(name):
    failures = []
    for check in public_checks(name) + hidden_checks(name):
        try:
            replay(name, check, getattr(reference(name), check.function))
        except Exception as error:  # report them all at once
            failures.append(f"{check.title}: {type(error).__name__}: {error}")
    assert failures == []


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("name", NAMES)
def test_every_check_passes_other_correct_styles(name, style):
    failures = []
    for check in public_checks(name) + hidden_checks(name):
        try:
            replay(name, check, STYLES[style][check.function])
        except Exception as error:
            failures.append(f"{check.title}: {type(error).__name__}: {error}")
    assert failures == []


@pytest.mark.parametrize("name", NAMES)
def test_checks_cover_every_function_and_grade_only_graded_functions(name):
    for kind, checks in (("public", public_checks(name)), ("hidden", hidden_checks(name))):
        assert {c.function for c in checks} == set(graded(name)), kind
        assert all(c.reference == (kind == "hidden") for c in checks), kind
        titles = [c.title for c in checks]
        assert len(titles) == len(set(titles)), f"duplicate {kind} check names"


# --- stubs are specs -------------------------------------------------------------------------


def _lesson_arguments(function):
    rows = [np.array([3, 5]), np.array([1, -1]), np.array([0, 0]), np.array([8, 4])]
    return {
        "node_value": (np.array([40, 0]), [1, 1]),
        "predict": (np.array([40, 0]), LESSON),
        "predict_with_tanh": (np.array([40, 0]), LESSON),
        "relu": (3,),
        "predict_with_relu": (np.array([40, 0]), LESSON),
        "predict_rows": (rows, ROWS_WEIGHTS),
        "predict_with_network": (np.array([3, 5]), NETWORK),
        "forward": (np.array([3, 5]), LAYERS),
    }[function]


@pytest.mark.parametrize("name", NAMES)
def test_every_stub_function_raises_not_implemented(name):
    module = stub(name)
    for function in graded(name):
        with pytest.raises(NotImplementedError):
            getattr(module, function)(*_lesson_arguments(function))


def _functions(path):
    tree = ast.parse(path.read_text())
    return tree, {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("name", NAMES)
def test_stub_and_solution_have_the_same_shape(name):
    stub_path = ROOT / "exercises" / name / EXERCISES[name]["file"]
    solution_path = ROOT / "solutions" / name / EXERCISES[name]["file"]
    stub_tree, stub_functions = _functions(stub_path)
    solution_tree, solution_functions = _functions(solution_path)
    assert ast.get_docstring(stub_tree) and ast.get_docstring(solution_tree)
    assert "import numpy as np" in stub_path.read_text()
    # explain_<function> helpers exist only in the reference: they feed the feedback, never students.
    assert list(stub_functions) == [f for f in solution_functions if not f.startswith("explain_")]
    lines = stub_path.read_text().splitlines()
    for function in EXERCISES[name]["functions"]:
        node = stub_functions[function["name"]]
        assert [a.arg for a in node.args.args] == function["params"]
        assert [a.arg for a in solution_functions[function["name"]].args.args] == function["params"]
        assert ast.get_docstring(node) == ast.get_docstring(solution_functions[function["name"]])
        body = lines[node.lineno - 1 : node.end_lineno]
        assert sum(line.strip().startswith("# TODO:") for line in body) == 1, function["name"]
    assert sum(line.strip().startswith("# TODO:") for line in lines) == len(graded(name))
    # ready-made helpers are the same in the stub and the solution, and correct
    for helper in set(stub_functions) - set(graded(name)):
        assert ast.dump(stub_functions[helper]) == ast.dump(solution_functions[helper]), helper


@pytest.mark.parametrize("name", ["04_many_observations", "05_multilayer", "06_deep_network"])
def test_ready_made_relu_helpers_are_correct(name):
    relu = stub(name).relu
    for value in (3, -3, 0, 2.5, -0.5):
        assert np.all(relu(value) == max(0, value))
    if name == "06_deep_network":  # vectorised there
        assert np.array_equal(relu(np.array([-1.0, 0.0, 2.0])), np.array([0.0, 0.0, 2.0]))


def _solution_lines(name):
    """Non-trivial code lines in the bodies of a reference's graded functions."""
    path = ROOT / "solutions" / name / EXERCISES[name]["file"]
    tree, functions = _functions(path)
    source = path.read_text().splitlines()
    found = set()
    for function in graded(name):
        node = functions[function]
        start = node.body[1].lineno if ast.get_docstring(node) else node.body[0].lineno
        for line in source[start - 1 : node.end_lineno]:
            text = line.strip()
            if len(text) > 15 and not text.startswith("#"):
                found.add(text)
    return found


def test_no_reference_code_is_shipped_to_students():
    all_lines = set().union(*(_solution_lines(name) for name in NAMES))
    for path in sorted((ROOT / "exercises").rglob("*")):
        if path.is_file():
            shipped = {line.strip() for line in path.read_text().splitlines()}
            leaked = sorted(all_lines & shipped)
            assert leaked == [], f"{path.relative_to(ROOT)} contains reference code: {leaked}"


@pytest.mark.parametrize("name", NAMES)
def test_readme_says_what_to_implement_and_how_to_check(name):
    text = (ROOT / "exercises" / name / "README.md").read_text()
    assert f"autograder check {name}" in text
    for function in EXERCISES[name]["functions"]:
        assert f"{function['name']}({', '.join(function['params'])})" in text
    assert "modify" in text


# --- misconceptions: every hidden check can fail, every misconception is caught ------------


@pytest.mark.parametrize("name", NAMES)
def test_misconceptions_are_well_formed(name):
    found = misconceptions(name)
    assert found, "no misconceptions"
    ids = [(m.function, m.id) for m in found]
    assert len(ids) == len(set(ids))
    for m in found:
        assert m.function in graded(name)
        assert m.message and m.hint
        expected = [p for p in next(f for f in EXERCISES[name]["functions"] if f["name"] == m.function)["params"]]
        assert list(inspect.signature(m.implementation).parameters) == expected, m.id


@pytest.mark.parametrize("name", NAMES)
def test_every_hidden_check_fails_some_misconception(name):
    never_failed = []
    for check in hidden_checks(name):
        candidates = [m for m in misconceptions(name) if m.function == check.function]
        if not any(fails(name, check, m.implementation) for m in candidates):
            never_failed.append(check.title)
    assert never_failed == [], "hidden checks that no misconception fails"


@pytest.mark.parametrize("name", NAMES)
def test_every_misconception_fails_some_check(name):
    checks = public_checks(name) + hidden_checks(name)
    uncaught = []
    for m in misconceptions(name):
        mine = [c for c in checks if c.function == m.function]
        if not any(fails(name, c, m.implementation) for c in mine):
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


@pytest.mark.parametrize("name", NAMES)
def test_checks_reject_junk_results_cleanly(name):
    """A function returning junk fails through Mismatch; the check body itself never crashes."""
    for check in public_checks(name) + hidden_checks(name):
        for label, make in JUNK_RESULTS.items():

            def junk(*args, make=make):
                return make()

            try:
                replay(name, check, junk)
            except (Mismatch, StudentRaised):
                pass
            except Exception as error:
                pytest.fail(f"{check.title} crashed on a function returning {label}: {type(error).__name__}: {error}")
            else:
                # only the argument-safety checks can be passed without a sensible result
                assert check.name == "does not modify its arguments", f"{check.title} accepted {label}"
