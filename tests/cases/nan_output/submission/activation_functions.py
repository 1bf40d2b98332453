import numpy as np


def predict_with_tanh(input_data, weights):
    hidden = np.tanh(np.array([(input_data * weights["node0"]).sum(), (input_data * weights["node1"]).sum()]))
    if not hidden.any():
        return np.nan
    return (hidden * weights["output"]).sum() / np.abs(hidden).sum() * np.abs(hidden).sum()
