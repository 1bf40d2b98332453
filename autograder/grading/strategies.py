"""Hypothesis strategies for the lesson's data: numbers, input data, weights, rows and layers.

Named as plural nouns (Hypothesis style), keyword-only options with `min_`/`max_` pairs.
Values come as the lesson writes them: input data as 1-D numpy arrays, weights as lists or
numpy arrays of ints or floats. Magnitudes stay where float64 sums of products are exact
enough for the documented relative tolerance.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "numbers",
    "scale_factors",
    "vectors",
    "input_data",
    "node_weights",
    "weights",
    "network_weights",
    "input_rows",
    "layers",
    "batches",
    "NETWORK_KEYS",
]

NETWORK_KEYS = ("node0_0", "node0_1", "node1_0", "node1_1", "output")


# Cached: check files build strategies inside flatmap lambdas, and building one is
# far slower than drawing from it.
@lru_cache(maxsize=None)
def numbers(*, min_value: float = -1000, max_value: float = 1000, integers: bool = True, floats: bool = True):
    """Python ints and floats (never NaN or infinite) in [min_value, max_value]."""
    parts = []
    if integers:
        parts.append(st.integers(int(np.ceil(min_value)), int(np.floor(max_value))))
    if floats:
        parts.append(st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False))
    return st.one_of(*parts)


@lru_cache(maxsize=None)
def scale_factors(*, min_value: float = 0.5, max_value: float = 8.0):
    """Positive factors that are exact in binary (so c * x is exact): 0.5, 1, 1.5, 2, ... ."""
    lo, hi = int(min_value * 2), int(max_value * 2)
    return st.integers(max(lo, 1), hi).map(lambda k: k / 2)


def _as_kind(values: list, kind: str, integer: bool):
    if kind == "list":
        return list(values)
    return np.array(values, dtype=np.int64 if integer else np.float64)


@lru_cache(maxsize=None)
def vectors(*, size: int, min_value: float = -100, max_value: float = 100, kinds=("array", "list")):
    """A vector of `size` numbers, all ints or all floats, as a numpy array or a list."""

    @st.composite
    def build(draw):
        integer = draw(st.booleans())
        element = numbers(min_value=min_value, max_value=max_value, integers=integer, floats=not integer)
        values = draw(st.lists(element, min_size=size, max_size=size))
        kind = draw(st.sampled_from(kinds))
        return _as_kind(values, kind, integer)

    return build()


@lru_cache(maxsize=None)
def input_data(*, size: int = 2, min_value: float = -100, max_value: float = 100):
    """One observation, as in the lesson: a 1-D numpy array of ints or floats."""
    return vectors(size=size, min_value=min_value, max_value=max_value, kinds=("array",))


@lru_cache(maxsize=None)
def node_weights(*, size: int = 2, min_value: float = -10, max_value: float = 10):
    """The weights into one node: a list or a 1-D array."""
    return vectors(size=size, min_value=min_value, max_value=max_value)


@lru_cache(maxsize=None)
def weights(*, n_inputs: int = 2, min_value: float = -10, max_value: float = 10):
    """A network with one hidden layer of two nodes: keys node0, node1 and output."""
    return st.fixed_dictionaries(
        {
            "node0": node_weights(size=n_inputs, min_value=min_value, max_value=max_value),
            "node1": node_weights(size=n_inputs, min_value=min_value, max_value=max_value),
            "output": node_weights(size=2, min_value=min_value, max_value=max_value),
        }
    )


@lru_cache(maxsize=None)
def network_weights(*, min_value: float = -10, max_value: float = 10):
    """Two hidden layers of two nodes: node0_0, node0_1, node1_0, node1_1 and output."""
    return st.fixed_dictionaries(
        {key: node_weights(size=2, min_value=min_value, max_value=max_value) for key in NETWORK_KEYS}
    )


@lru_cache(maxsize=None)
def input_rows(*, size: int = 2, min_rows: int = 0, max_rows: int = 6, min_value: float = -100, max_value: float = 100):
    """Many observations: a list of 1-D numpy arrays, one per row."""
    return st.lists(input_data(size=size, min_value=min_value, max_value=max_value), min_size=min_rows, max_size=max_rows)


@st.composite
def layers(
    draw,
    *,
    n_inputs: int | None = None,
    min_layers: int = 1,
    max_layers: int = 4,
    min_width: int = 1,
    max_width: int = 5,
    min_value: float = -5,
    max_value: float = 5,
):
    """A list of 2-D float weight arrays of shapes (n_out, n_in) that chain together.

    With `n_inputs` None the input width is drawn too; read it from `layers[0].shape[1]`.
    """
    depth = draw(st.integers(min_layers, max_layers))
    width_in = n_inputs if n_inputs is not None else draw(st.integers(min_width, max_width))
    stack = []
    for _ in range(depth):
        width_out = draw(st.integers(min_width, max_width))
        integer = draw(st.booleans())
        element = numbers(min_value=min_value, max_value=max_value, integers=integer, floats=not integer)
        values = draw(st.lists(element, min_size=width_in * width_out, max_size=width_in * width_out))
        stack.append(np.array(values, dtype=np.float64).reshape(width_out, width_in))
        width_in = width_out
    return stack


@lru_cache(maxsize=None)
def batches(*, n_inputs: int, min_rows: int = 1, max_rows: int = 5, min_value: float = -10, max_value: float = 10):
    """Several observations as one 2-D float array of shape (n_rows, n_inputs)."""

    @st.composite
    def build(draw):
        rows = draw(st.integers(min_rows, max_rows))
        values = draw(
            st.lists(
                numbers(min_value=min_value, max_value=max_value),
                min_size=rows * n_inputs,
                max_size=rows * n_inputs,
            )
        )
        return np.array(values, dtype=np.float64).reshape(rows, n_inputs)

    return build()
