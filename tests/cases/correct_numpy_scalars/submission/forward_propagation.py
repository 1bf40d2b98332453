import numpy as np


def node_value(input_data, node_weights):
    return np.float64((np.asarray(input_data, dtype=np.float64) * np.asarray(node_weights, dtype=np.float64)).sum())


def predict(input_data, weights):
    hidden_0_value = (input_data * weights["node0"]).sum()
    hidden_1_value = (input_data * weights["node1"]).sum()
    hidden_layer_outputs = np.array([hidden_0_value, hidden_1_value])
    output = (hidden_layer_outputs * weights["output"]).sum()
    return np.float64(output)
