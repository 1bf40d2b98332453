import numpy as np


def relu(input):
    return input if input > 0 else 0.01 * input


def predict_with_relu(input_data, weights):
    hidden = np.array([relu((input_data * weights["node0"]).sum()), relu((input_data * weights["node1"]).sum())])
    return (hidden * weights["output"]).sum()
