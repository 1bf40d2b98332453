"""The comparison every check relies on: the plain-number shortcut decides exactly as numpy does."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.grading.checking import Mismatch, expect_close

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
