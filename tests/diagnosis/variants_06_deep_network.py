"""06_deep_network written by students who share a misconception but not the library's code."""

import numpy as np


def relu(values):
    return np.clip(values, 0, None)  # keeps NaN as NaN, as np.maximum does


def _forward(hidden=relu, last=lambda values: values, only_first=False):
    """A student who loops with np.dot, with these activations."""

    def forward(input_data, layers):
        values = np.array(input_data, dtype=float)
        count = len(layers)
        for index in range(count):
            values = np.dot(values, np.transpose(layers[index]))
            if index == count - 1:
                values = last(values)
            elif index == 0 or not only_first:
                values = hidden(values)
        return values

    return forward


def _leaky(values):
    return np.where(values > 0, values, values / 100)


def transposed_layers(input_data, layers):
    values = np.array(input_data, dtype=float)
    *hidden_layers, output_layer = layers
    for weights in hidden_layers:
        values = relu(np.dot(values, weights))  # right only for square layers
    return np.dot(values, output_layer)


def column_convention(input_data, layers):
    values = np.array(input_data, dtype=float)
    for weights in layers[: len(layers) - 1]:
        values = relu(np.dot(weights, values))
    return np.dot(layers[len(layers) - 1], values)


def first_row_only(input_data, layers):
    observation = np.atleast_2d(input_data)[0]  # the one observation, or the batch's first row
    return _forward()(observation, layers)


def last_layer_skipped(input_data, layers):
    values = np.array(input_data, dtype=float)
    for weights in layers[: len(layers) - 1]:
        values = relu(values @ weights.T)
    return values


def last_layer_popped(input_data, layers):
    output_layer = layers[-1]
    del layers[-1]
    values = np.array(input_data, dtype=float)
    for weights in layers:
        values = relu(np.dot(values, weights.T))
    return np.dot(values, output_layer.T)


def layers_reversed(input_data, layers):
    return _forward()(input_data, list(reversed(layers)))


def tutorial_layers(input_data, layers):
    lesson = [np.array([[2.0, 4.0], [4.0, -5.0]]), np.array([[-1.0, 1.0], [1.0, 1.0]]), np.array([[-3.0, 7.0]])]
    return _forward()(input_data, lesson)


def hard_coded_answer(input_data, layers):
    return np.full(1, 182.0)


def integer_truncation(input_data, layers):
    return np.trunc(_forward()(input_data, layers))


def float16(input_data, layers):
    with np.errstate(all="ignore"):
        values = np.array(input_data, dtype=np.float16)
        for weights in layers[:-1]:
            values = np.clip(np.dot(values, np.transpose(weights).astype(np.float16)), 0, None)
        return np.dot(values, np.transpose(layers[-1]).astype(np.float16))


VARIANTS = {
    ("forward", "transposed-layers"): transposed_layers,
    ("forward", "relu-on-last-layer"): _forward(last=relu),
    ("forward", "no-activation"): _forward(hidden=lambda values: values),
    ("forward", "relu-after-first-layer-only"): _forward(only_first=True),
    ("forward", "leaky-relu"): _forward(hidden=_leaky),
    ("forward", "column-convention"): column_convention,
    ("forward", "first-row-only"): first_row_only,
    ("forward", "last-layer-skipped"): last_layer_skipped,
    ("forward", "last-layer-popped"): last_layer_popped,
    ("forward", "layers-reversed"): layers_reversed,
    ("forward", "tutorial-layers"): tutorial_layers,
    ("forward", "hard-coded-answer"): hard_coded_answer,
    ("forward", "integer-truncation"): integer_truncation,
    ("forward", "float16"): float16,
}


# --- correct answers, several styles -------------------------------------------------------


def correct_dot(input_data, layers):
    return _forward()(input_data, layers)


def correct_einsum(input_data, layers):
    values = np.asarray(input_data, dtype=float)
    for depth, weights in enumerate(layers):
        values = np.einsum("...i,oi->...o", values, weights)
        if depth < len(layers) - 1:
            values = np.maximum(values, 0)
    return values


def correct_rows_by_hand(input_data, layers):
    data = np.asarray(input_data, dtype=float)
    rows = data if data.ndim == 2 else data[np.newaxis, :]
    results = []
    for row in rows:
        values = list(row)
        for depth, weights in enumerate(layers):
            values = [sum(v * w for v, w in zip(values, node)) for node in weights]
            if depth < len(layers) - 1:
                values = [max(0.0, v) for v in values]
        results.append(values)
    out = np.array(results, dtype=float).reshape(len(rows), layers[-1].shape[0])
    return out if data.ndim == 2 else out[0]


CORRECT = {"forward": [correct_dot, correct_einsum, correct_rows_by_hand]}


# --- wrong in ways no misconception describes ----------------------------------------------


def plus_one(input_data, layers):
    return correct_dot(input_data, layers) + 1


def sorted_output(input_data, layers):
    return np.sort(correct_dot(input_data, layers) * -1.5, axis=-1)


def relu_skips_the_first_layer(input_data, layers):
    values = np.asarray(input_data, dtype=float)
    for depth, weights in enumerate(layers):
        values = values @ weights.T
        if 0 < depth < len(layers) - 1:
            values = np.maximum(values, 0)
    return values


UNKNOWN = {"forward": [plus_one, sorted_output, relu_skips_the_first_layer]}
