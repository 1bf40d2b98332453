"""Each check's examples, drawn once and replayed for every student.

With a fixed seed and no database, Hypothesis draws the same sequence of examples for a
check whatever the test body does, as long as the body passes: the draws depend only on
the strategy and the seed. So the examples of a passing run can be drawn once (per class,
or once per course version on disk) and replayed for each student; only a student who
fails goes through Hypothesis again, which reproduces the same examples up to the failure
and then shrinks it. `tests/test_bank.py` pins that both paths give identical results.

The cache on disk holds plain data only (the wire encoding, never pickle), keyed by the
check's title, the number of examples, and the versions that decide the draws.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import hypothesis
import numpy as np
from hypothesis import given, seed

from autograder.isolation import wire
from autograder.grading.checking import Check
from autograder.files import write_atomic

__all__ = ["ExampleBank", "check_seed"]


def _no_local_constants():
    """Hypothesis mixes in literals found in the *local* modules loaded so far (6.13x and later).

    Which modules are loaded depends on what the process did before (a test session, a
    notebook, a class run), so the same check could draw different examples in different
    processes. Grading must not depend on that: draw from Hypothesis' global constants only.
    Hypothesis is pinned; tests/test_bank.py pins that the draws ignore loaded modules.
    """
    from hypothesis.internal.conjecture import providers

    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        empty = providers.Constants()
        providers._get_local_constants = lambda: empty


_no_local_constants()


def check_seed(check: Check) -> int:
    return int.from_bytes(hashlib.sha256(check.title.encode()).digest()[:8], "big")


def draw_examples(check: Check, count: int, profile) -> list[tuple]:
    """The argument tuples a passing run of `check` sees, in order."""
    drawn: list[tuple] = []

    def body(args):
        drawn.append(args)

    seed(check_seed(check))(profile(count)(given(check.examples)(body)))()
    for args in drawn:
        _freeze(args)
    return drawn


def _freeze(value) -> None:
    """Make shared arrays read-only: a check or reference that writes into them is a bug."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (list, tuple)):
        for item in value:
            _freeze(item)
    elif isinstance(value, dict):
        for item in value.values():
            _freeze(item)


def _encode(examples: list[tuple]) -> list:
    out = []
    for args in examples:
        buffers: list[bytes] = []
        tree = wire.encode_value(tuple(args), buffers)
        out.append({"v": tree, "b": [base64.b64encode(b).decode() for b in buffers]})
    return out


def _decode(items: list) -> list[tuple]:
    examples = []
    for item in items:
        buffers = [memoryview(base64.b64decode(b)) for b in item["b"]]
        value = wire.decode_value(item["v"], buffers)
        _freeze(value)
        examples.append(tuple(value))
    return examples


class ExampleBank:
    """Examples per (check, count), in memory and optionally in a cache folder."""

    def __init__(self, profile, cache_dir: Path | None = None, key: str = "", shipped: Path | None = None):
        self.profile = profile
        self.cache_dir = cache_dir
        self.shipped = shipped  # read only: examples that came with the course (a student's bundle)
        self.key = key
        self.memory: dict[tuple, object] = {}  # (title, count) -> examples; (title, count, tag) -> a fact
        self.expected: dict = {}  # the reference's answers on these examples (property._Remembered)

    def _name(self, check: Check, count: int) -> str:
        digest = hashlib.sha256(f"{self.key}|{check.origin}|{hypothesis.__version__}|{np.__version__}|{check.title}|{count}".encode())
        return f"{digest.hexdigest()[:24]}.json"

    def _path(self, check: Check, count: int) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / self._name(check, count)

    def examples(self, check: Check, count: int) -> list[tuple]:
        memo = (check.title, count)
        if memo in self.memory:
            return self.memory[memo]
        path = self._path(check, count)
        examples = None
        for folder in (self.cache_dir, self.shipped):
            candidate = None if folder is None else folder / self._name(check, count)
            if examples is None and candidate is not None and candidate.is_file():
                try:
                    examples = _decode(json.loads(candidate.read_text(encoding="utf-8")))
                except (OSError, ValueError, KeyError, wire.WireError):
                    examples = None
        if examples is None:
            examples = draw_examples(check, count, self.profile)
            if path is not None:
                try:
                    write_atomic(path, json.dumps(_encode(examples)))
                except OSError:
                    pass
        for args in examples:
            for value in args:
                wire.prepare(value)  # sent to every student's worker: encoded once
        self.memory[memo] = examples
        return examples

    def fact(self, check: Check, count: int, tag: str, compute):
        """A plain-JSON fact about `check` on its examples (`tag` names it and what it depends
        on), computed once and kept beside the examples: grading is deterministic, so every
        process that computes it gets the same value."""
        memo = (check.title, count, tag)
        if memo in self.memory:
            return self.memory[memo]
        name = self._name(check, count).replace(".json", "") + "-" + hashlib.sha256(tag.encode()).hexdigest()[:12] + ".json"
        value = _MISSING
        for folder in (self.cache_dir, self.shipped):
            candidate = None if folder is None else folder / name
            if value is _MISSING and candidate is not None and candidate.is_file():
                try:
                    value = json.loads(candidate.read_text(encoding="utf-8"))["value"]
                except (OSError, ValueError, KeyError, TypeError):
                    value = _MISSING
        if value is _MISSING:
            value = compute()
            if self.cache_dir is not None:
                try:
                    write_atomic(self.cache_dir / name, json.dumps({"value": value}))
                except OSError:
                    pass
        self.memory[memo] = value
        return value


_MISSING = object()
