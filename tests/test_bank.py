"""The example bank: the draws a check replays are the draws Hypothesis makes, in any process."""

import importlib
import sys

import numpy as np

from autograder.grading.bank import ExampleBank, draw_examples
from autograder.grading.catalog import load_material
from autograder.grading.property import grade_profile


def same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def test_draws_do_not_depend_on_the_modules_loaded_before(course, tmp_path, monkeypatch):
    check = next(c for c in load_material(course, course.exercise("03_relu")).hidden if c.function == "relu")
    before = draw_examples(check, 100, grade_profile)
    # A local module full of literals: Hypothesis would mix these into its draws.
    (tmp_path / "noisy_constants.py").write_text("VALUES = [" + ", ".join(f"{i}.25, -{i}.5, {i * 7919}" for i in range(300)) + "]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("noisy_constants")
    try:
        after = draw_examples(check, 100, grade_profile)
    finally:
        sys.modules.pop("noisy_constants", None)
    assert same(tuple(before), tuple(after))


def test_cached_draws_equal_fresh_draws(course, tmp_path):
    material = load_material(course, course.exercise("05_multilayer"))
    for check in material.public[:3] + material.hidden[:3]:
        fresh = draw_examples(check, 30, grade_profile)
        ExampleBank(grade_profile, cache_dir=tmp_path, key="k").examples(check, 30)  # writes the cache
        cached = ExampleBank(grade_profile, cache_dir=tmp_path, key="k").examples(check, 30)  # reads it
        assert same(tuple(fresh), tuple(cached)), check.title


def test_drawn_arrays_are_read_only_so_a_check_cannot_corrupt_them(course):
    check = next(c for c in load_material(course, course.exercise("01_forward_propagation")).hidden)
    arrays = [a for args in draw_examples(check, 10, grade_profile) for a in args if isinstance(a, np.ndarray)]
    assert arrays and all(not a.flags.writeable for a in arrays)
