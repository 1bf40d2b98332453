import numpy as np


def predict_with_tanh(input_data, weights):
    hidden = np.tanh(np.array([np.dot(input_data, weights["node0"]), np.dot(input_data, weights["node1"])]))
    return np.dot(hidden, weights["output"])
