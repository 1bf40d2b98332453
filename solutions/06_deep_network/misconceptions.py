"""Known-wrong answers to 06_deep_network, each with the lesson it teaches.

Every implementation has the graded function's signature (input_data, layers); its docstring
is the message a student reads. Several are the network with one part changed (`_forward`).
"""

import numpy as np

from autograder.checks import misconception

from lesson import DEEP_LAYERS


def _relu(values):
    return np.maximum(values, 0)


def _identity(values):
    return values


def _leaky(values):
    return np.where(values > 0, values, 0.01 * values)


def _forward(input_data, layers, hidden=_relu, last=_identity, first_only=False):
    """forward with the given activations; first_only applies `hidden` after the first layer only."""
    values = np.asarray(input_data, dtype=np.float64)
    for depth, layer in enumerate(layers):
        values = values @ layer.T
        if depth == len(layers) - 1:
            values = last(values)
        elif depth == 0 or not first_only:
            values = hidden(values)
    return values


@misconception(
    "forward",
    id="transposed-layers",
    hint="A layer has shape (n_out, n_in): use values @ layer.T (or layer @ values for one observation).",
)
def transposed_layers(input_data, layers):
    """It looks like each matrix is used the wrong way round (values @ layer), which only works for square layers."""
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers[:-1]:
        values = _relu(values @ layer)  # only works when every layer is square
    return values @ layers[-1]


@misconception("forward", id="relu-on-last-layer", hint="Apply relu after every layer except the last one.", common=True)
def relu_on_last_layer(input_data, layers):
    """It looks like you applied ReLU after the last layer too; the last layer is the output and stays linear."""
    return _forward(input_data, layers, last=_relu)


@misconception("forward", id="no-activation", hint="Apply relu to the values after every layer except the last one.")
def no_activation(input_data, layers):
    """It looks like no ReLU is applied between the layers."""
    return _forward(input_data, layers, hidden=_identity)


@misconception("forward", id="relu-after-first-layer-only", hint="Apply relu inside the loop, after each layer except the last one.")
def relu_after_first_layer_only(input_data, layers):
    """It looks like ReLU follows only the first layer; every hidden layer needs it."""
    return _forward(input_data, layers, first_only=True)


@misconception("forward", id="leaky-relu", hint="Use the relu provided at the top of the file: np.maximum(0, x).", common=True)
def leaky_relu(input_data, layers):
    """It looks like negative values are scaled down (a 'leaky' ReLU) rather than set to 0."""
    return _forward(input_data, layers, hidden=_leaky)


@misconception(
    "forward",
    id="column-convention",
    hint="For rows of shape (n_rows, n_in), compute values @ layer.T; it works for a 1-D observation too.",
)
def column_convention(input_data, layers):
    """It looks like you compute layer @ values, which is right for one observation but not for a 2-D batch of rows."""
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers[:-1]:
        values = _relu(layer @ values)  # right for one observation, wrong for rows
    return layers[-1] @ values


@misconception(
    "forward",
    id="first-row-only",
    hint="Keep all rows: values @ layer.T computes every row at once, and the result keeps one row per input row.",
)
def first_row_only(input_data, layers):
    """It looks like a 2-D batch is treated as a single observation: only its first row is used."""
    values = np.asarray(input_data, dtype=np.float64)
    if values.ndim == 2:
        values = values[0]
    return _forward(values, layers)


@misconception("forward", id="last-layer-skipped", hint="After the hidden layers, multiply by the last layer's matrix as well (without relu).")
def last_layer_skipped(input_data, layers):
    """It looks like the last layer is never applied: the result is the last hidden layer's values."""
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers[:-1]:
        values = _relu(values @ layer.T)
    return values


@misconception("forward", id="last-layer-popped", hint="Read the last layer as layers[-1] and loop over layers[:-1]; neither changes the list.")
def last_layer_popped(input_data, layers):
    """It looks like you pop the last layer off the layers list, which changes the caller's list."""
    last = layers.pop()  # removes the caller's last layer
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers:
        values = _relu(values @ layer.T)
    return values @ last.T


@misconception("forward", id="layers-reversed", hint="Go through layers in the order given: layers[0] reads input_data.")
def layers_reversed(input_data, layers):
    """It looks like the layers are applied from last to first."""
    return _forward(input_data, layers[::-1])


@misconception("forward", id="tutorial-layers", hint="Loop over the layers you are given, however many there are.", common=True)
def tutorial_layers(input_data, layers):
    """It looks like you used the lesson's three matrices instead of the layers argument."""
    return _forward(input_data, DEEP_LAYERS)


@misconception("forward", id="hard-coded-answer", hint="Compute the result from input_data and layers.")
def hard_coded_answer(input_data, layers):
    """It looks like you return the lesson's answer, array([182.]), whatever the input."""
    return np.array([182.0])


@misconception("forward", id="integer-truncation", hint="Return the float array as it is; do not use astype(int).")
def truncated(input_data, layers):
    """It looks like you convert the result to integers, which drops the fractional parts."""
    return _forward(input_data, layers).astype(int)


@misconception("forward", id="float16", hint="Let numpy use float64; do not convert to float16.")
def float16(input_data, layers):
    """It looks like you compute in float16, which keeps only about three significant digits."""
    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        values = np.asarray(input_data, dtype=np.float16)
        for layer in layers[:-1]:
            values = _relu(values @ layer.astype(np.float16).T)
        return values @ layers[-1].astype(np.float16).T
