"""Folders and zips seen alike, as trees of nodes that list and read safely.

A disk folder is listed without following links (every open is O_NOFOLLOW, relative to its
parent's descriptor); a zip is listed from its central directory, in memory, after a look at its
end record so a forged directory cannot make us parse millions of entries. Entries that are
unsafe (links, devices, `../`, absolute names) are never nodes: they come back as skips, each
with the message the instructor will read.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from contextlib import ExitStack
from typing import BinaryIO, NamedTuple

from .names import entry_parts, readable, zip_member_name
from .reading import ZIP_ERRORS, Budget, Rejected, read_fd, read_member
from .records import IntakeLimits

__all__ = [
    "Node",
    "Skip",
    "DiskFolder",
    "ZipFolder",
    "VirtualFolder",
    "Renamed",
    "disk_folder",
    "disk_file",
    "open_zip_file",
    "open_nested_zip",
]

_AT_CALLS = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after listing must not hang the read
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
# A central directory entry is 46 bytes plus its name and extras; a directory averaging more is forged.
_DIRECTORY_BYTES_PER_ENTRY = 1024


class Skip(NamedTuple):
    """An entry left out of a listing: `message: name`; `fatal` when it means the folder could not be read."""

    message: str
    name: str
    fatal: bool = False


class Node:
    """A file or folder. `name` is what matching sees, `shown` what messages show, `origin` the full location."""

    is_dir = False
    version: tuple[int, int] = (0, 0)  # (attempt, attachment id) where an LMS names them

    def __init__(self, name: str, origin: str, shown: str | None = None):
        self.name = name
        self.origin = origin
        self.shown = name if shown is None else shown

    def listing(self) -> tuple[tuple[Node, ...], tuple[Skip, ...]]:
        raise NotImplementedError  # folders only

    def read(self, *, limit: int, knob: str, budget: Budget) -> bytes:
        raise NotImplementedError  # files only

    def located(self, name: str) -> str:
        """The origin of an entry `name` inside this folder."""
        return f"{self.origin}/{name}"

    def child(self, name: str) -> Node | None:
        return next((c for c in self.listing()[0] if c.name == name), None)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.origin!r})"


# --- disk ---------------------------------------------------------------------------------------


class _DiskRoot:
    """The folder the instructor named; everything under it is opened relative to it, never following links."""

    def __init__(self, path: str):
        self.path = path

    def open(self, parts: tuple[str, ...], *, directory: bool) -> int:
        if not _AT_CALLS:
            return os.open(self._checked_path(parts), os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
        fd = os.open(self.path, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                kind = _DIRECTORY if directory or not last else _NONBLOCK
                inner = os.open(part, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | kind, dir_fd=fd)
                os.close(fd)
                fd = inner
        except BaseException:
            os.close(fd)
            raise
        return fd

    def list(self, parts: tuple[str, ...]) -> list[tuple[str, os.stat_result]]:
        if not _AT_CALLS:
            path = self._checked_path(parts)
            return [(n, os.lstat(os.path.join(path, n))) for n in sorted(os.listdir(path))]
        fd = self.open(parts, directory=True)
        try:
            return [(n, os.stat(n, dir_fd=fd, follow_symlinks=False)) for n in sorted(os.listdir(fd))]
        finally:
            os.close(fd)

    def _checked_path(self, parts: tuple[str, ...]) -> str:
        # Platforms without *at() calls (Windows): check each step with lstat before using the path.
        path = self.path
        for part in parts:
            path = os.path.join(path, part)
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise OSError(f"symbolic link: {path}")
        return path


class DiskFolder(Node):
    is_dir = True

    def __init__(self, root: _DiskRoot, parts: tuple[str, ...], name: str, origin: str):
        super().__init__(name, origin)
        self._root, self._parts = root, parts
        self._listing: tuple[tuple[Node, ...], tuple[Skip, ...]] | None = None

    def listing(self) -> tuple[tuple[Node, ...], tuple[Skip, ...]]:
        if self._listing is None:
            self._listing = self._list()
        return self._listing

    def _list(self) -> tuple[tuple[Node, ...], tuple[Skip, ...]]:
        try:
            entries = self._root.list(self._parts)
        except OSError as error:
            return (), (Skip(f"unreadable folder ({error.strerror or error})", "", fatal=True),)
        kids: list[Node] = []
        skips: list[Skip] = []
        for raw, info in entries:
            name = readable(raw)
            parts = self._parts + (raw,)
            origin = os.path.join(self.origin, name)
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                skips.append(Skip("symlink skipped", name))
            elif stat.S_ISDIR(mode):
                kids.append(DiskFolder(self._root, parts, name, origin))
            elif not stat.S_ISREG(mode):
                skips.append(Skip("special file skipped (not a regular file)", name))
            elif info.st_nlink > 1:
                skips.append(Skip("hard link skipped", name))
            else:
                kids.append(_DiskFile(self._root, parts, name, origin))
        return tuple(kids), tuple(skips)


class _DiskFile(Node):
    def __init__(self, root: _DiskRoot, parts: tuple[str, ...], name: str, origin: str):
        super().__init__(name, origin)
        self._root, self._parts = root, parts

    def read(self, *, limit: int, knob: str, budget: Budget) -> bytes:
        try:
            fd = self._root.open(self._parts, directory=False)
        except OSError as error:
            raise Rejected(f"unreadable ({error.strerror or error})") from None
        try:
            data = read_fd(fd, limit=limit, knob=knob)
        except OSError as error:
            raise Rejected(f"unreadable ({error.strerror or error})") from None
        finally:
            os.close(fd)
        budget.take(len(data))
        return data


def disk_folder(path: str, shown: str) -> DiskFolder:
    """The folder at `path` (the instructor's own path, so a link there is followed)."""
    return DiskFolder(_DiskRoot(path), (), readable(os.path.basename(os.path.normpath(path))), shown)


def disk_file(path: str, shown: str) -> Node:
    """The file at `path`, read like any other disk file (no links below the instructor's path)."""
    parent, name = os.path.split(os.path.normpath(path))
    return _DiskFile(_DiskRoot(parent or "."), (name,), readable(name), shown)


# --- zips ---------------------------------------------------------------------------------------


class ZipFolder(Node):
    is_dir = True

    def __init__(self, name: str, origin: str, *, archive_root: bool = False):
        super().__init__(name, origin)
        self.kids: dict[str, Node] = {}
        self.skips: list[Skip] = []
        self._archive_root = archive_root

    def located(self, name: str) -> str:
        return f"{self.origin}!{name}" if self._archive_root else f"{self.origin}/{name}"

    def listing(self) -> tuple[tuple[Node, ...], tuple[Skip, ...]]:
        return tuple(self.kids[n] for n in sorted(self.kids)), tuple(self.skips)


class _ZipMember(Node):
    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: IntakeLimits, name: str, origin: str):
        super().__init__(name, origin)
        self._archive, self._info, self._limits = archive, info, limits

    def read(self, *, limit: int, knob: str, budget: Budget) -> bytes:
        return read_member(self._archive, self._info, limit=limit, knob=knob, limits=self._limits, budget=budget)


def _precheck(stream: BinaryIO, size: int, limits: IntakeLimits) -> None:
    """Read the end record before zipfile parses the central directory, and refuse one too large."""
    if size == 0:
        raise Rejected("empty file (0 bytes), not a zip")
    tail_size = min(size, 22 + 0xFFFF)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise Rejected("not a zip file")
    count, directory_bytes = struct.unpack("<HL", tail[at + 10 : at + 16])
    locator = at - 20
    zip64 = count == 0xFFFF or directory_bytes == 0xFFFFFFFF
    if zip64 and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        if offset + 56 <= size:
            stream.seek(offset)
            record = stream.read(56)
            if record[:4] == b"PK\x06\x06":
                count, directory_bytes = struct.unpack("<QQ", record[32:48])
    if count > limits.max_entries or directory_bytes > limits.max_entries * _DIRECTORY_BYTES_PER_ENTRY:
        raise Rejected(f"{count} entries ({directory_bytes}-byte directory), more than max_entries={limits.max_entries}")
    stream.seek(0)


def _zip_tree(archive: zipfile.ZipFile, name: str, origin: str, limits: IntakeLimits) -> ZipFolder:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise Rejected(f"{len(infos)} entries, more than max_entries={limits.max_entries}")
    root = ZipFolder(name, origin, archive_root=True)
    for info in infos:
        member = zip_member_name(info)
        parts, reason = entry_parts(member)
        if reason:
            root.skips.append(Skip(reason, member))
            continue
        if not parts:
            continue  # the archive's own root
        kind = stat.S_IFMT(info.external_attr >> 16)
        folder = _folder_at(root, parts[:-1])
        if folder is None:
            root.skips.append(Skip("entry inside a file of the same name rejected", "/".join(parts)))
            continue
        last = parts[-1]
        if kind == stat.S_IFLNK:
            folder.skips.append(Skip("symlink skipped", last))
        elif kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            folder.skips.append(Skip("special file skipped (not a regular file)", last))
        elif info.is_dir() or kind == stat.S_IFDIR:
            if _folder_at(root, parts) is None:
                folder.skips.append(Skip("folder clashing with a file of the same name rejected", last))
        elif isinstance(folder.kids.get(last), ZipFolder):
            folder.skips.append(Skip("file clashing with a folder of the same name rejected", last))
        else:
            if last in folder.kids:
                folder.skips.append(Skip("duplicate entry, the later one kept", last))
            folder.kids[last] = _ZipMember(archive, info, limits, last, f"{origin}!{'/'.join(parts)}")
    return root


def _folder_at(root: ZipFolder, parts: tuple[str, ...]) -> ZipFolder | None:
    folder = root
    for index, part in enumerate(parts):
        kid = folder.kids.get(part)
        if kid is None:
            kid = folder.kids[part] = ZipFolder(part, f"{root.origin}!{'/'.join(parts[: index + 1])}")
        if not isinstance(kid, ZipFolder):
            return None
        folder = kid
    return folder


def _open_zip(
    stream: BinaryIO, size: int, name: str, origin: str, limits: IntakeLimits
) -> tuple[zipfile.ZipFile, ZipFolder]:
    try:
        _precheck(stream, size, limits)
        archive = zipfile.ZipFile(stream)
    except ZIP_ERRORS as error:
        raise Rejected(f"not a readable zip ({type(error).__name__}: {error})") from None
    try:
        return archive, _zip_tree(archive, name, origin, limits)
    except BaseException:
        archive.close()
        raise


def open_zip_file(path: str, shown: str, limits: IntakeLimits, stack: ExitStack) -> ZipFolder:
    """The zip at the instructor's `path`, read in place (only the members we need are inflated)."""
    try:
        fd = os.open(path, os.O_RDONLY | _CLOEXEC | _BINARY)
    except OSError as error:
        raise Rejected(f"unreadable ({error.strerror or error})") from None
    stream = stack.enter_context(os.fdopen(fd, "rb"))
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise Rejected("not a regular file")
    name = readable(os.path.basename(path))
    archive, tree = _open_zip(stream, info.st_size, name, shown, limits)
    stack.callback(archive.close)
    return tree


def open_nested_zip(node: Node, limits: IntakeLimits, budget: Budget) -> ZipFolder:
    """A zip inside a folder or zip: its bytes count against the submission's budget, then it is read in memory."""
    data = node.read(limit=limits.max_total_bytes, knob="max_total_bytes", budget=budget)
    return _open_zip(io.BytesIO(data), len(data), node.name, node.origin, limits)[1]


# --- views made by the LMS layouts ---------------------------------------------------------------


class VirtualFolder(Node):
    """A folder made of chosen nodes: one Canvas student's attachments, one Moodle participant's entries."""

    is_dir = True

    def __init__(self, name: str, origin: str, kids: list[Node], skips: list[Skip] | None = None):
        super().__init__(name, origin)
        self._kids, self._skips = tuple(kids), tuple(skips or ())

    def listing(self) -> tuple[tuple[Node, ...], tuple[Skip, ...]]:
        return self._kids, self._skips


class Renamed(Node):
    """A node under the name the student gave it (`relu.py` for Canvas's `doe_1_2_relu-1.py`)."""

    def __init__(self, node: Node, name: str, version: tuple[int, int] = (0, 0)):
        super().__init__(name, node.origin, shown=node.shown)
        self._node = node
        self.is_dir = node.is_dir
        self.version = version

    def listing(self) -> tuple[tuple[Node, ...], tuple[Skip, ...]]:
        return self._node.listing()

    def read(self, *, limit: int, knob: str, budget: Budget) -> bytes:
        return self._node.read(limit=limit, knob=knob, budget=budget)
