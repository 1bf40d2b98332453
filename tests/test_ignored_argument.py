"""An argument the student's function never reads is named, in every exercise, from the calls
the checks already made: "gives the same answer whatever `weights` is".

The implementations below hard-code values that are *not* the lesson's (those have their
own misconception), or read only the shape of an argument and not its values.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.grading.diagnosis import Answer, ignored_argument
from autograder.grading.engine import Plan, grade_session
from autograder.render.messages import worded
from autograder.isolation.inprocess import InProcessSession
from autograder.render.messages import check_text


def _relu(x):
    return max(0.0, x)


def node_value_own_weights(input_data, node_weights):
    return float((np.asarray(input_data, dtype=float) * np.arange(1, len(input_data) + 1)).sum())


def predict_ones_as_input(input_data, weights):
    ones = np.ones(len(input_data))
    hidden = [(ones * np.asarray(weights[k], dtype=float)).sum() for k in ("node0", "node1")]
    return float(np.dot(hidden, weights["output"]))


def predict_with_tanh_own_weights(input_data, weights):
    total = float(np.sum(input_data))
    return 2 * np.tanh(total) - np.tanh(0.5 * total)


def predict_with_relu_own_weights(input_data, weights):
    total = float(np.sum(input_data))
    return 3 * _relu(total) + _relu(-2 * total)


def predict_rows_own_weights(input_rows, weights):
    return [2 * _relu(float(np.sum(row))) - _relu(float(-np.sum(row))) for row in input_rows]


def predict_with_network_own_weights(input_data, weights):
    total = float(np.sum(input_data))
    first = [_relu(total), _relu(-total)]
    second = [_relu(first[0] - first[1]), _relu(first[0] + 2 * first[1])]
    return 2 * second[0] - second[1]


def forward_own_layers(input_data, layers):
    x = np.asarray(input_data, dtype=float)
    return 2 * np.maximum(x.sum(axis=-1, keepdims=True), 0)


VARIANTS = [
    ("01_forward_propagation", "node_value", node_value_own_weights, "node_weights"),
    ("01_forward_propagation", "predict", predict_ones_as_input, "input_data"),
    ("02_activation_functions", "predict_with_tanh", predict_with_tanh_own_weights, "weights"),
    ("03_relu", "predict_with_relu", predict_with_relu_own_weights, "weights"),
    ("04_many_observations", "predict_rows", predict_rows_own_weights, "weights"),
    ("05_multilayer", "predict_with_network", predict_with_network_own_weights, "weights"),
    ("06_deep_network", "forward", forward_own_layers, "layers"),
]


@pytest.mark.parametrize("exercise, function, implementation, param", VARIANTS, ids=[v[2].__name__ for v in VARIANTS])
def test_an_argument_the_function_never_reads_is_named(course, plan, exercise, function, implementation, param):
    material = next(m for m in plan.materials if m.exercise.name == exercise)
    table = dict(material.reference, **{function: implementation})
    one = Plan(course=course, materials=[material], bank=plan.bank, shrink=False)
    result = worded(grade_session(one, InProcessSession({exercise: table}), {material.exercise.file: b""}, student="s"), one.course)
    failed = [c for c in result.checks if c.function == function and not c.passed]
    assert failed and {c.misconception for c in failed} == {f"ignores-{param}"}
    assert f"gives the same answer whatever `{param}` is" in check_text(failed[0])


def test_an_argument_that_changes_the_answer_is_never_called_ignored():
    # Wrong (doubled) but it reads both arguments: no claim.
    calls = [((x, w), Answer(value=2 * x * w)) for x in (1.0, 2.0) for w in (1.0, 3.0)]
    assert ignored_argument(calls, lambda x, w: x * w) is None


def test_an_argument_is_ignored_only_where_the_reference_answer_changes():
    # Same answer when w changes, but so is the reference's (w only matters for x != 0).
    calls = [((0.0, w), Answer(value=0.0)) for w in (1.0, 3.0)]
    assert ignored_argument(calls, lambda x, w: x * w) is None
    calls += [((2.0, w), Answer(value=5.0)) for w in (1.0, 3.0)]
    assert ignored_argument(calls, lambda x, w: x * w) == 1
