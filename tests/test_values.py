"""Telling whether a function changed its arguments: the worker's copy and comparison."""

import numpy as np

from autograder.isolation.values import same, snapshot


def test_a_list_whose_numbers_became_equal_numpy_scalars_is_unchanged():
    # weights[i] = weights[i] - 0 * slope turns 9 into np.float64(9.0): the same value
    assert same([9], [np.float64(9.0)])
    assert same([9, 2.5], [9.0, 2.5])


def test_a_list_of_numbers_changed_in_place_is_seen():
    before = [1.0, 2.0, 3.0]
    after = snapshot(before)
    after[1] = 2.5
    assert not same(before, after)
    assert not same(before, [1.0, 2.0])
    assert not same(before, (1.0, 2.0, 3.0))


def test_a_number_replaced_by_an_array_is_a_change_not_an_error():
    assert not same([1.0, 2.0], [1.0, np.array([2.0, 3.0])])


def test_a_snapshot_of_nested_values_is_deep():
    value = [[1.0, 2.0], {"w": np.array([1.0])}, (3, 4)]
    copied = snapshot(value)
    value[0][0] = 9.0
    value[1]["w"][0] = 9.0
    assert copied == [[1.0, 2.0], {"w": copied[1]["w"]}, (3, 4)] and copied[1]["w"][0] == 1.0
    assert not same(copied, value)
