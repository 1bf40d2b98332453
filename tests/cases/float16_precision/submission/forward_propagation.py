import numpy as np


def node_value(input_data, node_weights):
    return (np.asarray(input_data, dtype=np.float16) * np.asarray(node_weights, dtype=np.float16)).sum()


def predict(input_data, weights):
    hidden = np.array([node_value(input_data, weights["node0"]), node_value(input_data, weights["node1"])])
    return node_value(hidden, weights["output"])
