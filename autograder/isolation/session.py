"""One submission's session: its files in a private folder, a worker started (and restarted after
a crash, with the files loaded again) on demand, and the calls of the checks."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from autograder.isolation import wire
from autograder.isolation.channel import WorkerHandle
from autograder.isolation.records import CallFailed, LoadResult, NotebookLoad, Reply, StudentRaised, clean_error, load_result, plain_variables

__all__ = ["Session", "remove_tree"]

# One batch request holds at most this many calls and this much (header, array bytes); the
# worker's reader takes frames up to wire.MAX_HEADER and 16 x wire.MAX_BODY.
BATCH_CALLS = 1024
BATCH_HEADER = wire.MAX_HEADER // 2
BATCH_BODY = wire.MAX_BODY


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
        self.threads: int | None = None  # the worker's threads once its files were loaded
        self.calling: tuple[str, str] | None = None  # the function the worker last ran

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
        self._settled(worker)
        return worker

    def _settled(self, worker: WorkerHandle) -> None:
        """Note the worker's threads after a load: threads a file starts as it loads are its own."""
        if self.worker is worker:
            self.threads = worker.threads()

    def _worker_for(self, exercise: str, function: str) -> WorkerHandle:
        """The worker to call `function` with. One that a previous function left stirred (a
        thread it started still runs, or bytes nobody asked for wait on the reply pipe) is
        retired first: what one function leaves behind must not answer for the next."""
        worker = self.worker
        if worker is not None and self.calling != (exercise, function):
            threads = worker.threads()
            grew = threads is not None and self.threads is not None and threads > self.threads
            if grew or worker.unasked():
                self._retire(worker)
        self.calling = (exercise, function)
        return self._ensure()

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
        self._settled(worker)
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
            self._settled(worker)
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
        """Call the function on each argument tuple, in batches; one outcome per call, in order.

        An outcome is a Reply, a StudentRaised, or a CallFailed; a CallFailed ends the list
        (the worker is gone). A batch is one request frame with many argument tuples, answered
        by one part frame with all their outcomes (several parts when it runs long or its
        answers are large: see wire.py); each call still has its own time limit, counted from
        when the worker said it started, and the outcomes before a call that hangs are kept.
        """
        outcomes: list = []
        position = 0
        if arg_lists:
            self._worker_for(exercise, function)
        while position < len(arg_lists):
            worker = self._ensure()
            count, frame = self._batch(worker, exercise, function, arg_lists, position)
            try:
                worker.write(frame, self.limits.call_timeout_s)
            except CallFailed as failure:
                self._retire(worker)
                outcomes.append(failure)
                return outcomes
            got = self._answers(worker, worker.sequence, arg_lists[position : position + count])
            outcomes += got
            position += count
            if len(got) < count or (got and isinstance(got[-1], CallFailed)):
                return outcomes
        return outcomes

    @staticmethod
    def _batch(worker: WorkerHandle, exercise: str, function: str, arg_lists: list[tuple], position: int) -> tuple[int, bytes]:
        """The next request: as many calls from `position` as fit the batch limits (at least one)."""
        argument = wire.argument
        calls: list[list] = []
        body = head = 0
        for index in range(position, min(len(arg_lists), position + BATCH_CALLS)):
            encoded = [argument(a) for a in arg_lists[index]]
            added = text = 0
            for _, _, size, extra in encoded:
                added += size
                text += extra
            if calls and (body + added > BATCH_BODY or head + text > BATCH_HEADER):
                break
            calls.append(encoded)
            body += added
            head += text
        return len(calls), worker.calls_frame(exercise, function, calls)

    def _answers(self, worker: WorkerHandle, ident: int, arg_lists: list[tuple]) -> list:
        """The outcomes of the batch `ident`, read from its parts; ends with a CallFailed if the
        worker timed out, died or broke the protocol (it is retired then)."""
        count = len(arg_lists)
        limit = self.limits.call_timeout_s + wire.REPORT_S
        deadline = time.monotonic() + limit
        outcomes: list = []
        while True:
            try:
                header, raw = worker.receive_by(deadline)
                records, end, elapsed = _part(header, ident, len(outcomes), count)
            except CallFailed as failure:
                self._retire(worker)
                outcomes.append(failure)
                return outcomes
            position = 0
            for record in records:
                nargs = len(arg_lists[len(outcomes)])
                outcome, position = _outcome(record, raw, position, nargs)
                outcomes.append(outcome)
                if isinstance(outcome, CallFailed):
                    self._retire(worker)
                    return outcomes
            if position != len(raw):
                self._retire(worker)
                outcomes.append(CallFailed("crashed", "the worker sent a malformed reply (buffers left over)"))
                return outcomes
            if end:
                return outcomes
            if records:  # progress: the next call is timed from when the worker says it started
                deadline = time.monotonic() - min(elapsed, limit) + limit

    def variables(self, exercise: str, function: str, args: tuple) -> tuple[tuple[str, object], ...]:
        """The function's own local variables when it returned from `args` (name, value), for
        feedback; () when there are none or the call did not come back in time."""
        try:
            worker = self._worker_for(exercise, function)
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


def _part(header: dict, ident: int, received: int, count: int) -> tuple[list, bool, float]:
    """The outcome records of one part of batch `ident`'s answer, checked against what is still
    owed: a part of another request, a repeat, or more outcomes than calls is out of step."""
    if header.get("op") != "part" or header.get("id") != ident:
        raise CallFailed("crashed", "the worker sent a reply nobody asked for")
    first, records, end, running, elapsed = (header.get(k) for k in ("first", "out", "end", "running", "elapsed"))
    if type(first) is not int or first != received:
        raise CallFailed("crashed", "the worker sent a reply nobody asked for (repeated or out of order)")
    if type(records) is not list or len(records) > count - received or type(end) is not bool:
        raise CallFailed("crashed", "the worker sent a malformed reply (outcome count)")
    done = received + len(records)
    if end and done != count:
        raise CallFailed("crashed", "the worker sent a malformed reply (outcome count)")
    if not end and (done >= count or running != done):
        raise CallFailed("crashed", "the worker sent a malformed reply (progress)")
    if type(elapsed) not in (int, float) or not 0 <= elapsed < float("inf"):
        raise CallFailed("crashed", "the worker sent a malformed reply (progress)")
    return records, end, float(elapsed)


def _outcome(record, raw: list, position: int, nargs: int) -> tuple[object, int]:
    """One call's outcome from its record (its array buffers start at `raw[position]`)."""
    if type(record) is not dict:
        return CallFailed("crashed", "the worker sent an unexpected reply"), position
    if "v" in record:
        count = record.get("n", 0)
        if type(count) is not int or not 0 <= count <= len(raw) - position:
            return CallFailed("crashed", "the worker sent a malformed reply (buffers)"), position
        mine = raw[position : position + count]
        try:
            value = wire.decode_value(record["v"], mine)
        except wire.WireError as exc:
            value = wire.Unsupported(f"a value that broke the protocol ({exc})")
        modified = record.get("m", [])
        if type(modified) is not list or not all(type(i) is int for i in modified):
            modified = []
        return Reply(value=value, modified=tuple(i for i in modified if 0 <= i < nargs)), position + count
    if "r" in record:
        return StudentRaised(clean_error(record["r"])), position
    return CallFailed("crashed", "the worker sent an unexpected reply"), position


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
