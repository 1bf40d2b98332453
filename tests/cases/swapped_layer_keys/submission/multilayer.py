import numpy as np


def relu(input):
    return max(0, input)


def predict_with_network(input_data, weights):
    node_0_0 = relu((input_data * weights["node0_0"]).sum())
    node_0_1 = relu((input_data * weights["node1_0"]).sum())
    hidden_0 = np.array([node_0_0, node_0_1])
    node_1_0 = relu((hidden_0 * weights["node0_1"]).sum())
    node_1_1 = relu((hidden_0 * weights["node1_1"]).sum())
    hidden_1 = np.array([node_1_0, node_1_1])
    return (hidden_1 * weights["output"]).sum()
