import numpy as np


def relu(x, threshold):
    return max(threshold, x)


def predict_with_relu(input_data):
    return 0
