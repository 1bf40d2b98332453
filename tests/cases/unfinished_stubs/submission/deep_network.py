"""Deeper networks: forward propagation through any list of weight matrices, for one or many rows.

A layer is a 2-D array of shape (n_out, n_in) whose row j holds the weights into node j. ReLU
follows every layer except the last one, which is linear.
"""

import numpy as np


def relu(input):
    """Ready-made, correct ReLU, vectorised: np.maximum(0, x) works on a number or elementwise on an array.

    Provided so that a mistake in 03_relu does not carry over; it is not graded here.
    """
    return np.maximum(0, input)


def forward(input_data, layers):
    """Return the output of the last layer after forward propagation through every layer in order.

    Each layer's values are the previous values times the layer's matrix (row j of the matrix
    holds the weights into node j), followed by ReLU on every layer except the last.

    Args:
        input_data: 1-D numpy array of n_in numbers (one observation), or 2-D numpy array of
            shape (n_rows, n_in) (one observation per row).
        layers: list (at least one) of 2-D numpy arrays; layer k has shape (n_out_k, n_in_k),
            and each layer's n_in is the previous layer's n_out.

    Returns:
        A numpy array of floats: shape (n_out,) of the last layer for 1-D input_data, or
        (n_rows, n_out) for 2-D input_data.

    Example:
        layers = [np.array([[2, 4], [4, -5]]), np.array([[-1, 1], [1, 1]]), np.array([[-3, 7]])]
        forward(np.array([3, 5]), layers): [26, -13] -> relu -> [26, 0];
            [-26, 26] -> relu -> [0, 26]; [182] (last layer, no relu) -> returns array([182.])
        forward(np.array([[3, 5], [1, -1]]), layers) returns array([[182.], [36.]])
    """
    # TODO: pass the values through each layer in turn, with relu after all but the last layer.
    raise NotImplementedError("forward is not written yet")
