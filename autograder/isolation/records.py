"""What crosses from the worker into the grader, as checked values: replies, load results,
the ways a call can fail, and the student's variables. Built only from validated frames."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.isolation import wire
from autograder.isolation.values import VARIABLES

__all__ = ["CallFailed", "LoadResult", "NotebookLoad", "Reply", "StudentRaised", "VARIABLES", "clean_error", "load_result", "plain_variables"]




class CallFailed(BaseException):
    """A call did not produce a value: timeout, crash or broken protocol.

    A BaseException on purpose: Hypothesis must not treat it as a failing example to
    shrink (that would replay a hang or a crash again and again); the engine stops the
    check at once instead.
    """

    def __init__(self, outcome: str, detail: str):
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail

    def __reduce__(self):
        # Rebuilt from both fields when it crosses a process boundary (the class pool).
        return (type(self), (self.outcome, self.detail))


class StudentRaised(Exception):
    """The student's function raised; Hypothesis shrinks these like wrong values."""

    def __init__(self, error: dict):
        super().__init__(error.get("type", "Exception"))
        self.error = error

    def __reduce__(self):
        return (type(self), (self.error,))

    @property
    def not_started(self) -> bool:
        return bool(self.error.get("not_started"))


@dataclass(frozen=True)
class LoadResult:
    ok: bool
    functions: dict = field(default_factory=dict)  # name -> {"present", "callable", "params", "accepts"}
    error: dict | None = None  # {"type", "message", "traceback"} when not ok
    outcome: str = "passed"  # "error", "timeout", "crashed" when the file could not be loaded


@dataclass(frozen=True)
class NotebookLoad:
    results: dict  # exercise -> LoadResult (the same failed LoadResult for all when the run failed)
    cell_errors: dict  # cell index -> {"type", "message", "traceback"}, also for hung cells


@dataclass(frozen=True)
class Reply:
    value: object
    modified: tuple[int, ...]


def clean_error(error) -> dict:
    """Keep only plain strings of bounded size from an error report the worker sent."""
    if not isinstance(error, dict):
        return {"type": "Exception", "message": "", "traceback": [], "not_started": False, "memory": False}
    trace = error.get("traceback")
    return {
        "type": str(error.get("type", "Exception"))[:80],
        "message": str(error.get("message", ""))[:300],
        "traceback": [str(line)[:200] for line in trace[:16]] if isinstance(trace, list) else [],
        "not_started": error.get("not_started") is True,
        "memory": error.get("memory") is True,
    }


def plain_variables(tree, raw) -> tuple[tuple[str, object], ...]:
    """Validated (name, value) pairs from a worker's variables reply: identifiers and values
    that decode; anything else is dropped."""
    try:
        table = wire.decode_value(tree, raw)
    except wire.WireError:
        return ()
    if not isinstance(table, dict):
        return ()
    pairs = []
    for name, value in list(table.items())[:VARIABLES]:
        if isinstance(name, str) and name.isidentifier() and len(name) <= 40 and not isinstance(value, wire.Unsupported):
            pairs.append((name, value))
    return tuple(pairs)


def load_result(header: dict) -> LoadResult:
    if header.get("op") != "loaded":
        return LoadResult(ok=False, outcome="crashed", error={"type": "crashed", "message": "unexpected reply", "traceback": []})
    if header.get("ok") is not True:
        return LoadResult(ok=False, outcome="error", error=clean_error(header.get("error")))
    functions = {}
    raw = header.get("functions")
    if isinstance(raw, dict):
        for name, info in raw.items():
            if not isinstance(info, dict):
                continue
            params = info.get("params")
            functions[str(name)] = {
                "present": info.get("present") is True,
                "callable": info.get("callable") is True,
                "accepts": info.get("accepts") is True,
                "params": [str(p)[:60] for p in params[:12]] if isinstance(params, list) else [],
            }
    return LoadResult(ok=True, functions=functions)
