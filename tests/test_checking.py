"""The comparison every check relies on: the plain-number shortcut decides exactly as numpy does."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.grading.checking import ABS_TOLERANCE, REL_TOLERANCE, Mismatch, expect_close

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(width=16).map(np.float16),
    st.integers(-1000, 1000).map(np.int64),
    st.booleans(),
)


def verdict(got, expected) -> bool:
    try:
        expect_close(got, expected, rule="r")
    except Mismatch:
        return False
    return True


@settings(max_examples=2000, deadline=None)
@given(numbers, numbers, st.floats(min_value=-1e-5, max_value=1e-5))
def test_two_numbers_are_compared_as_numpy_compares_the_same_values_as_arrays(got, expected, nudge):
    # 0-d arrays take the array path; plain numbers take the shortcut.
    for have in (got, got + nudge if isinstance(got, float) else got):
        assert verdict(have, expected) == verdict(np.array(have, dtype=np.float64), np.array(expected, dtype=np.float64))


def numpy_rule(have, want) -> bool:
    """expect_close's array rule written out in numpy, without the float-array shortcut."""
    return have.shape == want.shape and bool(np.all(np.isfinite(have) | ~np.isfinite(want))) and bool(
        np.allclose(have, want, rtol=REL_TOLERANCE, atol=ABS_TOLERANCE, equal_nan=False)
    )


float_arrays = st.integers(0, 4).flatmap(
    lambda n: st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=n, max_size=n).map(lambda v: np.array(v, dtype=np.float64))
)


@settings(max_examples=2000, deadline=None)
@given(float_arrays, float_arrays, st.floats(min_value=-1e-5, max_value=1e-5), st.booleans())
def test_two_float_arrays_are_compared_as_numpy_compares_them(got, expected, nudge, near):
    if near and got.shape == expected.shape:
        got = expected * (1 + nudge) + nudge * 1e-4  # close calls, on both sides of the tolerance
    assert verdict(got, expected) == numpy_rule(got, expected)


def test_an_infinity_or_nan_in_a_float_array_agrees_only_as_numpy_says():
    inf, nan = float("inf"), float("nan")
    for got, expected in [([0.0, 1.0], [inf, 1.0]), ([inf, 1.0], [inf, 1.0]), ([1e308], [inf]), ([-inf], [inf]), ([nan], [nan]), ([1e308, 0.0], [-1e308, 0.0])]:
        got, expected = np.array(got), np.array(expected)
        assert verdict(got, expected) == numpy_rule(got, expected), (got, expected)


def test_a_number_never_stands_in_for_an_array():
    assert not verdict(1.0, np.array([1.0]))
    assert not verdict(np.array([1.0]), 1.0)


def test_nan_agrees_with_nothing_and_infinities_only_with_themselves():
    assert not verdict(float("nan"), float("nan"))
    assert verdict(float("inf"), float("inf"))
    assert not verdict(float("inf"), -float("inf"))
    assert not verdict(float("inf"), 1e308)
    assert not verdict(1e308, float("inf"))


def test_a_rule_reads_on_from_the_function_or_follows_a_colon():
    from autograder.render.messages import _said

    assert _said("relu", "is never negative") == "relu is never negative"
    assert _said("predict_with_relu", "the output node is a plain dot product") == "predict_with_relu: the output node is a plain dot product"
    assert _said("relu", "relu(0) is 0") == "relu: relu(0) is 0"
    assert _said("relu", "relu: keeps 3 as 3") == "relu: keeps 3 as 3"


# --- results made of parts: (weights, history) tuples and dicts of arrays ------------------


def test_a_pair_of_unequal_lengths_is_compared_part_by_part():
    expected = (np.array([17.5, 37.0, 53.5]), [49.0, 1764.0])
    assert verdict((np.array([17.5, 37.0, 53.5]), [49.0, 1764.0 + 1e-7]), expected)
    assert verdict([[17.5, 37.0, 53.5], np.array([49.0, 1764.0])], expected)  # list or array, either part
    assert not verdict((np.array([17.5, 37.0, 53.5]), [49.0, 1765.0]), expected)
    assert not verdict(([49.0, 1764.0], np.array([17.5, 37.0, 53.5])), expected)  # the pair swapped
    assert not verdict((np.array([17.5, 37.0, 53.5]),), expected)
    assert not verdict(np.array([17.5, 37.0, 53.5]), expected)


def test_an_empty_history_matches_an_empty_history_only():
    expected = (np.array([1.0, 2.0]), [])
    assert verdict((np.array([1.0, 2.0]), []), expected)
    assert not verdict((np.array([1.0, 2.0]), [0.0]), expected)


def test_a_dict_matches_when_it_has_the_same_keys_and_every_value_matches():
    expected = {"node0": np.array([6.0, 18.0]), "node1": np.array([0.0, 0.0]), "output": np.array([24.0, 0.0])}
    assert verdict({"output": [24, 0], "node1": [0, 0], "node0": [6, 18]}, expected)  # key order and container do not matter
    assert not verdict({"node0": [6, 18], "node1": [0, 0]}, expected)
    assert not verdict({**expected, "extra": [1.0]}, expected)
    assert not verdict({**expected, "node1": [0.0, 1.0]}, expected)
    assert not verdict({**expected, "node1": [0.0]}, expected)  # each part keeps its shape
    assert not verdict([np.array([6.0, 18.0]), np.array([0.0, 0.0]), np.array([24.0, 0.0])], expected)


def test_nan_inside_a_part_agrees_with_nothing():
    assert not verdict((np.array([1.0]), [float("nan")]), (np.array([1.0]), [float("nan")]))


def test_a_tuple_numpy_reads_as_one_array_keeps_the_array_rule():
    # (weights, history) of equal lengths is one 2 x n array to numpy: compared as before
    assert verdict((np.array([1.0, 2.0]), [3.0, 4.0]), (np.array([1.0, 2.0]), [3.0, 4.0]))
    assert not verdict((np.array([1.0, 2.0]), [3.0, 4.5]), (np.array([1.0, 2.0]), [3.0, 4.0]))
