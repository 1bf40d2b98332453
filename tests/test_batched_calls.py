"""The batched call channel: one request and one answer per batch, each call still on its own clock."""

from __future__ import annotations

import dataclasses
import time

import pytest

from autograder.course import load
from autograder.isolation.records import CallFailed, Reply
from autograder.isolation.runner import Runner

SOURCE = b'''
import gc, json, os, struct, sys, time

def _fd():
    kind = sys.modules["autograder.isolation.worker"].Worker
    return next(o for o in gc.get_objects() if isinstance(o, kind)).resp_fd

def f(x):
    if x == 37:
        while True:
            pass
    if x == 40:
        os._exit(3)
    return x * 2

def _batch():
    kind = sys.modules["autograder.isolation.worker"]._Batch
    return next(o for o in gc.get_objects() if isinstance(o, kind))

def slow(x):
    time.sleep(0.6)
    return x

def oversize(x):
    if x == 2:  # a frame that says its header is far larger than any the grader accepts
        os.write(_fd(), struct.pack(">II", 1 << 30, 0) + b"{")
    return x

def repeat(x):
    if x == 2:  # a well-formed part of the very batch running, answering call 0 before the worker does
        head = json.dumps({"op": "part", "id": _batch().ident, "first": 0, "end": False, "running": 1, "elapsed": 0.0, "buf": [], "out": [{"v": {"i": "7"}, "m": [], "n": 0}]}).encode()
        os.write(_fd(), struct.pack(">II", len(head), 0) + head)
    return x

def forge(x):
    if x == 3:
        head = json.dumps({"op": "part", "id": 10**6, "first": 0, "end": True, "running": 0, "elapsed": 0.0, "buf": [], "out": []}).encode()
        os.write(_fd(), struct.pack(">II", len(head), 0) + head)
    return x
'''


@pytest.fixture(scope="module")
def runner():
    limits = dataclasses.replace(load().grading.limits, call_timeout_s=1.0)
    with Runner(limits, slot=70) as made:
        yield made


def _session(runner):
    session = runner.session({"m.py": SOURCE})
    assert session.load("ex", "m.py", [("f", 1), ("forge", 1), ("slow", 1), ("oversize", 1), ("repeat", 1)]).ok
    return session


def test_a_hang_in_the_middle_keeps_the_answers_before_it(runner):
    with _session(runner) as session:
        start = time.monotonic()
        got = session.call_many("ex", "f", [(i,) for i in range(30, 39)])
        took = time.monotonic() - start
        assert [o.value for o in got[:7]] == [60, 62, 64, 66, 68, 70, 72]
        assert len(got) == 8 and isinstance(got[-1], CallFailed) and got[-1].outcome == "timeout"
        assert 0.9 < took < 2.5
        assert session.call("ex", "f", (5,)) == Reply(value=10, modified=())  # a fresh worker answers


def test_a_crash_in_the_middle_costs_only_the_rest_of_the_batch(runner):
    with _session(runner) as session:
        got = session.call_many("ex", "f", [(i,) for i in (1, 2, 40, 3)])
        assert isinstance(got[-1], CallFailed) and got[-1].outcome == "crashed"
        assert len(got) <= 3
        assert session.call("ex", "f", (4,)).value == 8


def test_a_forged_answer_ends_the_batch_as_crashed(runner):
    with _session(runner) as session:
        got = session.call_many("ex", "forge", [(i,) for i in range(6)])
        assert isinstance(got[-1], CallFailed) and got[-1].outcome == "crashed"
        assert session.call("ex", "f", (1,)).value == 2


def test_each_call_of_a_batch_has_its_own_time_limit_counted_from_its_start(runner):
    # four calls of 0.6 s under a 1 s limit: 2.4 s for the batch, and no call over its limit
    with _session(runner) as session:
        got = session.call_many("ex", "slow", [(i,) for i in range(4)])
        assert [o.value for o in got] == [0, 1, 2, 3]


def test_an_oversized_frame_from_the_worker_ends_the_batch_as_crashed_without_reading_it(runner):
    with _session(runner) as session:
        start = time.monotonic()
        got = session.call_many("ex", "oversize", [(i,) for i in range(5)])
        assert isinstance(got[-1], CallFailed) and got[-1].outcome == "crashed"
        assert time.monotonic() - start < 5  # refused from the length prefix, not waited for
        assert session.call("ex", "f", (1,)).value == 2


def test_a_repeated_part_of_the_running_batch_ends_it_as_crashed(runner):
    # the forged part is taken as the student's own answer to call 0 (theirs to give); the
    # worker's real part then repeats outcomes already received
    with _session(runner) as session:
        got = session.call_many("ex", "repeat", [(i,) for i in range(5)])
        assert [o.value for o in got[:-1]] == [7]
        assert isinstance(got[-1], CallFailed) and got[-1].outcome == "crashed" and "repeated or out of order" in got[-1].detail
        assert session.call("ex", "f", (3,)).value == 6


def test_a_reply_record_written_directly_is_the_generic_encoding():
    """The worker writes floats and plain arrays as records directly (its hot path); the text
    must be what the generic encoder gives, so the grader reads the same values."""
    import json

    import numpy as np

    from autograder.isolation import wire

    generic = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
    values = [1.5, -0.0, np.float64(3.25), np.float64(-0.0), np.float32(2.0), np.arange(6.0).reshape(2, 3),
              np.array(3.0), np.array([1, 2], dtype=np.int32), np.zeros((0, 3)), [1.0], {"a": np.ones(2)}]
    for value in values:
        for modified in ([], [0, 2]):
            fast, slow = [], []
            text = wire.outcome_record(value, modified, fast)
            assert text == generic({"v": wire.encode_value(value, slow), "m": modified, "n": len(slow)}), value
            assert fast == slow
