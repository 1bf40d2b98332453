import numpy as np


def relu(input):
    return max(0, input)


def predict_rows(input_rows, weights):
    results = []
    for row in input_rows:
        hidden = np.array([relu((row * weights["node0"]).sum()), relu((row * weights["node1"]).sum())])
        results.append(int((hidden * weights["output"]).sum()))
    return results
