import numpy as np


def relu(input):
    return max(0, input)


def predict_with_relu(input_data, weights):
    # "Apply ReLU to the weights" by clipping in place: changes the caller's arrays.
    node_0 = relu((input_data * weights["node0"]).sum())
    node_1 = relu((input_data * weights["node1"]).sum())
    hidden = np.array([node_0, node_1])
    output = weights["output"]
    output[0] = output[0]  # harmless
    input_data *= 1
    input_data[input_data < 0] = 0
    return (hidden * output).sum()
