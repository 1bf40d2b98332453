"""Landlock through ctypes: a filesystem allowlist, no TCP, and scoped signals.

Syscalls 444/445/446 (landlock_create_ruleset, _add_rule, _restrict_self) have the same
numbers on x86_64 and aarch64 (the shared table from 424 on). What each ABI adds:

  1 (5.13) filesystem rights   2 (5.19) REFER (link/rename across directories)
  3 (6.2)  TRUNCATE            4 (6.7)  TCP bind/connect rules
  5 (6.10) IOCTL_DEV           6 (6.12) scoped signals and abstract UNIX sockets
  7 (6.15) audit-log flags (nothing to restrict, so we apply 7 like 6)

Kernels newer than ABI 7 get the ABI 7 policy (a ruleset is always accepted at an older
size). The domain applies to the calling thread and its future children only: call
restrict() in a single-threaded process, right after fork. Files opened before are unaffected.
"""

from __future__ import annotations

import ctypes
import os
import stat
import sys
import sysconfig
from collections.abc import Iterable

from ._libc import SandboxError, set_no_new_privs, syscall

__all__ = ["KNOWN_ABI", "abi_version", "interpreter_paths", "restrict"]

KNOWN_ABI = 7

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1 << 0
_RULE_PATH_BENEATH = 1

EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3
IOCTL_DEV = 1 << 15  # ABI 5

NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1

SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

_FS_ABI_1 = (1 << 13) - 1  # EXECUTE .. MAKE_SYM
# Rights that make sense on a regular file; anything else on a file rule is EINVAL.
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
_READ_RIGHTS = EXECUTE | READ_FILE | READ_DIR


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # the kernel struct is packed: 12 bytes
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


assert ctypes.sizeof(_PathBeneathAttr) == 12


def abi_version() -> int:
    """The Landlock ABI this kernel offers, 0 when Landlock is missing or disabled."""
    try:
        return syscall(_SYS_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    except OSError:
        return 0  # ENOSYS: not built in; EOPNOTSUPP: not enabled at boot


def handled_fs(abi: int) -> int:
    """All filesystem rights ABI `abi` can restrict."""
    rights = _FS_ABI_1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def _ruleset(abi: int) -> tuple[_RulesetAttr, int]:
    attr = _RulesetAttr(handled_access_fs=handled_fs(abi))
    size = 8  # handled_access_fs only
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP  # no port rules: no TCP at all
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    return attr, size


def _allow(ruleset_fd: int, path: str | os.PathLike, rights: int) -> bool:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return False  # nothing there (or not reachable by this uid): nothing to allow
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= _FILE_RIGHTS
        if not rights:
            return False
        rule = _PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        syscall(_SYS_ADD_RULE, ruleset_fd, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
    finally:
        os.close(fd)
    return True


def restrict(read_paths: Iterable[str | os.PathLike] = (),
             write_paths: Iterable[str | os.PathLike] = ()) -> int:
    """Restrict the calling thread for good; return the ABI applied, 0 if Landlock is missing.

    read_paths: files and directory trees that may be read and executed.
    write_paths: trees (or files) with every right: create, write, truncate, remove, rename.
    Everything else is denied, as are TCP bind/connect (ABI >= 4) and signals or abstract
    UNIX sockets reaching outside this domain (ABI >= 6). Missing paths are skipped. Also sets
    no_new_privs. Raises SandboxError if Landlock exists but refuses the ruleset.
    """
    abi = min(abi_version(), KNOWN_ABI)
    if abi <= 0:
        return 0
    attr, size = _ruleset(abi)
    everything = attr.handled_access_fs
    try:
        ruleset_fd = syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), size, 0)
    except OSError as exc:
        raise SandboxError(f"Landlock ABI {abi}: create_ruleset failed: {exc}") from exc
    try:
        for path in read_paths:
            _allow(ruleset_fd, path, _READ_RIGHTS & everything)
        for path in write_paths:
            _allow(ruleset_fd, path, everything)
        if not set_no_new_privs():
            raise SandboxError("Landlock: could not set no_new_privs")
        syscall(_SYS_RESTRICT_SELF, ruleset_fd, 0)
    except OSError as exc:
        raise SandboxError(f"Landlock ABI {abi}: {exc}") from exc
    finally:
        os.close(ruleset_fd)
    return abi


def interpreter_paths() -> tuple[str, ...]:
    """Directories a confined Python needs to import modules it has not imported yet.

    The interpreter prefixes and sysconfig's library folders, never sys.path as a whole (it
    may hold the grader's own folder). A root-owned 0700 prefix (pyenv under /root) stays
    unreadable to a dedicated uid whatever Landlock allows.
    """
    candidates = [sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix]
    paths = sysconfig.get_paths()
    candidates += [paths.get(key, "") for key in ("stdlib", "platstdlib", "purelib", "platlib")]
    seen: list[str] = []
    for path in candidates:
        if path and os.path.isdir(path) and path not in seen:
            seen.append(path)
    return tuple(seen)

