"""The fork server: a process that has imported numpy once and forks confined workers fast.

Started by the runner with a control socket. It imports only public modules (numpy, the
worker, the confinement code) and never the hidden reference or checks, because every
worker it forks inherits its memory. For each `spawn` request it makes three pipes, forks,
and hands the grader's ends back over the socket (SCM_RIGHTS); the child confines itself
and then serves requests. Forking a warm process costs a few ms instead of a new
interpreter's ~60 ms, and needs no access to the interpreter's files after confinement.
"""

from __future__ import annotations

# Modules a student may reasonably import, loaded now: after confinement the worker may be
# unable to read the interpreter's files (another uid, Landlock), so they must be in memory.
import collections  # noqa: F401
import dataclasses
import copy  # noqa: F401
import datetime  # noqa: F401
import decimal  # noqa: F401
import enum  # noqa: F401
import fractions  # noqa: F401
import functools  # noqa: F401
import heapq  # noqa: F401
import itertools  # noqa: F401
import json
import math  # noqa: F401
import numbers  # noqa: F401
import operator  # noqa: F401
import os
import pprint  # noqa: F401
import random  # noqa: F401
import re  # noqa: F401
import select
import signal
import socket
import statistics  # noqa: F401
import string  # noqa: F401
import sys
import textwrap  # noqa: F401
import time  # noqa: F401
import typing  # noqa: F401
import warnings  # noqa: F401

import numpy  # noqa: F401
import numpy.linalg  # noqa: F401
import numpy.random  # noqa: F401

from autograder.isolation import sandbox, wire, worker

__all__ = ["main"]


def _child(spec: dict, req_r: int, resp_w: int, out_w: int, keep: set[int]) -> None:
    """Runs in the forked child: confine, then serve. Never returns."""
    code = 0
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        for fd in range(3, 1024):
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass
        limits = spec["limits"]
        confining = limits.get("confine", True)
        report = sandbox.confine(
            uid=spec.get("uid"),
            read_paths=spec["read_paths"],
            write_paths=[spec["scratch"]],
            limits=sandbox.Limits(
                cpu_s=max(1, int(limits["cpu_s"])),
                memory_mib=max(64, int(limits["memory_mib"])),
                file_kib=max(1, int(limits["file_kib"])),
                processes=max(8, int(limits.get("processes", 64))),
                open_files=max(16, int(limits.get("open_files", 64))),
            ),
            network=confining,
            landlock=confining,
            seccomp=confining,
        )
        os.chdir(spec["scratch"])
        wire.write_frame(resp_w, {"op": "ready", "isolation": report.describe(), "levels": dataclasses.asdict(report)})
        worker.serve(req_r, resp_w, spec["folder"], spec["output_limit"], tuple(spec.get("hidden_paths", ())))
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kill_uid(uid: int) -> None:
    """Kill every process of a worker uid (children that escaped the process group)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        except BaseException:
            pass
        os._exit(0)
    os.waitpid(pid, 0)


def main(control_fd: int, hidden_paths: list[str]) -> None:
    # Ctrl+C or a Jupyter "interrupt kernel" signals the whole process group: the grader decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    control = socket.socket(fileno=control_fd)
    stream = control.makefile("rb")
    children: set[int] = set()
    while True:
        ready, _, _ = select.select([control], [], [], 0.5)
        _reap()
        if not ready:
            continue
        line = stream.readline()
        if not line:
            break
        request = json.loads(line)
        op = request.get("op")
        if op == "spawn":
            spec = request["spec"]
            spec["hidden_paths"] = hidden_paths
            req_r, req_w = os.pipe()
            resp_r, resp_w = os.pipe()
            out_r, out_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                control.close()
                _child(spec, req_r, resp_w, out_w, {req_r, resp_w})
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
            children.add(pid)
            reply = json.dumps({"pid": pid}).encode() + b"\n"
            socket.send_fds(control, [reply], [req_w, resp_r, out_r])
            for fd in (req_w, resp_r, out_r):
                os.close(fd)
        elif op == "kill_uid":
            _kill_uid(int(request["uid"]))
            control.sendall(b'{"ok": true}\n')
        elif op == "exit":
            break
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    _reap()
