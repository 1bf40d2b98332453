"""Each check's examples, drawn once and replayed for every student.

With a fixed seed and no database, Hypothesis draws the same sequence of examples for a
check whatever the test body does, as long as the body passes: the draws depend only on
the strategy and the seed. So the examples of a passing run can be drawn once (per class,
or once per course version on disk) and replayed for each student; only a student who
fails goes through Hypothesis again, which reproduces the same examples up to the failure
and then shrinks it. `tests/test_bank.py` pins that both paths give identical results.

The cache on disk holds plain data only (the wire encoding, never pickle): one binary file per
check, keyed by the check files, the check's title, the number of examples, and the versions
that decide the draws, with a digest of its content; a file that is not whole, or of another
format version, is drawn again. Reading one is a json.loads and array views, with the text the
grader sends already in it.
"""

from __future__ import annotations

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


# The bank file: MAGIC, the header's length (8 bytes, big-endian), the header (JSON), then the
# arrays' bytes back to back. The header holds each example's arguments twice: as wire trees
# (read in one json.loads) and as the wire text the grader sends (so nothing is encoded again
# per process), with the sizes of each argument's buffers and a digest of everything after it.
MAGIC = b"autograder-bank 2\n"
_LENGTH = 8


def _encode(examples: list[tuple]) -> bytes:
    trees, texts, sizes, blob = [], [], [], []
    for args in examples:
        example_trees, example_texts, example_sizes = [], [], []
        for value in args:
            buffers: list[bytes] = []
            tree = wire.encode_value(value, buffers)
            example_trees.append(tree)
            example_texts.append(json.dumps(tree, separators=(",", ":"), allow_nan=False))
            example_sizes.append([len(b) for b in buffers])
            blob += buffers
        trees.append(example_trees)
        texts.append(example_texts)
        sizes.append(example_sizes)
    body = b"".join(blob)
    content = json.dumps({"trees": trees, "texts": texts, "sizes": sizes}, separators=(",", ":"), allow_nan=False).encode()
    digest = hashlib.sha256(content + body).hexdigest()
    header = json.dumps({"sha256": digest, "length": len(content)}).encode()
    return MAGIC + len(header).to_bytes(_LENGTH, "big") + header + content + body


class _Stale(Exception):
    """A bank file that is not one this version wrote whole: drawn again, never trusted."""


def _decode(data: bytes) -> list[tuple]:
    if not data.startswith(MAGIC):
        raise _Stale("not a bank file of this version")
    view = memoryview(data)
    at = len(MAGIC) + _LENGTH
    length = int.from_bytes(data[len(MAGIC) : at], "big")
    try:
        header = json.loads(bytes(view[at : at + length]))
        start = at + length
        if hashlib.sha256(view[start:]).hexdigest() != header["sha256"]:
            raise _Stale("digest does not match")
        content = json.loads(bytes(view[start : start + header["length"]]))
        offset = start + header["length"]
        decode, ready = wire.decode_request_value, wire.prepared
        examples = []
        for trees, texts, sizes in zip(content["trees"], content["texts"], content["sizes"], strict=True):
            args = []
            for tree, text, lengths in zip(trees, texts, sizes, strict=True):
                buffers = []
                for n in lengths:
                    buffers.append(view[offset : offset + n])
                    offset += n
                # The digest says this is the file as written: the grader's own fast decoder.
                value = decode(tree, buffers)
                _freeze(value)
                ready(value, text, tuple(bytes(b) for b in buffers))
                args.append(value)
            examples.append(tuple(args))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise _Stale(str(error)) from None
    if offset != len(data):
        raise _Stale("trailing bytes")
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
        return f"{digest.hexdigest()[:24]}.bank"

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
                    examples = _decode(candidate.read_bytes())
                except (OSError, _Stale):
                    examples = None
        if examples is None:
            examples = draw_examples(check, count, self.profile)
            if path is not None:
                try:
                    write_atomic(path, _encode(examples))
                except OSError:
                    pass
            for args in examples:
                for value in args:
                    wire.prepare(value)  # sent to every student's worker: encoded once (a read bank file holds it)
        self.memory[memo] = examples
        return examples

    def fact(self, check: Check, count: int, tag: str, compute):
        """A plain-JSON fact about `check` on its examples (`tag` names it and what it depends
        on), computed once and kept beside the examples: grading is deterministic, so every
        process that computes it gets the same value."""
        memo = (check.title, count, tag)
        if memo in self.memory:
            return self.memory[memo]
        name = self._name(check, count).removesuffix(".bank") + "-" + hashlib.sha256(tag.encode()).hexdigest()[:12] + ".json"
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
