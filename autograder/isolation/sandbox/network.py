"""Cutting a worker off the network with a fresh network namespace.

As root: unshare(CLONE_NEWNET). The new namespace has only a loopback interface, down, so
every connect fails (ENETUNREACH), host loopback included.

As a normal user: unshare(CLONE_NEWUSER | CLONE_NEWNET), since a network namespace needs
CAP_SYS_ADMIN in the user namespace that owns it. Consequences, and what we do about them:

* The caller gets every capability *inside* the new user namespace. They only reach objects
  owned by that namespace (the empty network namespace), but we drop them at once with
  capset(2) anyway.
* The uid is mapped to itself ("U U 1", setgroups denied), so getuid() and file ownership look
  unchanged. File access, signals and RLIMIT_NPROC still use the real host uid: the user
  namespace adds no protection besides the network one, and takes none away.
* A process inside a user namespace cannot later switch to another host uid, so the root
  path never uses one: root keeps the plain network namespace and drops to the dedicated uid
  afterwards (see drop_privileges).

Both fail in a default Docker container (its seccomp profile refuses unshare) and on hosts
that disable unprivileged user namespaces; isolate_network() then returns False.
"""

from __future__ import annotations

import ctypes
import os

from ._libc import SandboxError, libc_function

__all__ = ["isolate_network"]

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_NEWIPC = 0x08000000  # private System V IPC too, so no segment outlives the worker
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _unshare(flags: int) -> None:
    unshare = libc_function("unshare")
    if unshare(ctypes.c_int(flags)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _drop_all_capabilities() -> None:
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()  # version 3 takes two 32-bit words per set; all zero
    if libc_function("capset")(ctypes.byref(header), data) != 0:
        err = ctypes.get_errno()
        raise SandboxError(f"isolate_network: capset failed in the new user namespace: "
                           f"{os.strerror(err)}")


def isolate_network() -> bool:
    """Move the calling (single-threaded) process into a new, empty network namespace.

    Returns True when it worked, False when the kernel or container refuses; never raises for
    that. Call it before dropping privileges and before Landlock (it writes to /proc/self).
    """
    if os.geteuid() == 0:
        try:
            _unshare(CLONE_NEWNET | CLONE_NEWIPC)
        except OSError:
            return False
        return True
    uid, gid = os.geteuid(), os.getegid()
    try:
        _unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC)
    except OSError:
        return False
    try:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    except OSError:
        pass  # cosmetic only: unmapped ids read as 65534, the kernel still checks the real ones
    _drop_all_capabilities()
    return True
