"""The only place that starts processes: the fork server and the confined workers it forks.

`Runner` owns one fork server. `Runner.session(files)` returns a `Session` for one
submission: it copies the files into a fresh folder, spawns a confined worker, loads each
exercise file, calls functions with a wall-clock deadline, and respawns the worker when it
hangs or dies. Student output is drained, capped and kept as text; it is never parsed.
"""

from __future__ import annotations

import errno
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import autograder
from autograder.isolation import wire
from autograder.course import Limits
from autograder.errors import AutogradeError

__all__ = ["Runner", "Session", "CallFailed", "StudentRaised", "LoadResult", "NotebookLoad", "Reply", "RunnerError", "plain_variables"]

PACKAGE_DIR = Path(autograder.__file__).resolve().parent
# Uids for workers when the grader runs as root: one per concurrent fork server, so
# RLIMIT_NPROC (counted per uid, system-wide) and kill-by-uid never touch another worker.
WORKER_UID_BASE = 61000
# Requests sent ahead of their replies stay under the pipe buffer (64 KiB on Linux), so the
# grader never blocks writing while the worker blocks writing a reply nobody reads yet.
PIPELINE_BYTES = 48 * 1024
VARIABLES = 12  # most local variables kept from one traced call (the worker keeps as many)
UID_SLOTS = 512


class RunnerError(AutogradeError):
    """The grading machinery itself could not start (not the student's fault)."""


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


def _clean_env(home: str) -> dict:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": home,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        # One BLAS thread: predictable memory under RLIMIT_AS and no thread fan-out.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _read_paths() -> list[str]:
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(PACKAGE_DIR)}
    import numpy

    paths.add(str(Path(numpy.__file__).resolve().parent))
    for extra in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo", "/dev/null", "/dev/urandom"):
        paths.add(extra)
    return sorted(paths)


class Runner:
    """One fork server and the workers it forks, for one grading process at a time."""

    def __init__(self, limits: Limits, *, slot: int = 0, confine: bool = True):
        self.limits = limits
        self.confine = confine
        self.slot = slot
        self.uid_lock = None
        self.uid = self._claim_uid(slot) if (confine and os.geteuid() == 0) else None
        self.base = Path(tempfile.mkdtemp(prefix="autograder-"))
        os.chmod(self.base, 0o711)
        self.read_paths = _read_paths()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        boot = (
            "import sys, json; sys.path.insert(0, sys.argv[1]); "
            "from autograder.isolation import zygote; zygote.main(int(sys.argv[2]), json.loads(sys.argv[3]))"
        )
        hidden = [str(PACKAGE_DIR.parent)]
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", boot, str(PACKAGE_DIR.parent), str(theirs.fileno()), json.dumps(hidden)],
                pass_fds=[theirs.fileno()],
                env=_clean_env(str(self.base)),
                cwd=str(self.base),
                stdin=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise RunnerError(f"could not start the worker server: {exc}") from None
        theirs.close()
        self.control = ours
        self.control_file = ours.makefile("rb")
        self.isolation = ""
        self.sessions = 0
        if self.uid is not None:
            self.kill_leftovers()  # a grader killed earlier may have left workers under this uid

    def _claim_uid(self, slot: int) -> int:
        """A worker uid no other running grader on this machine holds (a lock file per uid).

        Two graders sharing a uid would kill each other's workers when cleaning up by uid.
        """
        import fcntl

        folder = Path(tempfile.gettempdir()) / "autograder-uid-locks"
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_uid != os.geteuid():
            raise RunnerError(f"{folder} is not owned by this user; remove it and try again")
        for offset in range(UID_SLOTS):
            uid = WORKER_UID_BASE + (slot + offset) % UID_SLOTS
            handle = open(folder / f"{uid}.lock", "a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.uid_lock = handle
            return uid
        raise RunnerError(f"all {UID_SLOTS} worker uids are in use by other graders on this machine")

    # -- control channel
    def _request(self, message: dict, *, fds: int = 0):
        self.control.sendall(json.dumps(message).encode() + b"\n")
        if fds:
            msg, received, _, _ = socket.recv_fds(self.control, 4096, fds)
            if not msg:
                raise RunnerError("the worker server stopped; see the messages above")
            return json.loads(msg.decode()), received
        line = self.control_file.readline()
        if not line:
            raise RunnerError("the worker server stopped; see the messages above")
        return json.loads(line), []

    def spawn(self, folder: Path, scratch: Path) -> "Worker":
        limits = self.limits
        spec = {
            "folder": str(folder),
            "scratch": str(scratch),
            "uid": self.uid,
            "read_paths": self.read_paths + [str(folder)],
            "limits": {
                "memory_mib": limits.memory_mib,
                "cpu_s": limits.cpu_s,
                "file_kib": limits.file_kib,
                "processes": limits.processes,
                "open_files": limits.open_files,
                "confine": self.confine,
            },
            "output_limit": limits.output_kib * 1024,
        }
        reply, fds = self._request({"op": "spawn", "spec": spec}, fds=3)
        if len(fds) != 3:
            raise RunnerError("the worker server did not hand over the worker's pipes")
        proc = Worker(reply["pid"], *fds, output_limit=limits.output_kib * 1024)
        return proc

    def kill_leftovers(self) -> None:
        if self.uid is not None:
            self._request({"op": "kill_uid", "uid": self.uid})

    def session(self, files: dict[str, bytes], *, student: str = "submission") -> "Session":
        names = [Path(name).name for name in files]
        if any(n in ("", ".", "..") for n in names) or len(set(names)) != len(names):
            raise ValueError(f"submission file names must be distinct plain names, got {sorted(files)!r}")
        self.sessions += 1
        root = Path(tempfile.mkdtemp(prefix="sub-", dir=self.base))
        os.chmod(root, 0o711)
        folder = root / "files"
        scratch = root / "scratch"
        folder.mkdir(mode=0o755)
        scratch.mkdir(mode=0o700)
        os.chmod(folder, 0o755)
        for name, content in files.items():
            target = folder / Path(name).name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        if self.uid is not None:
            os.chown(scratch, self.uid, self.uid)
        return Session(self, root, folder, scratch)

    def close(self) -> None:
        try:
            self.control.sendall(b'{"op": "exit"}\n')
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.control_file.close()
        self.control.close()
        remove_tree(self.base)
        if self.uid_lock is not None:
            self.uid_lock.close()  # releases the uid for the next grader

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Worker:
    """The grader's end of one confined worker: send a request, wait for its reply."""

    def __init__(self, pid: int, req_w: int, resp_r: int, out_r: int, *, output_limit: int):
        self.pid, self.req_w, self.resp_r, self.out_r = pid, req_w, resp_r, out_r
        self.output = bytearray()
        self.output_limit = output_limit
        self.output_dropped = 0
        self.inbox = bytearray()
        self.alive = True
        self.sequence = 0  # id of the last request sent; replies must echo it
        for fd in (resp_r, out_r):
            os.set_blocking(fd, False)

    def _drain_output(self) -> bool:
        """Read what the student printed; False once the stream is closed."""
        try:
            chunk = os.read(self.out_r, 65536)
        except BlockingIOError:
            return True
        except OSError:
            return False
        if not chunk:
            return False
        room = self.output_limit - len(self.output)
        if room > 0:
            self.output += chunk[:room]
        self.output_dropped += max(0, len(chunk) - max(room, 0))
        return True

    def send(self, header: dict, buffers=()) -> int:
        """Send one request; returns its id."""
        self.write(self.frame(header, buffers))
        return self.sequence

    def frame(self, header: dict, buffers=()) -> bytes:
        """Encode a request with the next id (for sending now or in a pipelined batch)."""
        self.sequence += 1
        header = dict(header, id=self.sequence, buf=[len(b) for b in buffers])
        return wire.encode_frame(header, list(buffers))

    def reply(self, request_id: int, timeout: float) -> tuple[dict, list]:
        """The reply to request `request_id`; a reply to anything else means the worker is out of step."""
        header, buffers = self.receive(timeout)
        if header.get("id") != request_id:
            raise CallFailed("crashed", "the worker sent a reply nobody asked for")
        return header, buffers

    def write(self, data: bytes) -> None:
        try:
            view = memoryview(data)
            while view:
                n = os.write(self.req_w, view)
                view = view[n:]
        except OSError as exc:
            raise CallFailed("crashed", f"the worker stopped reading ({errno.errorcode.get(exc.errno, exc.errno)})") from None

    def receive(self, timeout: float) -> tuple[dict, list]:
        """Wait for one reply frame, draining output meanwhile; CallFailed on timeout or death."""
        deadline = time.monotonic() + timeout
        need: int | None = None
        head_len = body_len = 0
        watch = [self.resp_r, self.out_r]
        while True:
            if need is None and len(self.inbox) >= wire.PREFIX_SIZE:
                try:
                    head_len, body_len = wire.parse_prefix(bytes(self.inbox[: wire.PREFIX_SIZE]))
                except wire.WireError as exc:
                    raise CallFailed("crashed", f"the worker sent a malformed reply ({exc})") from None
                need = wire.PREFIX_SIZE + head_len + body_len
            if need is not None and len(self.inbox) >= need:
                frame = bytes(self.inbox[:need])
                del self.inbox[:need]
                try:
                    header = wire.decode_header(frame[wire.PREFIX_SIZE : wire.PREFIX_SIZE + head_len])
                    buffers = wire.split_buffers(header, frame[wire.PREFIX_SIZE + head_len :])
                except wire.WireError as exc:
                    raise CallFailed("crashed", f"the worker sent a malformed reply ({exc})") from None
                return header, buffers
            left = deadline - time.monotonic()
            if left <= 0:
                raise CallFailed("timeout", "time limit")
            ready, _, _ = select.select(watch, [], [], left)
            if self.out_r in ready and not self._drain_output():
                watch = [self.resp_r]
            if self.resp_r in ready:
                try:
                    chunk = os.read(self.resp_r, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk = b""
                if not chunk:
                    raise CallFailed("crashed", "")
                self.inbox += chunk
                if len(self.inbox) > wire.MAX_BODY + wire.MAX_HEADER + wire.PREFIX_SIZE:
                    raise CallFailed("crashed", "the worker sent a reply larger than the limit")

    def kill(self) -> None:
        if self.alive:
            for target in (-self.pid, self.pid):
                try:
                    os.kill(target, signal.SIGKILL)
                except OSError:
                    pass
            # drain whatever output is left, without waiting long
            end = time.monotonic() + 0.2
            while time.monotonic() < end:
                ready, _, _ = select.select([self.out_r], [], [], 0.02)
                if not ready or not self._drain_output():
                    break
            for fd in (self.req_w, self.resp_r, self.out_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.alive = False


class Session:
    """Grading one submission: a worker with the exercise files loaded, respawned on demand."""

    def __init__(self, runner: Runner, root: Path, folder: Path, scratch: Path):
        self.runner, self.root, self.folder, self.scratch = runner, root, folder, scratch
        self.limits = runner.limits
        self.worker: Worker | None = None
        self.loads: dict[str, tuple[str, list]] = {}  # exercise -> (file, [(function, nparams)])
        self.results: dict[str, LoadResult] = {}
        self.bad: set[str] = set()  # exercises whose file hangs or crashes at load
        self.notebook: dict | None = None  # the load_cells request to replay after a respawn
        self.isolation = ""
        self.output = bytearray()
        self.output_dropped = 0
        self.spawns = 0

    def _start(self) -> Worker:
        worker = self.runner.spawn(self.folder, self.scratch)
        self.spawns += 1
        try:
            hello, _ = worker.receive(self.limits.import_timeout_s)
        except CallFailed:
            self._retire(worker)
            raise CallFailed("crashed", "the sandbox could not start; this is a grader problem, not yours") from None
        self.isolation = str(hello.get("isolation", ""))[:200]
        self.runner.isolation = self.isolation
        self.worker = worker
        for exercise, (filename, functions) in self.loads.items():
            if exercise not in self.bad:
                self._load_into(worker, exercise, filename, functions)
        if self.notebook is not None and self.worker is worker:
            ident = worker.send(self.notebook)
            try:
                while worker.reply(ident, self.limits.import_timeout_s)[0].get("op") == "cell":
                    pass
            except CallFailed:
                self._retire(worker)
                raise
        return worker

    def _retire(self, worker: Worker) -> None:
        worker.kill()
        self.output += worker.output[: max(0, self.limits.output_kib * 1024 - len(self.output))]
        self.output_dropped += worker.output_dropped
        if self.worker is worker:
            self.worker = None
        self.runner.kill_leftovers()

    def _ensure(self) -> Worker:
        return self.worker if self.worker is not None else self._start()

    def _load_into(self, worker: Worker, exercise: str, filename: str, functions: list) -> LoadResult:
        ident = worker.send({"op": "load", "exercise": exercise, "file": filename, "functions": functions})
        try:
            header, _ = worker.reply(ident, self.limits.import_timeout_s)
        except CallFailed as failure:
            self.bad.add(exercise)
            self._retire(worker)
            return LoadResult(ok=False, outcome=failure.outcome, error={"type": failure.outcome, "message": failure.detail, "traceback": []})
        return _load_result(header)

    def load(self, exercise: str, filename: str, functions: list[tuple[str, int]]) -> LoadResult:
        """Load one exercise file into the worker (respawning it first if needed).

        The file is registered only after its first load, so a respawn replays it but the
        first load runs it exactly once.
        """
        try:
            worker = self._ensure()
        except CallFailed as failure:
            return LoadResult(ok=False, outcome="crashed", error={"type": "crashed", "message": failure.detail, "traceback": []})
        wanted = [list(f) for f in functions]
        result = self._load_into(worker, exercise, filename, wanted)
        self.loads[exercise] = (filename, wanted)
        self.results[exercise] = result
        if not result.ok:
            self.bad.add(exercise)
        return result

    def load_notebook(self, cells: list[tuple[str | None, str]], exercises: dict[str, list[tuple[str, int]]]) -> NotebookLoad:
        """Run a notebook's cells in order; a cell that hangs or kills the worker is skipped.

        Each skip costs one respawn and one import timeout (or crash), then the notebook runs
        again without that cell, so functions defined in the other cells are still graded.
        """
        skip: list[int] = []
        errors: dict[int, dict] = {}
        while True:
            request = {
                "op": "load_cells",
                "cells": [list(c) for c in cells],
                "exercises": [[name, [list(f) for f in wanted]] for name, wanted in exercises.items()],
                "skip": list(skip),
            }
            try:
                worker = self._ensure()
            except CallFailed as failure:
                failed = LoadResult(ok=False, outcome="crashed", error={"type": "crashed", "message": failure.detail, "traceback": []})
                return NotebookLoad({name: failed for name in exercises}, errors)
            ident = worker.send(request)
            pending = [i for i in range(len(cells)) if i not in skip]
            try:
                while True:
                    header, _ = worker.reply(ident, self.limits.import_timeout_s)
                    if header.get("op") != "cell":
                        break
                    index = header.get("index")
                    if pending and index == pending[0]:
                        pending.pop(0)
                    if header.get("ok") is not True and isinstance(index, int):
                        errors[index] = _clean_error(header.get("error"))
            except CallFailed as failure:
                self._retire(worker)
                if not pending:
                    failed = LoadResult(ok=False, outcome=failure.outcome, error={"type": failure.outcome, "message": failure.detail, "traceback": []})
                    return NotebookLoad({name: failed for name in exercises}, errors)
                hung = pending[0]
                errors[hung] = {"type": failure.outcome, "message": failure.detail, "traceback": [], "not_started": False, "memory": False}
                skip.append(hung)
                continue
            self.notebook = request
            per_exercise = header.get("functions") if header.get("op") == "loaded" else None
            if not isinstance(per_exercise, dict):
                failed = _load_result(header)
                return NotebookLoad({name: failed for name in exercises}, errors)
            return NotebookLoad(
                {name: _load_result({"op": "loaded", "ok": True, "functions": per_exercise.get(name)}) for name in exercises},
                errors,
            )

    def call(self, exercise: str, function: str, args: tuple) -> Reply:
        """Call a student's function; StudentRaised if it raised, CallFailed if no answer came."""
        outcome = self.call_many(exercise, function, [args])[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def call_many(self, exercise: str, function: str, arg_lists: list[tuple]) -> list:
        """Call the function on each argument tuple, pipelined; one outcome per call, in order.

        An outcome is a Reply, a StudentRaised, or a CallFailed; a CallFailed ends the list
        (the worker is gone). Requests go out in chunks small enough for the pipe buffer, so
        neither side can block the other; each reply still has its own time limit.
        """
        outcomes: list = []
        position = 0
        while position < len(arg_lists):
            worker = self._ensure()
            chunk: list[bytes] = []
            size = 0
            while position < len(arg_lists) and (not chunk or size < PIPELINE_BYTES):
                buffers: list[bytes] = []
                trees = [wire.encode_value(a, buffers) for a in arg_lists[position]]
                frame = worker.frame({"op": "call", "exercise": exercise, "function": function, "args": trees}, buffers)
                if chunk and size + len(frame) > PIPELINE_BYTES:
                    worker.sequence -= 1  # not sent: it opens the next chunk
                    break
                chunk.append(frame)
                size += len(frame)
                position += 1
            try:
                worker.write(b"".join(chunk))
            except CallFailed as failure:
                self._retire(worker)
                outcomes.append(failure)
                return outcomes
            first = worker.sequence - len(chunk) + 1
            for index in range(len(chunk)):
                nargs = len(arg_lists[position - len(chunk) + index])
                try:
                    header, raw = worker.reply(first + index, self.limits.call_timeout_s)
                except CallFailed as failure:
                    self._retire(worker)
                    outcomes.append(failure)
                    return outcomes
                outcome = self._outcome(header, raw, nargs, worker)
                outcomes.append(outcome)
                if isinstance(outcome, CallFailed):
                    return outcomes
        return outcomes

    def variables(self, exercise: str, function: str, args: tuple) -> tuple[tuple[str, object], ...]:
        """The function's own local variables when it returned from `args` (name, value), for
        feedback; () when there are none or the call did not come back in time."""
        try:
            worker = self._ensure()
            buffers: list[bytes] = []
            trees = [wire.encode_value(a, buffers) for a in args]
            ident = worker.send({"op": "variables", "exercise": exercise, "function": function, "args": trees}, buffers)
            header, raw = worker.reply(ident, self.limits.call_timeout_s)
        except CallFailed:
            if self.worker is not None:
                self._retire(self.worker)
            return ()
        if header.get("op") != "variables":
            self._retire(worker)
            return ()
        return plain_variables(header.get("value"), raw)

    def _outcome(self, header: dict, raw: list, nargs: int, worker: Worker):
        op = header.get("op")
        if op == "result":
            try:
                value = wire.decode_value(header.get("value"), raw)
            except wire.WireError as exc:
                return Reply(value=wire.Unsupported(f"a value that broke the protocol ({exc})"), modified=())
            modified = header.get("modified", [])
            if not isinstance(modified, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in modified):
                modified = []
            return Reply(value=value, modified=tuple(i for i in modified if 0 <= i < nargs))
        if op == "raised":
            return StudentRaised(_clean_error(header.get("error")))
        self._retire(worker)
        return CallFailed("crashed", "the worker sent an unexpected reply")

    def student_output(self) -> str:
        if self.worker is not None:
            self._retire(self.worker)
        text = bytes(self.output).decode("utf-8", "replace")
        if self.output_dropped:
            text += f"\n[... {self.output_dropped} more bytes of output not kept]"
        return text

    def close(self) -> str:
        output = self.student_output()
        remove_tree(self.root)
        return output

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def remove_tree(path: Path) -> None:
    """Remove a session folder even where student code took away permissions inside it."""

    def unlock(function, target, _exc_info):
        try:
            os.chmod(os.path.dirname(target), 0o700)
            if os.path.isdir(target) and not os.path.islink(target):
                os.chmod(target, 0o700)
            function(target)
        except OSError:
            pass

    if path.exists():
        shutil.rmtree(path, onerror=unlock)


def _clean_error(error) -> dict:
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


def _load_result(header: dict) -> LoadResult:
    if header.get("op") != "loaded":
        return LoadResult(ok=False, outcome="crashed", error={"type": "crashed", "message": "unexpected reply", "traceback": []})
    if header.get("ok") is not True:
        return LoadResult(ok=False, outcome="error", error=_clean_error(header.get("error")))
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
