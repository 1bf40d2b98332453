import numpy as np


def node_value(input_data, node_weights):
    return (input_data * node_weights).sum()


def predict(input_data, weights):
    node_0_value = (input_data * weights["node0"]).sum()
    return node_0_value * weights["output"][0]
