"""The author's face: `@misconception` beside its code, generic strategies, the course's lesson module.

A misconception is the wrong code under a decorator whose docstring is the message; the kit's
strategies take shapes as arguments and the lesson's own vocabulary (weight keys, worked
examples) lives in the course file course.toml names, which the example cache's key covers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from autograder.checks import Misconception, misconception, weight_dicts
from autograder.course import CourseError, load
from autograder.grading.bank import ExampleBank
from autograder.grading.catalog import checks_digest, course_digest, load_lesson, load_material
from autograder.grading.misconception import collect_misconceptions
from autograder.grading.property import grade_profile

ROOT = Path(__file__).resolve().parents[1]
STRATEGIES = ROOT / "autograder" / "grading" / "strategies.py"


# --- @misconception ------------------------------------------------------------------------


def _declared():
    @misconception("relu", id="leaky-relu", hint="Return exactly 0 for negative inputs.", common=True)
    def leaky(input):
        """It looks like negative numbers are scaled down (a 'leaky' ReLU)
        rather than set to 0."""
        return input if input > 0 else 0.01 * input

    @leaky.spelling
    def leaky_tenth(input):
        return max(input, input / 10)

    def absolute(input):
        return abs(input)

    @misconception("relu", id="abs", hint="Return 0 for negative inputs.", spellings=[absolute])
    def absolute_value(input):
        """It looks like you return abs(x)."""
        return abs(input)

    return leaky, leaky_tenth, absolute, absolute_value


def test_a_decorated_function_is_a_misconception_whose_docstring_is_the_message():
    leaky, leaky_tenth, absolute, absolute_value = _declared()
    found = collect_misconceptions({"leaky": leaky, "leaky_tenth": leaky_tenth, "absolute_value": absolute_value, "also": leaky})
    assert found == [
        Misconception(
            function="relu",
            id="leaky-relu",
            message="It looks like negative numbers are scaled down (a 'leaky' ReLU) rather than set to 0.",
            hint="Return exactly 0 for negative inputs.",
            implementation=leaky,
            spellings=(leaky_tenth,),
            common=True,
        ),
        Misconception(
            function="relu", id="abs", message="It looks like you return abs(x).", hint="Return 0 for negative inputs.",
            implementation=absolute_value, spellings=(absolute,),
        ),
    ]
    assert leaky(-10) == -0.1 and leaky_tenth(-10) == -1, "the decorators return the functions themselves"


def test_a_misconception_without_a_docstring_or_declared_twice_is_refused():
    with pytest.raises(TypeError, match="has no docstring; its docstring is the message students read"):

        @misconception("relu", id="x", hint="h")
        def undocumented(input):
            return input

    def twice(input):
        """m"""

    misconception("relu", id="a", hint="h")(twice)
    with pytest.raises(TypeError, match="already declares 'a'"):
        misconception("relu", id="b", hint="h")(twice)
    with pytest.raises(TypeError, match="hint=''"):
        misconception("relu", id="c", hint="")


def test_records_listed_in_MISCONCEPTIONS_still_load_but_not_beside_decorated_ones():
    record = Misconception(function="relu", id="r", message="m", hint="h", implementation=abs)
    assert collect_misconceptions({"MISCONCEPTIONS": [record]}) == [record]
    leaky, *_ = _declared()
    with pytest.raises(TypeError, match="not both"):
        collect_misconceptions({"MISCONCEPTIONS": [record], "leaky": leaky})


def test_every_misconception_of_the_course_is_written_beside_its_code():
    course = load(ROOT)
    for exercise in course.exercises:
        path = course.solutions_dir / exercise.name / "misconceptions.py"
        assert "MISCONCEPTIONS" not in path.read_text(encoding="utf-8"), path
        for wrong in load_material(course, exercise).misconceptions:
            assert wrong.implementation.__doc__ and wrong.message, (exercise.name, wrong.id)


# --- the kit's strategies are generic ------------------------------------------------------


@settings(max_examples=20, database=None)
@given(weight_dicts({"b": 3, "a": 1, "output": 2}, min_value=-2, max_value=2))
def test_weight_dicts_draw_one_vector_per_key_of_its_size(network):
    assert {key: len(vector) for key, vector in network.items()} == {"b": 3, "a": 1, "output": 2}
    assert all(-2 <= float(x) <= 2 for vector in network.values() for x in vector)


@pytest.mark.parametrize("sizes", [{"a": -1}, {"a": 2.5}, [("a", 1), ("a", 2)], {1: 2}])
def test_weight_dicts_name_a_broken_size(sizes):
    with pytest.raises(TypeError, match="weight_dicts: sizes="):
        weight_dicts(sizes)


def test_the_kits_strategies_hold_none_of_the_lessons_vocabulary():
    text = STRATEGIES.read_text(encoding="utf-8")
    for word in ("node0", "node1", "output", "NETWORK_KEYS", "lesson's"):
        assert word not in text, f"strategies.py names {word!r}: lesson data belongs in the course's lesson module"


# --- the lesson module ---------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "course.toml", root / "course.toml")
    return root


def test_course_toml_names_the_lesson_and_course_files_import_it_by_name():
    course = load(ROOT)
    assert course.lesson == ROOT / "exercises" / "lesson.py"
    lesson = load_lesson(course)
    assert sys.modules["lesson"] is lesson
    material = load_material(course, course.exercise("05_multilayer"))
    check = next(c for c in material.hidden if "the lesson's weights with other inputs" in c.name)
    assert check.examples.example()[1] is not None  # drawn from lesson.DEEP_NETWORK
    assert lesson.DEEP_NETWORK == {"node0_0": [2, 4], "node0_1": [4, -5], "node1_0": [-1, 1], "node1_1": [1, 1], "output": [-3, 7]}


def test_a_change_to_the_lesson_invalidates_the_drawn_examples(tmp_path):
    root = _copy(tmp_path)
    course = load(root)
    key, whole = checks_digest(course), course_digest(course)
    check = load_material(course, course.exercise("03_relu")).public[0]
    before = ExampleBank(grade_profile, key=key)._name(check, 10)
    with open(root / "exercises" / "lesson.py", "a", encoding="utf-8") as lesson:
        lesson.write("\n# a new worked example\n")
    changed = load(root)
    assert checks_digest(changed) != key and course_digest(changed) != whole
    assert ExampleBank(grade_profile, key=checks_digest(changed))._name(check, 10) != before


def test_each_course_loads_its_own_lesson(tmp_path):
    root = _copy(tmp_path)
    lesson = root / "exercises" / "lesson.py"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("CUSTOMER = np.array([40, 0])", "CUSTOMER = np.array([41, 0])"), encoding="utf-8")
    theirs = load_material(load(root), load(root).exercise("01_forward_propagation"))
    ours = load_material(load(ROOT), load(ROOT).exercise("01_forward_propagation"))
    title = "node_value: matches the reference for the lesson's customer [40, 0] with other weights"
    drawn = {name: next(c for c in m.hidden if c.title == title).examples.example()[0].tolist() for name, m in (("theirs", theirs), ("ours", ours))}
    assert drawn == {"theirs": [41, 0], "ours": [40, 0]}


@pytest.mark.parametrize(
    "value, message",
    [
        ('"exercises/missing.py"', "does not exist; create it or fix the path"),
        ('"exercises/lesson.txt"', "must be the path of a .py file"),
        ('"../lesson.py"', "must be a path inside the course folder"),
        ('"/tmp/lesson.py"', "must be a path inside the course folder"),
        ('"solutions/lesson.py"', "cannot live in solutions/"),
        ('"exercises/json.py"', "course files import it as 'json', which is not a free module name"),
        ("3", "must be the path of a .py file"),
    ],
)
def test_a_broken_lesson_key_names_the_key_and_the_fix(tmp_path, value, message):
    root = _copy(tmp_path)
    text = (root / "course.toml").read_text(encoding="utf-8")
    assert 'lesson = "exercises/lesson.py"' in text
    (root / "course.toml").write_text(text.replace('lesson = "exercises/lesson.py"', f"lesson = {value}"), encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        load(root)
    assert str(caught.value).startswith("course.toml: [course] lesson = ") and message in str(caught.value)


def test_checks_that_import_a_lesson_course_toml_does_not_name_say_how_to_name_it(tmp_path):
    root = _copy(tmp_path)
    text = (root / "course.toml").read_text(encoding="utf-8")
    (root / "course.toml").write_text(text.replace('lesson = "exercises/lesson.py"\n', ""), encoding="utf-8")
    course = load(root)
    saved = sys.modules.pop("lesson", None)
    try:
        with pytest.raises(CourseError, match=r"No module named 'lesson'.*\[course\] lesson = \"exercises/lesson.py\""):
            load_material(course, course.exercise("01_forward_propagation"))
    finally:
        if saved is not None:
            sys.modules["lesson"] = saved


def test_a_lesson_named_like_an_installed_module_is_refused(tmp_path):
    root = _copy(tmp_path)
    (root / "exercises" / "lesson.py").rename(root / "exercises" / "hypothesis.py")
    text = (root / "course.toml").read_text(encoding="utf-8")
    (root / "course.toml").write_text(text.replace('lesson = "exercises/lesson.py"', 'lesson = "exercises/hypothesis.py"'), encoding="utf-8")
    with pytest.raises(CourseError, match="that is already the module"):
        load_lesson(load(root))
