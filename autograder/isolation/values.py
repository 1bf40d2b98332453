"""Values on both sides of the boundary, done the same way: copying and comparing what the grader
sends (to tell whether a function changed its arguments), a student's exception as plain data,
and a call that keeps the function's own local variables.

Imported by the worker, inside the confined child, before any student code runs (so the
numpy functions it uses are the real ones), and by the grader for trusted in-process calls.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import traceback

import numpy as np

__all__ = ["VARIABLES", "call_watching", "describe_error", "same", "snapshot"]

MESSAGE_LIMIT = 300
TRACEBACK_LINES = 12


def _safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # a hostile __str__
        text = "<the exception's message could not be shown>"
    return text[:MESSAGE_LIMIT]


def _student_traceback(exc: BaseException, folder: str) -> list[str]:
    """Only the frames from the student's own files, with paths shown as bare file names."""
    lines: list[str] = []
    try:
        for frame in traceback.extract_tb(exc.__traceback__):
            if not frame.filename.startswith(folder):
                continue
            name = os.path.basename(frame.filename)
            cell = re.fullmatch(r"cell_(\d+)\.py", name)
            where = f"Cell {cell.group(1)}" if cell else f'File "{name}"'
            lines.append(f"  {where}, line {frame.lineno}, in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()[:160]}")
        if isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(folder):
            lines.append(f'  File "{os.path.basename(exc.filename)}", line {exc.lineno}')
            if exc.text:
                lines.append(f"    {exc.text.strip()[:160]}")
    except BaseException:
        pass
    return lines[-TRACEBACK_LINES:]


def describe_error(exc: BaseException, folder: str) -> dict:
    kind = type(exc)
    name = getattr(kind, "__name__", "Exception")
    return {
        "type": name if isinstance(name, str) else "Exception",
        "message": _safe_str(exc),
        "traceback": _student_traceback(exc, folder),
        "not_started": isinstance(exc, NotImplementedError),
        "memory": isinstance(exc, MemoryError),
    }


# Taken when the worker starts, before any student code: a submission may rebind numpy's
# functions at import (np.array_equal = lambda *a, **k: True) to hide what it did to its arguments.
_ndarray = np.ndarray
_array_equal = np.array_equal


_SCALARS = frozenset((bool, int, float, str, type(None)))


def _scalars(items) -> bool:
    """Whether every item is a plain immutable scalar (one pass in C: the commonest list)."""
    return _SCALARS.issuperset(map(type, items))


def snapshot(value):
    """A deep copy of what the grader sends (plain numbers, arrays, lists, tuples, dicts),
    several times cheaper than copy.deepcopy; anything else goes through deepcopy."""
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is _ndarray:
        return value.copy()
    if kind is list:
        return value[:] if _scalars(value) else [snapshot(v) for v in value]
    if kind is tuple:
        return value if _scalars(value) else tuple(snapshot(v) for v in value)
    if kind is dict:
        return {k: snapshot(v) for k, v in value.items()}
    return copy.deepcopy(value)


def same(before, after) -> bool:
    """Whether `after` still equals `before` (a snapshot): arrays by shape and values (NaN equal
    to NaN), containers item by item, anything else by ==."""
    kind = type(before)
    if kind is _ndarray:
        # Fast path: an array of the same type, dtype and shape with the same bytes is unchanged.
        if type(after) is _ndarray and before.dtype == after.dtype and before.shape == after.shape and before.tobytes() == after.tobytes():
            return True
        return isinstance(after, _ndarray) and before.shape == after.shape and bool(_array_equal(before, after, equal_nan=True))
    if kind is float or kind is int:
        if type(after) is kind:
            return before == after
    elif kind is list or kind is tuple:
        if type(after) is not kind or len(after) != len(before):
            return False
        if _scalars(before) and _scalars(after):  # item by item in C, by == as for single numbers below
            return before == after
        for a, b in zip(before, after):
            if not same(a, b):
                return False
        return True
    elif kind is dict:
        if not isinstance(after, dict) or before.keys() != after.keys():
            return False
        for key in before:
            if not same(before[key], after[key]):
                return False
        return True
    if isinstance(before, _ndarray):
        return isinstance(after, _ndarray) and before.shape == after.shape and bool(_array_equal(before, after, equal_nan=True))
    if isinstance(before, (list, tuple)):
        return type(after) is type(before) and len(after) == len(before) and all(same(a, b) for a, b in zip(before, after))
    if isinstance(before, dict):
        return isinstance(after, dict) and before.keys() == after.keys() and all(same(before[k], after[k]) for k in before)
    try:
        return bool(before == after)
    except BaseException:
        return False


# The student's own intermediate values shown beside a failure: plain data only, few and small.
VARIABLES = 12
_PLAIN = (bool, int, float, str, list, tuple, dict, np.ndarray, np.generic, type(None))
_SMALL = 64  # elements of an array or items of a list: a larger value is not shown anyway


def _small(value, depth: int = 0) -> bool:
    if not isinstance(value, _PLAIN) or depth > 3:
        return False
    if isinstance(value, np.ndarray):
        return value.size <= _SMALL
    if isinstance(value, str):
        return len(value) <= 200
    if isinstance(value, (list, tuple)):
        return len(value) <= _SMALL and all(_small(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return len(value) <= _SMALL and all(isinstance(k, str) and _small(v, depth + 1) for k, v in value.items())
    return True


def call_watching(fn, args: list):
    """Call fn(*args) and keep the local variables of its own frame as it returned or raised:
    (returned value or None, raised exception or None, {name: value}). Parameters and names
    starting with "_" are left out; only small plain values (numbers, arrays, lists, dicts) are kept."""
    caller = sys._getframe()
    kept: dict = {}
    seen: list = []  # the function's own frame has returned (a later frame with the same parent is not it)

    def watch(frame, event, _arg):
        if event == "return" and frame.f_back is caller and not seen:
            seen.append(True)
            code = frame.f_code
            params = set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
            for name, value in list(frame.f_locals.items()):
                if len(kept) >= VARIABLES:
                    break
                if name not in params and not name.startswith("_") and _small(value):
                    kept[name] = value

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        value, raised = fn(*args), None
    except BaseException as exc:
        value, raised = None, exc
    finally:
        sys.setprofile(previous)
    return value, raised, kept
