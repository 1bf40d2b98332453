import numpy as np


def node_value(input_data, node_weights):
    return np.dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = np.array([node_value(input_data, weights["node0"]), node_value(input_data, weights["node1"])])
    return np.dot(hidden, weights["output"])
