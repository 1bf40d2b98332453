import numpy as np


def relu(input):
    return max(0, input)


def predict_with_relu(input_data, weights):
    hidden = np.array([relu((input_data * weights["node0"]).sum()), relu((input_data * weights["node1"]).sum())])
    return relu((hidden * weights["output"]).sum())
