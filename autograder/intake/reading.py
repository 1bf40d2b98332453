"""Reading bytes under limits: zip members counted as they inflate, disk files opened without following links."""

from __future__ import annotations

import json
import lzma
import os
import stat
import struct
import zipfile
import zlib

from .records import IntakeLimits, MiB, Wanted

__all__ = ["Rejected", "Budget", "ZIP_ERRORS", "read_member", "read_fd", "check_content", "RATIO_FLOOR"]

# Small entries cannot be bombs, and short repetitive text compresses very well: judge the ratio only past this.
RATIO_FLOOR = 1 * MiB
_CHUNK = 64 * 1024

# What zipfile and its decompressors raise on damaged or hostile input.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # an encrypted member
    struct.error,
    zlib.error,
    lzma.LZMAError,
)


class Rejected(Exception):
    """An entry or archive intake refuses to read; the message says why (and which limit, if one)."""


class Budget:
    """Bytes read for one submission, against `max_total_bytes`."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def take(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise Rejected(f"this submission read more than max_total_bytes={self.limit} bytes; nothing more is read")


def _too_big(size: int, limit: int, knob: str) -> Rejected:
    return Rejected(f"{size} bytes, more than {knob}={limit}")


def _check_ratio(size: int, packed: int, limits: IntakeLimits) -> None:
    if size > RATIO_FLOOR and size > packed * limits.max_ratio:
        raise Rejected(
            f"zip bomb suspected: {size} bytes from {packed} compressed, ratio over max_ratio={limits.max_ratio:g}"
        )


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int, knob: str, limits: IntakeLimits, budget: Budget
) -> bytes:
    """Inflate one member: declared sizes are checked first, then bytes are counted as they come out."""
    declared, packed = info.file_size, info.compress_size
    if declared > limit:
        raise _too_big(declared, limit, knob)
    _check_ratio(declared, packed, limits)
    if declared > budget.remaining:
        raise Rejected(f"{declared} bytes would pass max_total_bytes={budget.limit} for this submission")
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                budget.take(len(chunk))
                if len(out) > limit:
                    raise _too_big(len(out), limit, knob)
                if len(out) > declared:
                    raise Rejected(f"zip bomb suspected: inflates past the {declared} bytes its header declares")
                _check_ratio(len(out), packed, limits)
    except ZIP_ERRORS as error:
        if isinstance(error, RuntimeError) and "encrypted" in str(error):
            raise Rejected("encrypted (password protected); ask for an unencrypted upload") from None
        raise Rejected(f"unreadable ({type(error).__name__}: {error})") from None
    return bytes(out)


def read_fd(fd: int, *, limit: int, knob: str) -> bytes:
    """Read a file opened with O_NOFOLLOW: only a regular, singly linked file, and at most `limit` bytes."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise Rejected("not a regular file")
    if info.st_nlink > 1:
        raise Rejected("hard link skipped (it may point anywhere on this machine)")
    if info.st_size > limit:
        raise _too_big(info.st_size, limit, knob)
    chunks, total = [], 0
    while chunk := os.read(fd, min(_CHUNK, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(total, limit, knob)  # it grew while we read
    return b"".join(chunks)


def check_content(name: str, data: bytes, wanted: Wanted) -> str | None:
    """Refuse what cannot be a source file or notebook; return a note for oddities that are kept."""
    if b"\x00" in data:
        raise Rejected("binary file (NUL bytes), not Python source or a notebook")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Rejected(f"not UTF-8 text (byte {error.start})") from None
    if wanted.is_notebook(name) or name.lower().endswith(".ipynb"):
        try:
            notebook = json.loads(text)
        except (ValueError, RecursionError):
            raise Rejected("not a notebook (invalid JSON)") from None
        if not isinstance(notebook, dict):
            raise Rejected("not a notebook (JSON but not an object)")
        return None
    if not data.strip():
        return "empty file (0 bytes)" if not data else "file holds only whitespace"
    return None
