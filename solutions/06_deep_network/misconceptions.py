"""Known-wrong answers to 06_deep_network, each with the lesson it teaches.

Every implementation has the graded function's signature (input_data, layers).
"""

import numpy as np

from autograder.checks import Misconception

TUTORIAL_LAYERS = [np.array([[2, 4], [4, -5]]), np.array([[-1, 1], [1, 1]]), np.array([[-3, 7]])]


def _relu(values):
    return np.maximum(values, 0)


def _identity(values):
    return values


def _leaky(values):
    return np.where(values > 0, values, 0.01 * values)


def _network(hidden=_relu, last=_identity, first_only=False):
    """forward with the given activations; first_only applies `hidden` after the first layer only."""

    def forward(input_data, layers):
        values = np.asarray(input_data, dtype=np.float64)
        for depth, layer in enumerate(layers):
            values = values @ layer.T
            if depth == len(layers) - 1:
                values = last(values)
            elif depth == 0 or not first_only:
                values = hidden(values)
        return values

    return forward


def transposed_layers(input_data, layers):
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers[:-1]:
        values = _relu(values @ layer)  # only works when every layer is square
    return values @ layers[-1]


def column_convention(input_data, layers):
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers[:-1]:
        values = _relu(layer @ values)  # right for one observation, wrong for rows
    return layers[-1] @ values


def first_row_only(input_data, layers):
    values = np.asarray(input_data, dtype=np.float64)
    if values.ndim == 2:
        values = values[0]
    return _network()(values, layers)


def last_layer_skipped(input_data, layers):
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers[:-1]:
        values = _relu(values @ layer.T)
    return values


def last_layer_popped(input_data, layers):
    last = layers.pop()  # removes the caller's last layer
    values = np.asarray(input_data, dtype=np.float64)
    for layer in layers:
        values = _relu(values @ layer.T)
    return values @ last.T


def layers_reversed(input_data, layers):
    return _network()(input_data, layers[::-1])


def tutorial_layers(input_data, layers):
    return _network()(input_data, TUTORIAL_LAYERS)


def hard_coded_answer(input_data, layers):
    return np.array([182.0])


def truncated(input_data, layers):
    return _network()(input_data, layers).astype(int)


def float16(input_data, layers):
    with np.errstate(all="ignore"):  # float16 overflows above 65504; that is the point
        values = np.asarray(input_data, dtype=np.float16)
        for layer in layers[:-1]:
            values = _relu(values @ layer.astype(np.float16).T)
        return values @ layers[-1].astype(np.float16).T


def _misconception(id, message, hint, implementation, *, common=False):
    return Misconception(function="forward", id=id, message=message, hint=hint, implementation=implementation, common=common)


MISCONCEPTIONS = [
    _misconception(
        "transposed-layers",
        "It looks like each matrix is used the wrong way round (values @ layer), which only works for square layers.",
        "A layer has shape (n_out, n_in): use values @ layer.T (or layer @ values for one observation).",
        transposed_layers,
    ),
    _misconception(
        "relu-on-last-layer",
        "It looks like you applied ReLU after the last layer too; the last layer is the output and stays linear.",
        "Apply relu after every layer except the last one.",
        _network(last=_relu),
        common=True,
    ),
    _misconception(
        "no-activation",
        "It looks like no ReLU is applied between the layers.",
        "Apply relu to the values after every layer except the last one.",
        _network(hidden=_identity),
    ),
    _misconception(
        "relu-after-first-layer-only",
        "It looks like ReLU follows only the first layer; every hidden layer needs it.",
        "Apply relu inside the loop, after each layer except the last one.",
        _network(first_only=True),
    ),
    _misconception(
        "leaky-relu",
        "It looks like negative values are scaled down (a 'leaky' ReLU) rather than set to 0.",
        "Use the relu provided at the top of the file: np.maximum(0, x).",
        _network(hidden=_leaky),
        common=True,
    ),
    _misconception(
        "column-convention",
        "It looks like you compute layer @ values, which is right for one observation but not for a 2-D batch of rows.",
        "For rows of shape (n_rows, n_in), compute values @ layer.T; it works for a 1-D observation too.",
        column_convention,
    ),
    _misconception(
        "first-row-only",
        "It looks like a 2-D batch is treated as a single observation: only its first row is used.",
        "Keep all rows: values @ layer.T computes every row at once, and the result keeps one row per input row.",
        first_row_only,
    ),
    _misconception(
        "last-layer-skipped",
        "It looks like the last layer is never applied: the result is the last hidden layer's values.",
        "After the hidden layers, multiply by the last layer's matrix as well (without relu).",
        last_layer_skipped,
    ),
    _misconception(
        "last-layer-popped",
        "It looks like you pop the last layer off the layers list, which changes the caller's list.",
        "Read the last layer as layers[-1] and loop over layers[:-1]; neither changes the list.",
        last_layer_popped,
    ),
    _misconception(
        "layers-reversed",
        "It looks like the layers are applied from last to first.",
        "Go through layers in the order given: layers[0] reads input_data.",
        layers_reversed,
    ),
    _misconception(
        "tutorial-layers",
        "It looks like you used the lesson's three matrices instead of the layers argument.",
        "Loop over the layers you are given, however many there are.",
        tutorial_layers,
        common=True,
    ),
    _misconception(
        "hard-coded-answer",
        "It looks like you return the lesson's answer, array([182.]), whatever the input.",
        "Compute the result from input_data and layers.",
        hard_coded_answer,
    ),
    _misconception(
        "integer-truncation",
        "It looks like you convert the result to integers, which drops the fractional parts.",
        "Return the float array as it is; do not use astype(int).",
        truncated,
    ),
    _misconception(
        "float16",
        "It looks like you compute in float16, which keeps only about three significant digits.",
        "Let numpy use float64; do not convert to float16.",
        float16,
    ),
]
