import numpy as np


def relu(input):
    return max(0, input)

# predict_with_relu is not written yet
