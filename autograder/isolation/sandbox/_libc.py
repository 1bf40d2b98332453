"""The few libc entry points the sandbox needs, called through ctypes, and the machine's name."""

from __future__ import annotations

import ctypes
import os
import platform
import struct

from autograder.errors import AutogradeError

__all__ = ["MACHINE", "SandboxError", "no_new_privs", "prctl", "set_no_new_privs", "syscall"]

PR_SET_PDEATHSIG = 1
PR_GET_SECCOMP = 21
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
PR_GET_NO_NEW_PRIVS = 39


class SandboxError(AutogradeError, RuntimeError):
    """A confinement step failed in a way that is not "this kernel lacks the mechanism"."""


def _machine() -> str | None:
    # Syscall numbers and the seccomp audit arch depend on it; a 32-bit Python gets nothing.
    if struct.calcsize("P") != 8:
        return None
    name = platform.machine().lower()
    aliases = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}
    return aliases.get(name)


MACHINE = _machine()

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.prctl.restype = ctypes.c_int


def _arg(value):
    # Both syscall() and prctl() are variadic: pass every integer as a full register.
    if value is None:
        return ctypes.c_void_p(None)
    if isinstance(value, int):
        return ctypes.c_long(value)
    return value  # a ctypes pointer or byref()


def syscall(number: int, *args) -> int:
    """Call syscall `number`; raise OSError with the kernel's errno on failure."""
    result = _libc.syscall(ctypes.c_long(number), *(_arg(a) for a in args))
    if result == -1:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return int(result)


def prctl(option: int, arg2=0, arg3=0, arg4=0, arg5=0) -> int:
    """Call prctl(2); raise OSError with the kernel's errno on failure."""
    result = _libc.prctl(ctypes.c_int(option), _arg(arg2), _arg(arg3), _arg(arg4), _arg(arg5))
    if result == -1:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return int(result)


def libc_function(name: str):
    """A libc function with errno capture, e.g. unshare or capset."""
    return getattr(_libc, name)


def set_no_new_privs() -> bool:
    """Set PR_SET_NO_NEW_PRIVS (needed by Landlock and seccomp without CAP_SYS_ADMIN)."""
    try:
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except OSError:
        return False
    return no_new_privs()


def no_new_privs() -> bool:
    try:
        return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1
    except OSError:
        return False
