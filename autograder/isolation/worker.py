"""The untrusted side: runs inside the confined child, loads student files and calls functions.

Nothing here is trusted by the grader. The student's code shares this process and may
replace any of it; the grader validates every frame it receives (see `wire.decode_value`).
This module only tries to be a faithful, robust messenger for honest submissions.
"""

from __future__ import annotations

import inspect
import json
import linecache
import os
import signal
import sys
import time
import types
import warnings


from autograder.isolation import wire
# Private names: student code shares this process and may rebind the module-level ones.
from autograder.isolation.values import call_watching, describe_error as _describe_error, same as _same, snapshot as _snapshot

__all__ = ["serve"]

_monotonic = time.monotonic
_dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode

# Student code is compiled under this folder name, not the real (random) temporary one, so
# tracebacks and warnings read the same on every run and machine.
SHOWN = "/submission/"


class OutputWriter:
    """Stands in for sys.stdout/stderr: every write goes straight to the output pipe.

    The grader drains that pipe, keeps the first output_kib and counts the rest, so the
    count it reports is exact; a write error never becomes the student's exception.
    """

    def __init__(self, fd: int):
        self.fd = fd

    def write(self, text):
        text = str(text)
        data = text.encode("utf-8", "replace")
        try:
            while data:
                data = data[os.write(self.fd, data):]
        except OSError:
            pass
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


def _signature(fn, expected: int) -> dict:
    if not callable(fn):
        return {"present": True, "callable": False, "params": [], "accepts": False}
    try:
        sig = inspect.signature(fn)
        params = [str(p) for p in sig.parameters.values()][:12]
        try:
            sig.bind(*range(expected))
            accepts = True
        except TypeError:
            accepts = False
    except (TypeError, ValueError):
        params, accepts = ["..."], True
    return {"present": True, "callable": True, "params": params, "accepts": accepts}


class Worker:
    def __init__(self, req_fd: int, resp_fd: int, folder: str):
        self.req_fd, self.resp_fd = req_fd, resp_fd
        self.requests = wire.FrameReader(req_fd)
        self.folder = folder.rstrip("/") + "/"
        self.modules: dict[str, dict] = {}
        self.current = 0
        self.outbox: list[bytes] = []

    def reply(self, header: dict, buffers=()):
        header["id"] = self.current  # the grader matches every reply to its request
        header["buf"] = [len(b) for b in buffers]
        self.outbox.append(wire.encode_frame(header, list(buffers)))
        # Replies wait while more requests are already queued (a pipelined batch), so a batch
        # costs a few writes, not one per call; the grader is never kept waiting for one.
        if sum(map(len, self.outbox)) > 1 << 16 or not self.requests.pending():
            self.flush()

    def flush(self):
        data = b"".join(self.outbox)
        self.outbox.clear()
        view = memoryview(data)
        while view:
            view = view[os.write(self.resp_fd, view):]

    def load(self, request: dict):
        exercise, filename = request["exercise"], request["file"]
        path = os.path.join(self.folder, filename)
        shown = SHOWN + filename
        try:
            with open(path, "rb") as handle:
                source = handle.read()
            text = source.decode("utf-8", "replace")
            linecache.cache[shown] = (len(text), None, text.splitlines(True), shown)
            code = compile(source, shown, "exec", dont_inherit=True)
            module = types.ModuleType(filename[:-3])
            module.__file__ = path  # the real file, for code that opens files next to itself
            namespace = module.__dict__
            sys.modules[module.__name__] = module
            exec(code, namespace)
        except BaseException as exc:  # SyntaxError, SystemExit, KeyboardInterrupt, anything
            self.reply({"op": "loaded", "ok": False, "error": _describe_error(exc, SHOWN)})
            return
        self.modules[exercise] = namespace
        self.reply({"op": "loaded", "ok": True, "functions": self._functions(namespace, request["functions"])})

    @staticmethod
    def _functions(namespace: dict, wanted) -> dict:
        functions = {}
        for name, count in wanted:
            if name in namespace:
                functions[name] = _signature(namespace[name], count)
            else:
                functions[name] = {"present": False}
        return functions

    def load_cells(self, request: dict):
        """Run a notebook's code cells in order in one namespace, one reply per cell.

        A cell that raises is reported and the next cell runs: functions defined in the
        other cells can still be graded, as when a student runs the cells one by one.
        """
        shared = types.ModuleType("notebook").__dict__
        namespaces: dict = {None: shared}
        skip = set(request.get("skip", []))
        for index, (section, source) in enumerate(request["cells"]):
            if index in skip:
                continue
            if section not in namespaces:
                namespaces[section] = dict(namespaces[None], __name__=f"notebook_{section}")
            namespace = namespaces[section]
            path = f"{SHOWN}cell_{index + 1}.py"
            linecache.cache[path] = (len(source), None, source.splitlines(True), path)
            try:
                exec(compile(source, path, "exec", dont_inherit=True), namespace)
            except BaseException as exc:
                self.reply({"op": "cell", "index": index, "ok": False, "error": _describe_error(exc, SHOWN)})
                continue
            self.reply({"op": "cell", "index": index, "ok": True})
        functions = {}
        for exercise, wanted in request["exercises"]:
            namespace = namespaces.get(exercise, shared)
            self.modules[exercise] = namespace
            functions[exercise] = self._functions(namespace, wanted)
        self.reply({"op": "loaded", "ok": True, "functions": functions})

    def calls(self, request: dict, buffers):
        """A batch: call the function on every argument tuple, in order, and answer in one part
        (several when the batch runs long or its answers outgrow a frame; see wire.py)."""
        fn = self.modules.get(request["exercise"], {}).get(request["function"])
        batch = _Batch(self, request["id"], len(request["calls"]))
        batch.run(fn, request["calls"], buffers)

    def variables(self, request: dict, buffers):
        """Call once more, keeping the function's local variables (shown beside a failure)."""
        args = [wire.decode_value(tree, buffers) for tree in request["args"]]
        fn = self.modules.get(request["exercise"], {}).get(request["function"])
        _value, _raised, kept = call_watching(fn, args)
        out: list[bytes] = []
        try:
            tree = wire.encode_value({str(k): v for k, v in kept.items()}, out)
        except BaseException:
            tree, out = {"d": []}, []
        self.reply({"op": "variables", "value": tree}, out)

    def serve(self):
        while True:
            try:
                request, buffers = self.requests.read_frame()
            except (EOFError, OSError):
                os._exit(0)
            op = request.get("op")
            self.current = request.get("id", 0)
            if op == "load":
                self.load(request)
            elif op == "load_cells":
                self.load_cells(request)
            elif op == "calls":
                self.calls(request, buffers)
            elif op == "variables":
                self.variables(request, buffers)
            else:
                os._exit(0)


class _Batch:
    """One batch of calls in progress, and the reports it owes the grader.

    The outcomes are encoded as each call returns and kept until a part is sent: at the end,
    before an outcome that would overflow a part, at a call boundary once REPORT_S has passed
    since the grader last heard when a call started, and from a SIGALRM tick inside a call that
    runs long (so a call that hangs leaves the answers before it with the grader, and the grader
    times it from its own start). The tick only reads what the loop has finished appending.
    """

    def __init__(self, worker: Worker, ident: int, count: int):
        self.worker, self.ident, self.count = worker, ident, count
        self.records: list[str] = []  # outcome records as JSON text, in call order
        self.buffers: list[list[bytes]] = []  # each outcome's array buffers
        self.sent = 0  # outcomes already sent
        self.head = self.body = 0  # sizes of the outcomes not sent yet
        self.started: float | None = None  # when the running call started (None between calls)
        self.base = _monotonic()  # when the grader thinks the running call started
        self.announced = 0  # the running call the grader was last told of
        self.busy = False  # a part is being written: a tick waits for the next one

    def run(self, fn, calls: list, buffers) -> None:
        decode, describe, snapshot = wire.decode_request_value, _describe_error, _snapshot
        records, kept = self.records, self.buffers
        armed = False
        base = 0
        try:
            previous = signal.signal(signal.SIGALRM, self.tick)
            signal.setitimer(signal.ITIMER_REAL, wire.REPORT_S, wire.REPORT_S)
            armed = True
        except (ValueError, OSError, TypeError):
            previous = None
        try:
            for trees in calls:
                now = _monotonic()
                if now - self.base >= wire.REPORT_S:
                    self.report(now, 0.0)
                args = []
                for count, tree in trees:  # each argument's buffers counted from its own first
                    args.append(decode(tree, buffers[base : base + count]))
                    base += count
                pristine = snapshot(args)
                self.started = _monotonic()
                try:
                    value = fn(*args)
                except BaseException as exc:
                    self.started = None
                    record, out = _dumps({"r": describe(exc, SHOWN)}), []
                else:
                    self.started = None
                    same = _same  # looked up each call, as the untrusted worker it is
                    modified = [i for i, (a, b) in enumerate(zip(pristine, args)) if not same(a, b)]
                    out = []
                    try:
                        record = wire.outcome_record(value, modified, out)  # looked up each call
                    except BaseException as exc:
                        out = []
                        record = _dumps({"v": {"x": f"a value that could not be sent ({type(exc).__name__})"}, "m": modified, "n": 0})
                size = sum(map(len, out))
                if len(records) > self.sent and (self.head + len(record) > wire.PART_HEADER or self.body + size > wire.PART_BODY):
                    self.report(_monotonic(), 0.0)
                kept.append(out)
                records.append(record)  # last: a tick sends only outcomes whose parts are all here
                self.head += len(record)
                self.body += size
        finally:
            if armed:
                try:
                    signal.setitimer(signal.ITIMER_REAL, 0, 0)
                    signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
                except (ValueError, OSError, TypeError):
                    pass
        self.busy = True
        self.send(end=True, elapsed=0.0)

    def report(self, now: float, elapsed: float) -> None:
        """A part with the outcomes so far, saying the next call starts now (from the loop)."""
        if self.busy:
            return
        self.busy = True
        try:
            self.send(end=False, elapsed=elapsed)
            self.base = now - elapsed
        finally:
            self.busy = False

    def tick(self, _signum, _frame) -> None:
        """SIGALRM inside the batch: report the finished outcomes and the call running now."""
        if self.busy:
            return
        running = len(self.records)
        if running == self.sent and running == self.announced:
            return  # nothing new since the last report
        started = self.started
        now = _monotonic()
        elapsed = now - started if started is not None and running == len(self.buffers) else 0.0
        try:
            self.report(now, max(0.0, elapsed))
        except OSError:
            os._exit(0)  # the grader closed the channel: nobody is waiting for these answers

    def send(self, *, end: bool, elapsed: float) -> None:
        done = len(self.records)
        first = self.sent
        buffers = [b for out in self.buffers[first:done] for b in out]
        frame = wire.part_frame(self.ident, first, self.records[first:done], buffers, end=end, running=done, elapsed=elapsed)
        self.sent = done
        self.announced = done
        self.head = self.body = 0
        self.worker.outbox.append(frame)
        self.worker.flush()


def _shown_path(filename: str, folder: str) -> str:
    """A warning's file as the student should see it: no install prefix, which differs by machine."""
    if filename.startswith(SHOWN):
        return filename
    if filename.startswith(folder.rstrip("/") + "/"):
        return SHOWN + filename[len(folder.rstrip("/")) + 1:]
    for entry in sorted((p for p in sys.path if p), key=len, reverse=True):
        prefix = entry.rstrip("/") + "/"
        if filename.startswith(prefix):
            return filename[len(prefix):]
    return os.path.basename(filename)


def _warning_display(folder: str):
    def show(message, category, filename, lineno, file=None, line=None):
        if line is None:
            line = linecache.getline(str(filename), lineno)
        text = warnings.formatwarning(message, category, _shown_path(str(filename), folder), lineno, line)
        (file or sys.stderr).write(text)
    return show


def serve(req_fd: int, resp_fd: int, folder: str, output_limit: int, hidden_paths=()) -> None:
    """Answer the grader's requests until the channel closes; never returns.

    `hidden_paths` leave sys.path: the kit's own checkout must not be importable from here.
    """
    sys.stdout = sys.__stdout__ = OutputWriter(1)
    sys.stderr = sys.__stderr__ = OutputWriter(2)
    sys.stdin = sys.__stdin__ = open(os.devnull)
    sys.path[:] = [folder] + [p for p in sys.path if p and p not in hidden_paths]
    sys.argv = ["submission"]
    warnings.showwarning = _warning_display(folder)
    try:
        Worker(req_fd, resp_fd, folder).serve()
    finally:
        os._exit(0)
