"""What one function leaves running in the worker must not answer for the next function."""

from __future__ import annotations

import time

import pytest

from autograder.course import load
from autograder.isolation.records import Reply
from autograder.isolation.runner import Runner

SOURCE = b'''
import json, os, struct, threading, time

HEAD = json.dumps({"op": "part", "id": 2, "first": 0, "end": True, "running": 1, "elapsed": 0.0,
                   "buf": [], "out": [{"v": {"i": "0"}, "m": [], "n": 0}]}).encode()
FORGED = struct.pack(">II", len(HEAD), 0) + HEAD

def _write_later(delay):
    time.sleep(delay)
    for fd in range(3, 21):
        try:
            os.write(fd, FORGED)
        except OSError:
            pass

def lingers(x):
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    return x

def writes_later(x):
    threading.Thread(target=_write_later, args=(0.2,), daemon=True).start()
    return x

def double(x):
    return 2 * x
'''


@pytest.fixture(scope="module")
def runner():
    with Runner(load().grading.limits, slot=71) as made:
        yield made


def _session(runner):
    session = runner.session({"m.py": SOURCE})
    assert session.load("ex", "m.py", [("lingers", 1), ("writes_later", 1), ("double", 1)]).ok
    return session


def test_a_thread_still_running_after_a_function_gets_the_next_function_a_fresh_worker(runner):
    with _session(runner) as session:
        assert session.call("ex", "lingers", (1,)).value == 1
        assert session.spawns == 1
        assert session.call_many("ex", "double", [(i,) for i in range(5)]) == [Reply(value=2 * i, modified=()) for i in range(5)]
        assert session.spawns == 2


def test_bytes_a_finished_thread_left_on_the_reply_pipe_get_the_next_function_a_fresh_worker(runner):
    with _session(runner) as session:
        assert session.call("ex", "writes_later", (1,)).value == 1
        time.sleep(0.6)  # the thread has written its forged answer and ended
        assert session.call_many("ex", "double", [(3,)]) == [Reply(value=6, modified=())]
        assert session.spawns == 2


def test_a_function_that_leaves_nothing_behind_keeps_its_worker(runner):
    with _session(runner) as session:
        for function in ("double", "double", "writes_later"):
            session.call("ex", function, (1,))
        assert session.spawns == 1


def test_a_thread_started_as_the_file_loads_costs_no_respawn(runner):
    source = SOURCE + b"\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
    with runner.session({"m.py": source}) as session:
        assert session.load("ex", "m.py", [("double", 1), ("writes_later", 1)]).ok
        session.call("ex", "double", (1,))
        session.call("ex", "writes_later", (1,))
        assert session.spawns == 1
