"""Show values the way a student would type them: `np.array([0, 1])`, `{'node0': [1, 1]}`, `-1.0`."""

from __future__ import annotations

import math

import numpy as np

from autograder.isolation.wire import Unsupported

__all__ = ["literal", "call_literal"]

MAX_CHARS = 400


def _number(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    number = float(value)
    if not math.isfinite(number):
        return {"inf": "inf", "-inf": "-inf"}.get(repr(number), "nan")
    if number == int(number) and abs(number) < 1e16:
        return f"{number:.1f}"
    return repr(number)


def literal(value) -> str:
    text = _literal(value)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 3] + "..."


def _literal(value) -> str:
    if isinstance(value, Unsupported):
        return f"a value of type {value.kind}"
    if value is None:
        return "None"
    if isinstance(value, (bool, int, float, np.generic)) and not isinstance(value, np.ndarray):
        try:
            return _number(value)
        except (TypeError, ValueError, OverflowError):
            return repr(value)
    if isinstance(value, np.ndarray):
        return f"np.array({_nested(value.tolist())})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _nested(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_nested(v) for v in value) + "]"
    try:
        return _number(value)
    except (TypeError, ValueError, OverflowError):
        return repr(value)


def call_literal(function: str, params: tuple[str, ...], args: tuple) -> str:
    """`predict(input_data=np.array([0, 1]), weights={...})`; a lone argument goes unnamed."""
    if len(args) == 1:
        return f"{function}({literal(args[0])})"
    names = list(params) + [f"arg{i}" for i in range(len(params), len(args))]
    return f"{function}(" + ", ".join(f"{n}={literal(a)}" for n, a in zip(names, args)) + ")"
