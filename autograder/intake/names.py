"""Names of entries: which are safe, which are system clutter, and how to show them."""

from __future__ import annotations

import os
import re
import sys
import zipfile

__all__ = ["entry_parts", "zip_member_name", "is_clutter", "readable", "show"]

_DRIVE = re.compile(r"^[A-Za-z]:")
# Written by operating systems, editors and package managers, never by the student on purpose:
# skipped without a word (and never searched, so a zipped virtualenv cannot use up max_entries).
_CLUTTER = frozenset(
    {"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini", "$RECYCLE.BIN", "venv", "node_modules", "site-packages"}
)
_UTF8_FLAG = 0x800


def entry_parts(name: str) -> tuple[tuple[str, ...], str | None]:
    """Split an archive entry name into safe parts, or say why the entry is rejected.

    Backslashes count as separators (some Windows tools write them), so `..\\x` is caught too.
    """
    if "\x00" in name:
        return (), "entry with a NUL byte in its name rejected"
    path = name.replace("\\", "/")
    if path.startswith("/"):
        return (), "absolute path entry rejected"
    parts = tuple(p for p in path.split("/") if p not in ("", "."))
    if parts and _DRIVE.match(parts[0]):
        return (), "drive letter entry rejected"
    if ".." in parts:
        return (), "zip slip entry rejected"
    return parts, None


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, repairing UTF-8 names stored without the UTF-8 flag (zipfile read them as CP437)."""
    name = info.orig_filename
    if info.flag_bits & _UTF8_FLAG:
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name  # genuine CP437 (or plain ASCII): zipfile's reading is right


def is_clutter(name: str) -> bool:
    """Hidden files and folders (.git, .venv, .ipynb_checkpoints), macOS forks, caches, Office lock files."""
    return name.startswith((".", "~$")) or name in _CLUTTER


def readable(name: str) -> str:
    """A disk name as text: bytes that were not UTF-8 are read as Windows-1252 instead of kept as escapes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name) if sys.platform != "win32" else name.encode("utf-8", "surrogatepass")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", "replace")


def show(name: str) -> str:
    """A name for a message: as is when printable, else its repr (control characters, escapes)."""
    return name if name.isprintable() else repr(name)
