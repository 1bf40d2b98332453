import numpy as np


def predict_with_tanh(input_data, weights):
    node_0_output = np.tanh((input_data * weights["node0"]).sum())
    node_1_output = np.tanh((input_data * weights["node1"]).sum())
    hidden_layer_outputs = np.array([node_0_output, node_1_output])
    return np.tanh((hidden_layer_outputs * weights["output"]).sum())
