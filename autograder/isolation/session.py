"""One submission's session: its files in a private folder, a worker started (and restarted after
a crash, with the files loaded again) on demand, and the calls of the checks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from autograder.isolation import wire
from autograder.isolation.channel import WorkerHandle
from autograder.isolation.records import CallFailed, LoadResult, NotebookLoad, Reply, StudentRaised, clean_error, load_result, plain_variables

__all__ = ["Session", "remove_tree"]

# Requests sent ahead of their replies stay under the pipe buffer (64 KiB on Linux), so the
# grader never blocks writing while the worker blocks writing a reply nobody reads yet.
PIPELINE_BYTES = 48 * 1024


class Session:
    """Grading one submission: a worker with the exercise files loaded, respawned on demand."""

    def __init__(self, runner, root: Path, folder: Path, scratch: Path):
        """`runner`: the Runner that made this session (it spawns the workers and owns the uid)."""
        self.runner, self.root, self.folder, self.scratch = runner, root, folder, scratch
        self.limits = runner.limits
        self.worker: WorkerHandle | None = None
        self.loads: dict[str, tuple[str, list]] = {}  # exercise -> (file, [(function, nparams)])
        self.results: dict[str, LoadResult] = {}
        self.bad: set[str] = set()  # exercises whose file hangs or crashes at load
        self.notebook: dict | None = None  # the load_cells request to replay after a respawn
        self.isolation = ""
        self.output = bytearray()
        self.output_dropped = 0
        self.spawns = 0

    def _start(self) -> WorkerHandle:
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

    def _retire(self, worker: WorkerHandle) -> None:
        worker.kill()
        self.output += worker.output[: max(0, self.limits.output_kib * 1024 - len(self.output))]
        self.output_dropped += worker.output_dropped
        if self.worker is worker:
            self.worker = None
        self.runner.kill_leftovers()

    def _ensure(self) -> WorkerHandle:
        return self.worker if self.worker is not None else self._start()

    def _load_into(self, worker: WorkerHandle, exercise: str, filename: str, functions: list) -> LoadResult:
        ident = worker.send({"op": "load", "exercise": exercise, "file": filename, "functions": functions})
        try:
            header, _ = worker.reply(ident, self.limits.import_timeout_s)
        except CallFailed as failure:
            self.bad.add(exercise)
            self._retire(worker)
            return LoadResult(ok=False, outcome=failure.outcome, error={"type": failure.outcome, "message": failure.detail, "traceback": []})
        return load_result(header)

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
                        errors[index] = clean_error(header.get("error"))
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
                failed = load_result(header)
                return NotebookLoad({name: failed for name in exercises}, errors)
            return NotebookLoad(
                {name: load_result({"op": "loaded", "ok": True, "functions": per_exercise.get(name)}) for name in exercises},
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

    def _outcome(self, header: dict, raw: list, nargs: int, worker: WorkerHandle):
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
            return StudentRaised(clean_error(header.get("error")))
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
