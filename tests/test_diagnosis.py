"""Diagnosis: a student's mistake is named whatever way it is written, and nothing is claimed without one.

Every misconception in the library has a hand-written variant under tests/diagnosis/ (other
names, loops for numpy, math for np): the same wrong behaviour, other code. Submitted as a
student's function (trusted code, run in-process with the worker's semantics), each must be
named as exactly its misconception and as no other; correct submissions in several styles are
never diagnosed; wrong ones that no misconception describes get no claim.

Two depths. By default the engine's own pieces diagnose the answers logged while the checks
replay their banked examples (what `dev check` does: quick). Marked slow, `grade_session`
grades each submission end to end with the default examples, hidden checks and shrinking,
whose extra calls the diagnosis sees too: a failing function costs seconds of Hypothesis
shrinking per check, so that depth takes a sample of the library.
"""

import importlib
from pathlib import Path

import numpy as np
import pytest

from autograder.grading.catalog import load_material
from autograder.course import load
from autograder.grading.diagnosis import diagnose
from autograder.grading.engine import Plan, grade_session
from autograder.render.messages import worded
from autograder.grading.property import Proxy, run_check
from autograder.isolation.inprocess import InProcessSession

COURSE = load(Path(__file__).resolve().parents[1])
EXERCISES = [exercise.name for exercise in COURSE.exercises]
# (exercise, function, id) for every misconception in solutions/*/misconceptions.py
LIBRARY = [
    (exercise.name, wrong.function, wrong.id) for exercise in COURSE.exercises for wrong in load_material(COURSE, exercise).misconceptions
]
LIBRARY_IDS = [f"{function}-{id}" for _, function, id in LIBRARY]
FAILING = ("failed", "error")


def submissions(exercise):
    """The hand-written module for an exercise: VARIANTS, CORRECT, UNKNOWN (and REWRITES)."""
    return importlib.import_module(f"diagnosis.variants_{exercise}")


def variant(exercise, function, id):
    variants = submissions(exercise).VARIANTS
    assert (function, id) in variants, f"tests/diagnosis/variants_{exercise}.py: write a variant of {function!r} {id!r}"
    return variants[(function, id)]


def cases(name):
    """pytest params (exercise, function, index) for every function in the modules' `name` dicts."""
    found = []
    for exercise in EXERCISES:
        for function, written in getattr(submissions(exercise), name).items():
            found += [pytest.param(exercise, function, i, id=f"{function}-{f.__name__}") for i, f in enumerate(written)]
    return found


def material_of(plan, exercise):
    return next(m for m in plan.materials if m.exercise.name == exercise)


def graded(plan, exercise, function, implementation):
    """Grade the reference of `exercise` with `implementation` in place of `function`, end to end."""
    material = material_of(plan, exercise)
    table = dict(material.reference)
    table[function] = implementation
    one = Plan(course=plan.course, materials=[material], bank=plan.bank)
    return worded(grade_session(one, InProcessSession({exercise: table}), {material.exercise.file: b""}, student="x"), one.course)


def diagnoses(result, function):
    """The misconception ids on the failing checks of `function` (None for a check without one)."""
    return {c.misconception for c in result.checks if c.function == function and c.outcome in FAILING}


def replayed(plan, exercise, function, implementation):
    """(failed any check, diagnosed id) from the answers logged while the checks replay, no shrinking."""
    material = material_of(plan, exercise)
    table = dict(material.reference)
    table[function] = implementation
    session = InProcessSession({exercise: table})
    graded_function = next(f for f in material.exercise.functions if f.name == function)
    calls, failed = [], False
    for check in plan.checks_for(material, graded_function):
        proxy = Proxy(session, exercise, function)
        verdict = run_check(
            check, proxy, examples=plan.course.grading.examples_per_check, reference=material.reference[function], bank=plan.bank, shrink=False
        )
        calls += proxy.log
        failed = failed or verdict.outcome != "passed"
    found = diagnose(calls, material.reference[function], [m for m in material.misconceptions if m.function == function])
    return failed, found.id if found else None


# --- the library and the variants ----------------------------------------------------------


def test_library_has_misconceptions_to_diagnose():
    assert len(LIBRARY) == len(set(LIBRARY)), "two misconceptions of one function share an id"
    assert {exercise for exercise, _, _ in LIBRARY} == set(EXERCISES)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_misconception_has_a_hand_written_variant_and_no_variant_is_stale(exercise):
    library = {(function, id) for name, function, id in LIBRARY if name == exercise}
    written = set(submissions(exercise).VARIANTS)
    where = f"tests/diagnosis/variants_{exercise}.py"
    assert not library - written, f"{where}: write a variant for {sorted(library - written)}"
    assert not written - library, f"{where}: {sorted(written - library)} are not in the library any more; remove them"


# --- quick: the diagnosis of the replayed examples ----------------------------------------


@pytest.mark.parametrize(("exercise", "function", "id"), LIBRARY, ids=LIBRARY_IDS)
def test_a_variant_is_diagnosed_as_its_misconception_on_the_replayed_examples(plan, exercise, function, id):
    failed, found = replayed(plan, exercise, function, variant(exercise, function, id))
    assert failed, f"the {id!r} variant passes every check of {function}"
    assert found == id


@pytest.mark.parametrize(("exercise", "function", "index"), cases("UNKNOWN"))
def test_a_mistake_no_misconception_describes_gets_no_diagnosis_on_the_replayed_examples(plan, exercise, function, index):
    failed, found = replayed(plan, exercise, function, submissions(exercise).UNKNOWN[function][index])
    assert failed, "the odd function passes every check"
    assert found is None, f"a false claim: diagnosed as {found!r}"


@pytest.mark.parametrize(("exercise", "function", "index"), cases("CORRECT"))
def test_a_correct_submission_passes_and_is_never_diagnosed(plan, exercise, function, index):
    # Cheap end to end: nothing fails, so nothing is shrunk.
    result = graded(plan, exercise, function, submissions(exercise).CORRECT[function][index])
    assert all(c.passed for c in result.checks), [(c.name, c.message) for c in result.checks if not c.passed]
    assert all(c.misconception is None for c in result.checks)


DETERMINISM = [("03_relu", "relu", "float16"), ("03_relu", "relu", "missing-return"), ("04_many_observations", "predict_rows", "rows-consumed")]


@pytest.mark.parametrize(("exercise", "function", "id"), DETERMINISM, ids=[f"{f}-{i}" for _, f, i in DETERMINISM])
def test_the_same_submission_always_gets_the_same_diagnosis(plan, exercise, function, id):
    first = graded(plan, exercise, function, variant(exercise, function, id))
    assert diagnoses(first, function) == {id}
    assert graded(plan, exercise, function, variant(exercise, function, id)) == first


def test_an_unknown_mistake_is_left_undiagnosed_every_time(plan):
    odd = submissions("03_relu").UNKNOWN["relu"][1]
    first = graded(plan, "03_relu", "relu", odd)
    assert diagnoses(first, "relu") == {None}
    assert graded(plan, "03_relu", "relu", odd) == first


# --- the misconception as students often write it ------------------------------------------
# Each rewrite has the misconception and differs from the library's implementation only where
# that implementation's behaviour is incidental (a shape the mistake cannot handle, the
# rounding order of float16, a cast, the slope of a leaky ReLU). The diagnosis asks for
# exactly the student's answer on every call, so the library lists such spellings beside the
# implementation; these rewrites prove the spellings cover what students write.

REWRITES = [(exercise, *key) for exercise in EXERCISES for key in getattr(submissions(exercise), "REWRITES", {})]


@pytest.mark.parametrize(("exercise", "function", "id"), REWRITES, ids=[f"{f}-{i}" for _, f, i in REWRITES])
def test_a_common_rewrite_of_a_misconception_is_diagnosed_as_it(plan, exercise, function, id):
    result = graded(plan, exercise, function, submissions(exercise).REWRITES[(function, id)])
    assert diagnoses(result, function) == {id}


# --- slow: end to end, with the calls shrinking adds ---------------------------------------
# Shrinking costs seconds per failing check, so end to end takes two misconceptions per
# function (the first and the last in the library: about a quarter of it); the quick tests
# above cover every one.

END_TO_END = [
    entry
    for i, entry in enumerate(LIBRARY)
    if i == 0 or i == len(LIBRARY) - 1 or LIBRARY[i - 1][1] != entry[1] or LIBRARY[i + 1][1] != entry[1]
]


@pytest.mark.slow
@pytest.mark.parametrize(("exercise", "function", "id"), END_TO_END, ids=[f"{f}-{i}" for _, f, i in END_TO_END])
def test_a_graded_variant_is_diagnosed_as_its_misconception_and_nothing_else(plan, exercise, function, id):
    result = graded(plan, exercise, function, variant(exercise, function, id))
    failing = [c for c in result.checks if c.function == function and c.outcome in FAILING]
    assert failing, f"the {id!r} variant passes every check of {function}"
    assert diagnoses(result, function) == {id}, [(c.name, c.outcome, c.misconception) for c in failing]
    wrong = next(m for m in material_of(plan, exercise).misconceptions if (m.function, m.id) == (function, id))
    assert all(c.misconception_message == wrong.message and c.misconception_hint == wrong.hint for c in failing)
    # No claim on a passing check; the exercise's other functions (the reference) pass undiagnosed.
    assert all(c.misconception is None for c in result.checks if c not in failing)
    assert all(c.passed for c in result.checks if c.function != function)


@pytest.mark.slow
@pytest.mark.parametrize(("exercise", "function", "index"), [c for c in cases("UNKNOWN") if c.values[2] == 0])
def test_a_graded_mistake_no_misconception_describes_gets_no_diagnosis(plan, exercise, function, index):
    result = graded(plan, exercise, function, submissions(exercise).UNKNOWN[function][index])
    assert diagnoses(result, function) == {None}, "a false claim, or the odd function passes every check"
    assert all(c.misconception is None for c in result.checks)


# --- answers made of parts -----------------------------------------------------------------


def test_answers_made_of_parts_are_the_same_when_every_part_is():
    from autograder.grading.diagnosis import Answer, same_answer

    pair = Answer(value=(np.array([17.5, 37.0, 53.5]), [49.0, 1764.0]))
    assert same_answer(Answer(value=(np.array([17.5, 37.0, 53.5]), [49.0, 1764.0 + 1e-7])), pair)
    assert not same_answer(Answer(value=([49.0, 1764.0], np.array([17.5, 37.0, 53.5]))), pair)
    slopes = Answer(value={"node0": np.array([6.0, 18.0]), "output": np.array([24.0, 0.0])})
    assert same_answer(Answer(value={"output": np.array([24.0, 0.0]), "node0": np.array([6.0, 18.0])}), slopes)
    assert not same_answer(Answer(value={"output": np.array([24.0, 0.0]), "node0": np.array([0.0, 18.0])}), slopes)
    assert not same_answer(Answer(value={"output": np.array([24.0, 0.0])}), slopes)
    # NaN equals NaN here (the same wrong answer), inside a part as well
    assert same_answer(Answer(value=(np.array([1.0]), [float("nan")])), Answer(value=(np.array([1.0]), [float("nan")])))


def test_a_misconception_returning_a_pair_is_named_from_the_calls_logged():
    train = submissions("09_gradient_descent")
    material = load_material(COURSE, COURSE.exercise("09_gradient_descent"))
    args = [(np.array([1.0, 2.0, 3.0]), 0.0, np.array([0.0, 2.0, 1.0]), 0.01, n) for n in (1, 2, 3)]
    from autograder.grading.diagnosis import run_trusted

    wrong = train.VARIANTS[("train", "history-after-update")]
    calls = [(a, run_trusted(wrong, a)) for a in args]
    found = diagnose(calls, material.reference["train"], [m for m in material.misconceptions if m.function == "train"])
    assert found is not None and found.id == "history-after-update"
