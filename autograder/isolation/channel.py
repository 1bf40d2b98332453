"""The grader's end of one worker's pipes: framed requests out, replies in, each with a deadline,
the worker's output drained (and capped) while waiting, and the worker killed when it misbehaves."""

from __future__ import annotations

import errno
import os
import select
import signal
import time

from autograder.isolation import wire
from autograder.isolation.records import CallFailed

__all__ = ["WorkerHandle"]


class WorkerHandle:
    """The grader's end of one confined worker: send a request, wait for its reply."""

    def __init__(self, pid: int, req_w: int, resp_r: int, out_r: int, *, output_limit: int):
        self.pid, self.req_w, self.resp_r, self.out_r = pid, req_w, resp_r, out_r
        self.output = bytearray()
        self.output_limit = output_limit
        self.output_dropped = 0
        self.inbox = bytearray()
        self.alive = True
        self.sequence = 0  # id of the last request sent; replies must echo it
        self.out_open = True
        for fd in (req_w, resp_r, out_r):
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

    def calls_frame(self, exercise: str, function: str, calls: list) -> bytes:
        """Encode a batch of calls (arguments from `wire.argument`) with the next id."""
        self.sequence += 1
        return wire.calls_frame(self.sequence, exercise, function, calls)

    def reply(self, request_id: int, timeout: float) -> tuple[dict, list]:
        """The reply to request `request_id`; a reply to anything else means the worker is out of step."""
        header, buffers = self.receive(timeout)
        if header.get("id") != request_id:
            raise CallFailed("crashed", "the worker sent a reply nobody asked for")
        return header, buffers

    def write(self, data: bytes, timeout: float = 10.0) -> None:
        """Send bytes, never blocking past `timeout`: a worker that stops reading is out of step."""
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        try:
            while view:
                try:
                    n = os.write(self.req_w, view)
                except BlockingIOError:
                    n = 0
                view = view[n:]
                if view:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise CallFailed("timeout", "time limit")
                    ready, _, _ = select.select([self.out_r] if self.out_open else [], [self.req_w], [], left)
                    if self.out_r in ready and not self._drain_output():
                        self.out_open = False
        except OSError as exc:
            raise CallFailed("crashed", f"the worker stopped reading ({errno.errorcode.get(exc.errno, exc.errno)})") from None

    def receive(self, timeout: float) -> tuple[dict, list]:
        """Wait for one reply frame, draining output meanwhile; CallFailed on timeout or death."""
        return self.receive_by(time.monotonic() + timeout)

    def receive_by(self, deadline: float) -> tuple[dict, list]:
        """Wait for one reply frame until `deadline` (monotonic), draining output meanwhile.

        Each frame's prefix is checked against the size limits before the rest is read, and
        its header and buffer list are validated before it is returned."""
        need: int | None = None
        head_len = body_len = 0
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
            ready, _, _ = select.select([self.resp_r, self.out_r] if self.out_open else [self.resp_r], [], [], left)
            if self.out_r in ready and not self._drain_output():
                self.out_open = False
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
                if len(self.inbox) > wire.MAX_BODY + wire.MAX_HEADER + wire.PREFIX_SIZE + 65536:
                    raise CallFailed("crashed", "the worker sent a reply larger than the limit")

    def threads(self) -> int | None:
        """How many threads the worker runs now, as the kernel says (None if it cannot be read)."""
        try:
            with open(f"/proc/{self.pid}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"Threads:"):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            return None
        return None

    def unasked(self) -> bool:
        """Whether bytes wait on the reply pipe (or an end of it) while no request is out."""
        if self.inbox:
            return True
        try:
            return bool(select.select([self.resp_r], [], [], 0)[0])
        except (OSError, ValueError):
            return True

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
