"""10_backprop written by students who share a misconception but not the library's code."""

import numpy as np


def relu(value):
    return value if value > 0 else 0.0


def _forward(input_data, weights):
    hidden_in = [sum(float(x) * float(w) for x, w in zip(input_data, weights[key])) for key in ("node0", "node1")]
    hidden_out = [relu(z) for z in hidden_in]
    prediction = hidden_out[0] * float(weights["output"][0]) + hidden_out[1] * float(weights["output"][1])
    return hidden_in, hidden_out, prediction


def _hidden_slopes(input_data, sent_back):
    """The slopes of node0 and node1 from the error that reached each hidden node."""
    return {key: np.array([back * float(x) for x in input_data]) for key, back in zip(("node0", "node1"), sent_back)}


def relu_slope_ignored(input_data, target, weights):
    hidden_in, hidden_out, prediction = _forward(input_data, weights)
    error = 2 * (prediction - target)
    sent_back = [error * float(w) for w in weights["output"]]
    return {**_hidden_slopes(input_data, sent_back), "output": np.array([error * h for h in hidden_out])}


def output_slopes_before_relu(input_data, target, weights):
    hidden_in, _, prediction = _forward(input_data, weights)
    error = 2 * (prediction - target)
    sent_back = [error * float(w) * (1.0 if z > 0 else 0.0) for w, z in zip(weights["output"], hidden_in)]
    return {**_hidden_slopes(input_data, sent_back), "output": np.array([error * z for z in hidden_in])}


def no_factor_2(input_data, target, weights):
    hidden_in, hidden_out, prediction = _forward(input_data, weights)
    error = prediction - target
    sent_back = [error * float(w) * (1.0 if z > 0 else 0.0) for w, z in zip(weights["output"], hidden_in)]
    return {**_hidden_slopes(input_data, sent_back), "output": np.array([error * h for h in hidden_out])}


def sign_flipped(input_data, target, weights):
    hidden_in, hidden_out, prediction = _forward(input_data, weights)
    error = 2 * (target - prediction)
    sent_back = [error * float(w) * (1.0 if z > 0 else 0.0) for w, z in zip(weights["output"], hidden_in)]
    return {**_hidden_slopes(input_data, sent_back), "output": np.array([error * h for h in hidden_out])}


def output_weight_missing(input_data, target, weights):
    hidden_in, hidden_out, prediction = _forward(input_data, weights)
    error = 2 * (prediction - target)
    sent_back = [error * (1.0 if z > 0 else 0.0) for z in hidden_in]
    return {**_hidden_slopes(input_data, sent_back), "output": np.array([error * h for h in hidden_out])}


VARIANTS = {
    ("gradients", "relu-slope-ignored"): relu_slope_ignored,
    ("gradients", "output-slopes-before-relu"): output_slopes_before_relu,
    ("gradients", "no-factor-2"): no_factor_2,
    ("gradients", "sign-flipped"): sign_flipped,
    ("gradients", "output-weight-missing"): output_weight_missing,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_loops(input_data, target, weights):
    hidden_in, hidden_out, prediction = _forward(input_data, weights)
    error = 2 * (prediction - target)
    sent_back = [error * float(w) * (1.0 if z > 0 else 0.0) for w, z in zip(weights["output"], hidden_in)]
    return {**_hidden_slopes(input_data, sent_back), "output": np.array([error * h for h in hidden_out])}


def correct_matrices(input_data, target, weights):
    x = np.asarray(input_data, dtype=float)
    layer = np.array([weights["node0"], weights["node1"]], dtype=float)
    z = layer @ x
    a = np.maximum(z, 0)
    out = np.asarray(weights["output"], dtype=float)
    error = 2 * (a @ out - target)
    back = np.outer(error * out * (z > 0), x)
    return {"node0": back[0], "node1": back[1], "output": error * a}


CORRECT = {"gradients": [correct_loops, correct_matrices]}


# --- wrong in ways no misconception describes ----------------------------------------------


def hidden_slopes_swapped(input_data, target, weights):
    right = correct_matrices(input_data, target, weights)
    return {"node0": right["node1"], "node1": right["node0"], "output": right["output"]}


def all_slopes_doubled(input_data, target, weights):
    return {key: 2 * value for key, value in correct_matrices(input_data, target, weights).items()}


UNKNOWN = {"gradients": [hidden_slopes_swapped, all_slopes_doubled]}
