import numpy as np


def forward(input_data, layers):
    values = np.asarray(input_data, dtype=float)
    for index, layer in enumerate(layers):
        values = values @ layer
        if index < len(layers) - 1:
            values = np.maximum(0, values)
    return values
