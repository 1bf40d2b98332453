"""The lesson's vocabulary, written once: its networks' weight keys and shapes, its worked examples.

course.toml names this file (`[course] lesson = "exercises/lesson.py"`), so every checks file,
hidden check and misconception imports it by name, `from lesson import NETWORK, weights`, and
it ships to students with the public checks. The kit's strategies are generic; the shapes of
this lesson's networks are said here.
"""

import numpy as np

from autograder.checks import weight_dicts

# --- the networks: each weight key and the number of values it multiplies -----------------


def one_hidden_layer(n_inputs=2):
    """Exercises 01-04: hidden nodes node0 and node1 read the input; the output node reads both."""
    return {"node0": n_inputs, "node1": n_inputs, "output": 2}


def two_hidden_layers(n_inputs=2):
    """Exercise 05: node0_0 and node0_1 read the input, node1_0 and node1_1 the first hidden layer,
    the output node the second (in node0_1 the first digit is the layer, the second the node)."""
    return {"node0_0": n_inputs, "node0_1": n_inputs, "node1_0": 2, "node1_1": 2, "output": 2}


def weights(*, n_inputs=2, min_value=-10, max_value=10):
    """Weights of a `one_hidden_layer` network for `n_inputs` inputs, each a list or a 1-D array."""
    return weight_dicts(one_hidden_layer(n_inputs), min_value=min_value, max_value=max_value)


def network_weights(*, n_inputs=2, min_value=-10, max_value=10):
    """Weights of a `two_hidden_layers` network for `n_inputs` inputs, each a list or a 1-D array."""
    return weight_dicts(two_hidden_layers(n_inputs), min_value=min_value, max_value=max_value)


# --- worked examples: the numbers the READMEs and stubs work through -----------------------

# Exercises 01-03: a customer who is 40 and not retired, and the network that predicts for them.
# Hidden layer [40, 40], prediction 40*1 + 40*(-1) = 0 (with tanh 0.0, with ReLU 0).
CUSTOMER = np.array([40, 0])
NETWORK = {"node0": [1, 1], "node1": [1, -1], "output": [1, -1]}

# Exercise 04: four customers at once, one prediction per row, with ReLU on the hidden layer.
ROWS = [np.array([3, 5]), np.array([1, -1]), np.array([0, 0]), np.array([8, 4])]
ROWS_NETWORK = {"node0": [2, 4], "node1": [4, -5], "output": [2, 7]}
ROWS_PREDICTIONS = [52, 63, 0, 148]

# Exercises 05 and 06: one network with two hidden ReLU layers, as a dict (05) and as the
# matrices of shape (n_out, n_in) that 06 takes. Layers [26, 0], then [0, 26], then 182.
DEEP_INPUT = np.array([3, 5])
DEEP_NETWORK = {"node0_0": [2, 4], "node0_1": [4, -5], "node1_0": [-1, 1], "node1_1": [1, 1], "output": [-3, 7]}
DEEP_LAYERS = [np.array([[2, 4], [4, -5]]), np.array([[-1, 1], [1, 1]]), np.array([[-3, 7]])]
DEEP_PREDICTION = 182
