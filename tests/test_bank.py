"""The example bank: the draws a check replays are the draws Hypothesis makes, in any process."""

import importlib
import json
import sys

import numpy as np
import pytest

from autograder.grading.bank import ExampleBank, draw_examples
from autograder.grading.catalog import load_material  # installs the memory of composite sources
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


def _bank_file(tmp_path, check, count):
    ExampleBank(grade_profile, cache_dir=tmp_path, key="k").examples(check, count)
    (path,) = tmp_path.glob("*.bank")
    return path


def test_a_bank_file_holds_the_wire_encoding_the_grader_would_send(course, tmp_path):
    from autograder.isolation import wire

    check = load_material(course, course.exercise("05_multilayer")).hidden[0]
    _bank_file(tmp_path, check, 20)
    for args in ExampleBank(grade_profile, cache_dir=tmp_path, key="k").examples(check, 20):
        for value in args:
            buffers: list = []
            tree = wire.encode_value(value, buffers)
            assert wire.argument(value) == wire.Argument.of(json.dumps(tree, separators=(",", ":")), tuple(buffers))


def test_a_bank_file_is_the_same_bytes_when_drawn_again(course, tmp_path):
    check = load_material(course, course.exercise("01_forward_propagation")).hidden[0]
    first = _bank_file(tmp_path / "a", check, 25).read_bytes()
    assert first == _bank_file(tmp_path / "b", check, 25).read_bytes()


@pytest.mark.parametrize("damage", ["flip", "truncate", "older", "empty"])
def test_a_damaged_or_older_bank_file_is_drawn_again_never_trusted(course, tmp_path, damage):
    check = load_material(course, course.exercise("03_relu")).hidden[0]
    path = _bank_file(tmp_path, check, 25)
    good = path.read_bytes()
    data = {
        "flip": good[:-10] + bytes([good[-10] ^ 1]) + good[-9:],
        "truncate": good[: len(good) // 2],
        "older": json.dumps([{"v": {"t": []}, "b": []}]).encode(),
        "empty": b"",
    }[damage]
    path.write_bytes(data)
    examples = ExampleBank(grade_profile, cache_dir=tmp_path, key="k").examples(check, 25)
    assert same(tuple(examples), tuple(draw_examples(check, 25, grade_profile)))
    assert path.read_bytes() == good  # written again as drawn


def test_a_composite_in_a_helper_has_its_source_read_once(monkeypatch):
    """Check files decorate a nested @st.composite on every call of their helper; Hypothesis's
    look at its source (to warn about an unused draw) is remembered per code object."""
    import inspect

    from hypothesis import strategies as st

    reads = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda f: reads.append(f) or real(f))

    def vectors(size):
        @st.composite
        def build(draw):
            return draw(st.lists(st.integers(), min_size=size, max_size=size))

        return build()

    for size in range(50):
        vectors(size)
    assert len(reads) <= 1
