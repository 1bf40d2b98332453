"""A session that calls *trusted* functions in this process, with the worker's semantics.

For the course's own code only (references, misconceptions in `dev check`): values take
the same wire round trip as a real worker's replies, so a check sees exactly what it would
see from a student, and mutation of arguments is detected the same way.
"""

from __future__ import annotations

import copy

from autograder.isolation import wire
from autograder.isolation.records import LoadResult, Reply, StudentRaised, plain_variables
from autograder.isolation.values import call_watching, describe_error, same, snapshot

__all__ = ["InProcessSession"]


class InProcessSession:
    def __init__(self, functions: dict[str, dict[str, object]]):
        """`functions`: exercise name -> {function name -> callable}."""
        self.functions = functions
        self.isolation = "in-process (trusted course code)"

    def load(self, exercise: str, filename: str, functions: list) -> LoadResult:
        table = self.functions.get(exercise, {})
        info = {}
        for name, _count in functions:
            info[name] = {"present": name in table, "callable": True, "accepts": True, "params": []} if name in table else {"present": False}
        return LoadResult(ok=True, functions=info)

    def call(self, exercise: str, function: str, args: tuple) -> Reply:
        fn = self.functions[exercise][function]
        given = snapshot(list(args))
        pristine = snapshot(given)
        try:
            value = fn(*given)
        except Exception as exc:
            raise StudentRaised(describe_error(exc, "/nonexistent/")) from None
        modified = tuple(i for i, (a, b) in enumerate(zip(pristine, given)) if not same(a, b))
        buffers: list[bytes] = []
        tree = wire.encode_value(value, buffers)
        return Reply(value=wire.decode_value(tree, [memoryview(b) for b in buffers]), modified=modified)

    def call_many(self, exercise: str, function: str, arg_lists: list[tuple]) -> list:
        outcomes = []
        for args in arg_lists:
            try:
                outcomes.append(self.call(exercise, function, args))
            except StudentRaised as raised:
                outcomes.append(raised)
        return outcomes

    def variables(self, exercise: str, function: str, args: tuple) -> tuple[tuple[str, object], ...]:
        _value, _raised, kept = call_watching(self.functions[exercise][function], copy.deepcopy(list(args)))
        buffers: list[bytes] = []
        tree = wire.encode_value(kept, buffers)
        return plain_variables(tree, [memoryview(b) for b in buffers])

    def close(self) -> str:
        return ""
