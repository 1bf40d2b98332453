"""Known-wrong answers to 10_backprop, each with the lesson it teaches.

Every implementation has the graded function's signature, gradients(input_data, target,
weights); its docstring is the message a student reads.
"""

import numpy as np

from autograder.checks import misconception


def _parts(input_data, target, weights):
    x = np.asarray(input_data, dtype=np.float64)
    z = np.array([x @ np.asarray(weights["node0"], dtype=np.float64), x @ np.asarray(weights["node1"], dtype=np.float64)])
    out = np.asarray(weights["output"], dtype=np.float64)
    error = 2 * (np.maximum(z, 0) @ out - target)
    return x, z, out, error


def _result(x, back, output):
    return {"node0": back[0] * x, "node1": back[1] * x, "output": output}


@misconception("gradients", id="relu-slope-ignored", hint="Multiply the error sent back to node j by ReLU's slope: 1 if its input is positive, else 0.", common=True)
def relu_slope_ignored(input_data, target, weights):
    """It looks like the error goes back through the ReLU without its slope: a switched-off node
    (input below 0) still passes gradient to its weights, although changing them a little does
    not change the prediction."""
    x, z, out, error = _parts(input_data, target, weights)
    return _result(x, error * out, error * np.maximum(z, 0))


@misconception("gradients", id="output-slopes-before-relu", hint="The output weights multiply the hidden outputs after ReLU: use relu(z), not z.", common=True)
def output_slopes_before_relu(input_data, target, weights):
    """It looks like the slopes of the output weights use the hidden nodes' inputs (before ReLU);
    the output node multiplies the values after ReLU."""
    x, z, out, error = _parts(input_data, target, weights)
    return _result(x, error * out * (z > 0), error * z)


@misconception("gradients", id="no-factor-2", hint="The slope of error² is 2 · error: keep the factor 2.")
def no_factor_2(input_data, target, weights):
    """It looks like the factor 2 is missing: every slope is half of what it should be."""
    x, z, out, error = _parts(input_data, target, weights)
    return _result(x, error / 2 * out * (z > 0), error / 2 * np.maximum(z, 0))


@misconception("gradients", id="sign-flipped", hint="Use error = prediction - target.")
def sign_flipped(input_data, target, weights):
    """It looks like the error is target - prediction: every slope has the wrong sign."""
    x, z, out, error = _parts(input_data, target, weights)
    return _result(x, -error * out * (z > 0), -error * np.maximum(z, 0))


@misconception("gradients", id="output-weight-missing", hint="The error reaches hidden node j through weights['output'][j]: multiply by it.")
def output_weight_missing(input_data, target, weights):
    """It looks like the error is sent back to the hidden nodes without multiplying it by their
    output weights."""
    x, z, out, error = _parts(input_data, target, weights)
    return _result(x, error * np.ones(2) * (z > 0), error * np.maximum(z, 0))
