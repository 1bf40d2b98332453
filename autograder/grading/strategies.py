"""Hypothesis strategies for numeric data: numbers, vectors, named weights, rows, layers and batches.

Named as plural nouns (Hypothesis style), keyword-only options with `min_`/`max_` pairs.
Generic: the shapes come as arguments, and a course's own vocabulary (which weight keys its
networks have, its worked examples) lives in the course's lesson module (course.toml's
`[course] lesson`), built from these. Values come as numpy users write them: 1-D arrays of
ints or floats, weights as lists or numpy arrays. Magnitudes stay where float64 sums of
products are exact enough for the documented relative tolerance.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "numbers",
    "scale_factors",
    "vectors",
    "input_data",
    "node_weights",
    "weight_dicts",
    "input_rows",
    "layers",
    "batches",
]


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
    """One observation: a 1-D numpy array of `size` ints or floats."""
    return vectors(size=size, min_value=min_value, max_value=max_value, kinds=("array",))


@lru_cache(maxsize=None)
def node_weights(*, size: int = 2, min_value: float = -10, max_value: float = 10):
    """The weights into one node: `size` numbers as a list or a 1-D array."""
    return vectors(size=size, min_value=min_value, max_value=max_value)


def weight_dicts(sizes: Mapping[str, int] | Iterable[tuple[str, int]], *, min_value: float = -10, max_value: float = 10):
    """Dicts of weight vectors, one per key: `sizes` maps each key to its vector's length, in order.

    `weight_dicts({"hidden_a": 2, "hidden_b": 2, "out": 2})` draws a network of two hidden nodes
    and a last node; each vector is a list or a 1-D array, as `node_weights` draws them.
    """
    pairs = tuple(sizes.items()) if isinstance(sizes, Mapping) else tuple(sizes)
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], int) and not isinstance(pair[1], bool) and pair[1] >= 0):
            raise TypeError(f"weight_dicts: sizes={sizes!r} must map each key (a str) to a vector length (an int >= 0)")
    if len({key for key, _ in pairs}) != len(pairs):
        raise TypeError(f"weight_dicts: sizes={sizes!r} names a key twice")
    return _weight_dicts(pairs, min_value, max_value)


@lru_cache(maxsize=None)
def _weight_dicts(pairs: tuple[tuple[str, int], ...], min_value: float, max_value: float):
    return st.fixed_dictionaries({key: node_weights(size=size, min_value=min_value, max_value=max_value) for key, size in pairs})


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
