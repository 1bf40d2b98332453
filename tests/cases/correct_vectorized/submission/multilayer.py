import numpy as np


def relu(input):
    return max(0, input)


def predict_with_network(input_data, weights):
    layer1 = np.maximum(0, np.array([weights["node0_0"], weights["node0_1"]]) @ input_data)
    layer2 = np.maximum(0, np.array([weights["node1_0"], weights["node1_1"]]) @ layer1)
    return np.asarray(weights["output"]) @ layer2
