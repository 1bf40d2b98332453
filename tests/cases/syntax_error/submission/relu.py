import numpy as np


def relu(input)
    return max(0, input)


def predict_with_relu(input_data, weights):
    return 0
