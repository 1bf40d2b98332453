"""The only channel between the grader and student code: length-prefixed frames of plain data.

A frame is `>II` (header length, body length), a JSON header, then raw array bytes. Values
are encoded as small tagged JSON trees; arrays travel as raw bytes with dtype and shape.
Never pickle. The worker encodes; the grader decodes and validates *everything*, because
the worker runs student code and may send anything at all.

Calls travel in batches: one `calls` request carries every argument tuple of a round, and
its answer is one `part` frame holding every outcome (`{"v": value, "m": modified, "n":
buffers}` or `{"r": error}`, in order). A batch that runs longer than REPORT_S, or whose
answers outgrow a frame, is answered in several parts, each taking up where the last one
stopped and saying which call is running and for how long, so the grader can hold every
call to its own time limit and keep the answers of the calls before a hang.
"""

from __future__ import annotations

import json
import math
import os
import re
import select
import struct

import numpy as np

from autograder.errors import AutogradeError

__all__ = [
    "WireError",
    "Unsupported",
    "MAX_HEADER",
    "MAX_BODY",
    "encode_frame",
    "decode_header",
    "encode_value",
    "decode_value",
    "FrameReader",
    "write_frame",
    "REPORT_S",
    "part_frame",
]

MAX_HEADER = 256 * 1024
MAX_BODY = 4 * 1024 * 1024
MAX_DEPTH = 6
MAX_ITEMS = 100_000
MAX_INT_DIGITS = 400
MAX_DIMENSION = 1 << 32
_INT = re.compile(r"-?[0-9]{1,%d}" % MAX_INT_DIGITS, re.ASCII)
# Plain numeric dtypes only: no objects, no strings, no structured or datetime types.
ALLOWED_DTYPES = {
    "float64", "float32", "float16",
    "int64", "int32", "int16", "int8",
    "uint64", "uint32", "uint16", "uint8",
    "bool",
}
_PREFIX = struct.Struct(">II")

# A batch of calls reports to the grader at least this often while it runs (at a call
# boundary, or from a timer tick inside a long call); the grader gives each call its time
# limit plus this much, counted from when the worker said the call started.
REPORT_S = 0.05
# Soft sizes of one part of a batch's answer (the hard limits are MAX_HEADER and MAX_BODY): a
# part is cut before an outcome that would take it past them.
PART_HEADER = MAX_HEADER // 2
PART_BODY = MAX_BODY // 2


class WireError(AutogradeError):
    """A frame or value broke the protocol (oversized, malformed, or not plain data)."""


class Unsupported:
    """A returned value that cannot cross as plain data (generator, object, string...).

    Compares unequal to everything, so it can never earn credit.
    """

    def __init__(self, kind: str):
        self.kind = kind[:80]

    def __eq__(self, other):
        return False

    __hash__ = None

    def __repr__(self):
        return f"<{self.kind}>"


# ---------------------------------------------------------------- encoding (both sides)


def encode_value(value, buffers: list[bytes]):
    """Encode a Python/numpy value as a JSON-able tree, appending array bytes to `buffers`."""
    return _encode(value, buffers, 0)


_DTYPE_NAMES: dict = {}  # dtype -> its name; dtype.name costs microseconds on every call


def _dtype_name(dtype) -> str:
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        name = dtype.name
        if len(_DTYPE_NAMES) < 64:
            _DTYPE_NAMES[dtype] = name
    return name


def _encode(value, buffers, depth):
    if depth > MAX_DEPTH:
        return {"x": "nested too deeply"}
    kind = type(value)
    if value is None:
        return None
    if kind is bool:
        return {"b": value}
    if kind is int:
        text = str(value) if value.bit_length() < 1300 else "huge"
        return {"i": text}
    if kind is float:
        return {"f": value.hex()}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        dtype = _dtype_name(value.dtype)
        if dtype == "bool":
            return {"b": bool(value), "dt": dtype}
        if value.dtype.kind in "iu":
            return {"i": str(int(value)), "dt": dtype}
        if value.dtype.kind == "f":
            return {"f": float(value).hex(), "dt": dtype}
        return {"x": f"numpy {dtype} scalar"}
    if kind is np.ndarray:
        dtype = _dtype_name(value.dtype)
        if dtype not in ALLOWED_DTYPES:
            return {"x": f"array of dtype {dtype}"}
        data = np.ascontiguousarray(value).tobytes()
        buffers.append(data)
        return {"a": len(buffers) - 1, "dt": dtype, "sh": list(value.shape)}
    if kind is list or kind is tuple:
        tag = "l" if kind is list else "t"
        return {tag: [_encode(v, buffers, depth + 1) for v in value[:MAX_ITEMS]]}
    if kind is dict:
        return {"d": [[str(k), _encode(v, buffers, depth + 1)] for k, v in list(value.items())[:MAX_ITEMS]]}
    name = getattr(kind, "__name__", "object")
    if isinstance(value, np.ndarray):
        return {"x": f"{name} (an ndarray subclass)"}
    return {"x": name if isinstance(name, str) else "object"}


# Arguments the grader sends again and again (the bank's examples: kept alive and unchanged for
# the whole run, so their ids are stable), encoded once: id -> (value, JSON text, buffers).
_READY: dict[int, tuple] = {}  # id -> (value, Argument)
READY_LIMIT = 500_000  # entries, and READY_BYTES of text and buffers: bound the memory
READY_BYTES = 512 << 20
_ready_bytes = [0]


class Argument(tuple):
    """One argument of a call, encoded: (piece, buffers, body, head). `piece` is the request's
    "[buffer count,tree]" text (buffer indices counted from the argument's first), `body` the
    bytes of its buffers and `head` what it adds to the request header."""

    __slots__ = ()

    @classmethod
    def of(cls, text: str, buffers: tuple[bytes, ...]) -> "Argument":
        piece = f"[{len(buffers)},{text}]"
        return cls((piece, buffers, sum(map(len, buffers)), len(piece) + 12 * len(buffers)))


def prepared(value, text: str, buffers: tuple[bytes, ...]) -> None:
    """Keep `text` and `buffers` as the encoding of `value` (which must be what encoding it gives)."""
    size = len(text) + sum(map(len, buffers))
    if len(_READY) < READY_LIMIT and _ready_bytes[0] + size <= READY_BYTES and id(value) not in _READY:
        _READY[id(value)] = (value, Argument.of(text, buffers))
        _ready_bytes[0] += size


def prepare(value) -> None:
    """Keep the encoding of `value`, which the grader will send unchanged many times."""
    if id(value) not in _READY:
        buffers: list[bytes] = []
        text = json.dumps(encode_value(value, buffers), separators=(",", ":"), allow_nan=False)
        prepared(value, text, tuple(buffers))


def argument(value) -> Argument:
    """One argument of a call, encoded: the prepared encoding when `value` is the very object
    prepared, else encoded now."""
    ready = _READY.get(id(value))
    if ready is not None and ready[0] is value:
        return ready[1]
    buffers: list[bytes] = []
    return Argument.of(json.dumps(encode_value(value, buffers), separators=(",", ":"), allow_nan=False), tuple(buffers))


def calls_frame(ident: int, exercise: str, function: str, calls: list[list[Argument]]) -> bytes:
    """A batch request: each call a list of arguments from `argument`, each argument sent as
    [its buffer count, its tree] (the worker counts buffer indices from that argument's first)."""
    buffers = [b for call in calls for argument in call for b in argument[1]]
    text = ",".join("[" + ",".join([argument[0] for argument in call]) + "]" for call in calls)
    head = json.dumps({"op": "calls", "exercise": exercise, "function": function, "id": ident, "buf": [len(b) for b in buffers]}, separators=(",", ":"))
    head = (head[:-1] + ',"calls":[' + text + "]}").encode()
    body = b"".join(buffers)
    return _PREFIX.pack(len(head), len(body)) + head + body


def encode_frame(header: dict, buffers: list[bytes] = ()) -> bytes:
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    body = b"".join(buffers)
    return _PREFIX.pack(len(head), len(body)) + head + body


_FLOAT64 = np.float64
_RECORD_TEXT = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


def outcome_record(value, modified: list[int], out: list[bytes]) -> str:
    """One call's outcome as the JSON text of a part record, its array bytes appended to `out`
    (empty when called). A float or a plain array, what most calls return, is written
    directly; the text is what the generic encoding gives."""
    kind = type(value)
    changed = "[]" if not modified else "[" + ",".join(map(str, modified)) + "]"
    if kind is float:
        return '{"v":{"f":"%s"},"m":%s,"n":0}' % (value.hex(), changed)
    if kind is _FLOAT64:
        return '{"v":{"f":"%s","dt":"float64"},"m":%s,"n":0}' % (float(value).hex(), changed)
    if kind is np.ndarray:
        dtype = _dtype_name(value.dtype)
        if dtype in ALLOWED_DTYPES and value.ndim <= 4:
            out.append(np.ascontiguousarray(value).tobytes())
            shape = ",".join(map(str, value.shape))
            return '{"v":{"a":0,"dt":"%s","sh":[%s]},"m":%s,"n":1}' % (dtype, shape, changed)
    return _RECORD_TEXT({"v": encode_value(value, out), "m": modified, "n": len(out)})


def part_frame(ident: int, first: int, records: list[str], buffers: list[bytes], *, end: bool, running: int, elapsed: float) -> bytes:
    """One part of a batch's answer, from outcome records already encoded as JSON text.

    The records are joined as they are (each was encoded once, when its call returned), so
    a part costs one small header around them, whatever it holds.
    """
    sizes = ",".join(str(len(b)) for b in buffers)
    head = (
        '{"op":"part","id":%d,"first":%d,"end":%s,"running":%d,"elapsed":%s,"buf":[%s],"out":[%s]}'
        % (ident, first, "true" if end else "false", running, repr(float(elapsed)), sizes, ",".join(records))
    ).encode()
    body = b"".join(buffers)
    return _PREFIX.pack(len(head), len(body)) + head + body


# ---------------------------------------------------------------- decoding (grader side)


def decode_header(head: bytes) -> dict:
    try:
        header = json.loads(head.decode("utf-8"), parse_constant=_reject_constant)
    except Exception as exc:  # ValueError, UnicodeDecodeError, RecursionError on deep nesting...
        raise WireError(f"malformed header: {exc.__class__.__name__}") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    return header


def _reject_constant(name):
    raise ValueError(f"non-standard JSON constant {name}")


def decode_value(tree, buffers: list[memoryview]):
    """Rebuild a value from a tree sent by the worker, validating every part.

    Numbers become plain Python ints/floats, arrays become fresh plain ndarrays,
    anything unsupported becomes `Unsupported` (which never compares equal).
    """
    if type(tree) is dict and len(tree) <= 2 and type(tree.get("f")) is str and (len(tree) == 1 or tree.get("dt") == "float64"):
        return _hex_float(tree["f"])  # a plain or float64 number, what most calls return
    counter = [0]
    try:
        return _decode(tree, buffers, 0, counter)
    except WireError:
        raise
    except Exception as exc:  # anything unforeseen in hostile data is a protocol break, not a grader crash
        raise WireError(f"malformed value ({type(exc).__name__})") from None


def _decode(tree, buffers, depth, counter):
    counter[0] += 1
    if counter[0] > MAX_ITEMS or depth > MAX_DEPTH:
        raise WireError("value too large or nested too deeply")
    if tree is None:
        return None
    if not isinstance(tree, dict) or len(tree) not in (1, 2, 3):
        raise WireError("malformed value")
    if "b" in tree:
        if not isinstance(tree["b"], bool):
            raise WireError("malformed bool")
        return tree["b"]
    if "i" in tree:
        text = tree["i"]
        if text == "huge":
            return Unsupported("an integer too large to compare")
        if not isinstance(text, str) or not _INT.fullmatch(text):
            raise WireError("malformed int")
        return int(text)
    if "f" in tree:
        text = tree["f"]
        if not isinstance(text, str):
            raise WireError("malformed float")
        number = _hex_float(text)
        dtype = tree.get("dt")
        if dtype is not None and (dtype not in ALLOWED_DTYPES or dtype[0] != "f"):
            raise WireError("malformed float dtype")
        if dtype in ("float16", "float32"):
            number = float(np.dtype(dtype).type(number))
        return number
    if "a" in tree:
        return _decode_array(tree, buffers)
    if "l" in tree or "t" in tree:
        items = tree.get("l", tree.get("t"))
        if not isinstance(items, list):
            raise WireError("malformed list")
        values = [_decode(v, buffers, depth + 1, counter) for v in items]
        return values if "l" in tree else tuple(values)
    if "d" in tree:
        pairs = tree["d"]
        if not isinstance(pairs, list):
            raise WireError("malformed dict")
        out = {}
        for pair in pairs:
            if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], str):
                raise WireError("malformed dict item")
            out[pair[0][:200]] = _decode(pair[1], buffers, depth + 1, counter)
        return out
    if "x" in tree:
        kind = tree["x"]
        return Unsupported(kind if isinstance(kind, str) else "object")
    raise WireError("unknown value tag")


def _hex_float(text: str) -> float:
    if len(text) > 40:
        raise WireError("malformed float")
    try:
        return float.fromhex(text)
    except (ValueError, OverflowError):
        raise WireError("malformed float") from None


def _decode_array(tree, buffers):
    index, dtype, shape = tree.get("a"), tree.get("dt"), tree.get("sh")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(buffers):
        raise WireError("array refers to a missing buffer")
    if dtype not in ALLOWED_DTYPES:
        raise WireError(f"array dtype {str(dtype)[:20]} not allowed")
    if not isinstance(shape, list) or len(shape) > 4 or not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < MAX_DIMENSION for n in shape):
        raise WireError("malformed array shape")
    count = math.prod(shape)
    data = buffers[index]
    if count * np.dtype(dtype).itemsize != len(data):
        raise WireError("array size does not match its shape")
    # A fresh, owned, plain ndarray: no subclass, no view into the frame.
    return np.frombuffer(bytes(data), dtype=dtype).reshape(shape).copy()


def decode_request_value(tree, buffers):
    """The worker's decoder for the argument trees the grader sends (which the grader made:
    plain and well formed): the same values as `decode_value`, without re-checking each part."""
    if tree is None:
        return None
    if "a" in tree:
        return _frombuffer(buffers[tree["a"]], dtype=tree["dt"]).reshape(tree["sh"]).copy()
    if "f" in tree:
        number = float.fromhex(tree["f"])
        dtype = tree.get("dt")
        if dtype == "float16" or dtype == "float32":
            number = float(np.dtype(dtype).type(number))
        return number
    if "i" in tree:
        text = tree["i"]
        return Unsupported("an integer too large to compare") if text == "huge" else int(text)
    if "l" in tree:
        return [decode_request_value(v, buffers) for v in tree["l"]]
    if "t" in tree:
        return tuple(decode_request_value(v, buffers) for v in tree["t"])
    if "d" in tree:
        return {key[:200]: decode_request_value(v, buffers) for key, v in tree["d"]}
    if "b" in tree:
        return tree["b"]
    kind = tree.get("x")
    return Unsupported(kind if isinstance(kind, str) else "object")


_frombuffer = np.frombuffer


def split_buffers(header: dict, body: bytes) -> list[memoryview]:
    """Cut the body into the buffers the header declares (`"buf": [n0, n1, ...]`)."""
    sizes = header.get("buf", [])
    if not isinstance(sizes, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in sizes):
        raise WireError("malformed buffer list")
    if sum(sizes) != len(body):
        raise WireError("buffer sizes do not add up to the body")
    view = memoryview(body)
    out, start = [], 0
    for n in sizes:
        out.append(view[start : start + n])
        start += n
    return out


# ---------------------------------------------------------------- blocking I/O (worker side)


def write_frame(fd: int, header: dict, buffers: list[bytes] = ()) -> None:
    header = dict(header)
    header["buf"] = [len(b) for b in buffers]
    data = encode_frame(header, buffers)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class FrameReader:
    """Reads frames from a pipe through a buffer: one read() brings many pipelined requests.

    `pending()` says whether a whole or partial request is already here, without a system
    call when the buffer has one (the worker batches its replies while requests are queued).
    """

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = bytearray()

    def _fill(self, size: int) -> None:
        while len(self.buffer) < size:
            chunk = os.read(self.fd, max(1 << 16, size - len(self.buffer)))
            if not chunk:
                raise EOFError("channel closed")
            self.buffer += chunk

    def read_frame(self) -> tuple[dict, list[memoryview]]:
        self._fill(_PREFIX.size)
        head_len, body_len = _PREFIX.unpack_from(self.buffer)
        if head_len > MAX_HEADER or body_len > MAX_BODY * 16:
            raise WireError("frame too large")
        end = _PREFIX.size + head_len + body_len
        self._fill(end)
        head = bytes(self.buffer[_PREFIX.size : _PREFIX.size + head_len])
        body = bytes(self.buffer[_PREFIX.size + head_len : end])
        del self.buffer[:end]
        header = decode_header(head)
        return header, split_buffers(header, body)

    def pending(self) -> bool:
        return bool(self.buffer) or bool(select.select([self.fd], [], [], 0)[0])


PREFIX_SIZE = _PREFIX.size


def parse_prefix(data: bytes) -> tuple[int, int]:
    head_len, body_len = _PREFIX.unpack(data)
    if head_len > MAX_HEADER or body_len > MAX_BODY:
        raise WireError("response too large")
    return head_len, body_len
