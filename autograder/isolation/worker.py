"""The untrusted side: runs inside the confined child, loads student files and calls functions.

Nothing here is trusted by the grader. The student's code shares this process and may
replace any of it; the grader validates every frame it receives (see `wire.decode_value`).
This module only tries to be a faithful, robust messenger for honest submissions.
"""

from __future__ import annotations

import inspect
import linecache
import os
import sys
import types
import warnings


from autograder.isolation import wire
# Private names: student code shares this process and may rebind the module-level ones.
from autograder.isolation.values import call_watching, describe_error as _describe_error, same as _same, snapshot as _snapshot

__all__ = ["serve"]

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

    def call(self, request: dict, buffers):
        args = [wire.decode_value(tree, buffers) for tree in request["args"]]
        pristine = _snapshot(args)
        fn = self.modules.get(request["exercise"], {}).get(request["function"])
        try:
            value = fn(*args)
        except BaseException as exc:
            self.reply({"op": "raised", "error": _describe_error(exc, SHOWN)})
            return
        modified = [i for i, (a, b) in enumerate(zip(pristine, args)) if not _same(a, b)]
        out: list[bytes] = []
        try:
            tree = wire.encode_value(value, out)
        except BaseException as exc:
            tree, out = {"x": f"a value that could not be sent ({type(exc).__name__})"}, []
        self.reply({"op": "result", "value": tree, "modified": modified}, out)

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
            elif op == "call":
                self.call(request, buffers)
            elif op == "variables":
                self.variables(request, buffers)
            else:
                os._exit(0)


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
