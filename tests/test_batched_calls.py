"""The batched call channel: one request and one answer per batch, each call still on its own clock."""

from __future__ import annotations

import dataclasses
import time

import pytest

from autograder.course import load
from autograder.isolation.records import CallFailed, Reply
from autograder.isolation.runner import Runner

SOURCE = b'''
import gc, json, os, struct, sys

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
    assert session.load("ex", "m.py", [("f", 1), ("forge", 1)]).ok
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
