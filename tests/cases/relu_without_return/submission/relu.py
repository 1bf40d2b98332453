import numpy as np


def relu(input):
    # Calculate the value for the output of the relu function: output
    output = max(0, input)


def predict_with_relu(input_data, weights):
    node_0_output = max(0, (input_data * weights["node0"]).sum())
    node_1_output = max(0, (input_data * weights["node1"]).sum())
    hidden_layer_outputs = np.array([node_0_output, node_1_output])
    return (hidden_layer_outputs * weights["output"]).sum()
