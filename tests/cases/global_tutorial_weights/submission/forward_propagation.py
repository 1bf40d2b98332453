import numpy as np

weights = {"node0": np.array([1, 1]), "node1": np.array([1, -1]), "output": np.array([1, -1])}


def node_value(input_data, node_weights):
    return (input_data * node_weights).sum()


def predict(input_data, weights_given):
    hidden = np.array([(input_data * weights["node0"]).sum(), (input_data * weights["node1"]).sum()])
    return (hidden * weights["output"]).sum()
