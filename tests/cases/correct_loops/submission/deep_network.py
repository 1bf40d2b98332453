import numpy as np


def forward_one(row, layers):
    values = [float(v) for v in row]
    for index, layer in enumerate(layers):
        out = []
        for weights in layer:
            total = 0.0
            for v, w in zip(values, weights):
                total += v * float(w)
            out.append(total)
        if index < len(layers) - 1:
            out = [max(0.0, v) for v in out]
        values = out
    return values


def forward(input_data, layers):
    input_data = np.asarray(input_data)
    if input_data.ndim == 1:
        return np.array(forward_one(input_data, layers))
    return np.array([forward_one(row, layers) for row in input_data]).reshape(len(input_data), -1)
