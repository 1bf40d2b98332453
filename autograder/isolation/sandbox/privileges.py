"""Switching a root-started worker to a dedicated unprivileged uid, and killing by uid."""

from __future__ import annotations

import os
import signal

from ._libc import SandboxError

__all__ = ["drop_privileges", "kill_uid"]


def drop_privileges(uid: int, gid: int | None = None) -> bool:
    """As root: clear supplementary groups, then set real/effective/saved gid and uid.

    Returns False (and changes nothing) when the caller is not root: only root can switch,
    and a non-root worker keeps the grader's uid. gid defaults to uid. Raises SandboxError
    if root asks for uid 0 or the switch does not stick.
    """
    if os.geteuid() != 0:
        return False
    if uid == 0:
        raise SandboxError("drop_privileges: uid=0 is root; pass a dedicated unprivileged uid")
    gid = uid if gid is None else gid
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    # All three uids become non-zero, so the kernel clears every capability here.
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid) or os.getgroups():
        raise SandboxError(f"drop_privileges: uid={uid} gid={gid} did not stick")
    try:
        os.setuid(0)
    except PermissionError:
        return True
    raise SandboxError(f"drop_privileges: uid={uid} could switch back to root")


def kill_uid(uid: int) -> bool:
    """As root: SIGKILL every process running as `uid` (what a fork bomb leaves behind).

    Forks a helper that becomes `uid` and sends kill(-1, SIGKILL): the kernel delivers it to
    every process that uid may signal, atomically with respect to fork. Returns False when
    not root (a non-root worker shares the grader's uid: kill its process group instead).
    """
    if os.geteuid() != 0:
        return False
    if uid == 0:
        raise SandboxError("kill_uid: uid=0 would kill every process on the machine")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the helper
        status = 1
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass  # nothing was running as uid
            status = 0
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0
