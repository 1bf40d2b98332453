import numpy as np


def relu(input):
    return max(0, input)


def predict_rows(input_rows, weights):
    results = []
    for i in range(len(input_rows) - 1):
        row = input_rows[i]
        hidden = np.array([relu((row * weights["node0"]).sum()), relu((row * weights["node1"]).sum())])
        results.append((hidden * weights["output"]).sum())
    return results
