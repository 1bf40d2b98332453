import numpy as np

# A student who copied weights from a different example and overwrote the argument.


def node_value(input_data, node_weights):
    return (np.asarray(input_data) * np.asarray(node_weights)).sum()


def predict(input_data, weights):
    weights = {"node0": np.array([1, 2]), "node1": np.array([-1, 1]), "output": np.array([2, 1])}
    hidden = np.array([node_value(input_data, weights["node0"]), node_value(input_data, weights["node1"])])
    return node_value(hidden, weights["output"])
