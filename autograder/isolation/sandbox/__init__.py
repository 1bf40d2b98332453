"""Kernel confinement for a worker process that is about to run student code.

Call confine() in a freshly forked, single-threaded child, before it loads student code. It
applies, in this order, whatever the machine offers and reports what it reached:

  0. close inherited fds       - all but keep_fds, if given (Landlock ignores open fds)
  1. setsid()                  - its own session and process group, for killing it as a group
  2. isolate_network()         - a new network namespace (root), or user+network namespaces
  3. apply_rlimits()           - CPU, address space, file size, open files, no core dumps
                                 (+ RLIMIT_NPROC when it runs as a dedicated uid)
  4. drop_privileges(uid)      - root only: no groups, gid and uid set to the dedicated uid
  5. PR_SET_PDEATHSIG SIGKILL  - dies with the process that forked it (set after 4, which clears it)
  6. PR_SET_NO_NEW_PRIVS
  7. landlock.restrict()       - filesystem allowlist, no TCP, signals scoped to itself
  8. seccomp.install()         - no fork/exec/sockets/ptrace/namespaces/..., see seccomp.py

probe() answers "what would confine() reach here?" without confining the caller.
A missing mechanism never raises: it shows up as False/0 in the IsolationReport.

For the process that forks workers (the zygote):
* Set OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=1 before importing numpy: each
  OpenBLAS thread adds address space that RLIMIT_AS must then allow.
* Import everything the worker needs before forking: once confined it can import only from
  read_paths, and a dedicated uid cannot read a Python installed under a 0700 home (pyenv in
  /root); give root-run workers a world-readable Python.
* Give each concurrent worker its own uid: RLIMIT_NPROC counts tasks per uid system-wide.
* To stop a worker: os.killpg(pid, SIGKILL) (it leads its own group), then, as root,
  kill_uid(uid) for anything left; reap before reusing the uid.
* Run as a normal user, the worker shares the grader's uid: without Landlock (kernel < 5.13)
  it could open /proc/<grader>/mem; the grader should prctl(PR_SET_DUMPABLE, 0) itself.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

from . import landlock as _landlock
from . import seccomp as _seccomp
from ._libc import PR_SET_PDEATHSIG, SandboxError, no_new_privs, prctl, set_no_new_privs
from .landlock import interpreter_paths
from .limits import Limits, apply_rlimits
from .network import isolate_network
from .privileges import drop_privileges, kill_uid

__all__ = [
    "IsolationReport", "Limits", "SandboxError", "apply_rlimits", "confine", "drop_privileges",
    "interpreter_paths", "isolate_network", "kill_uid", "probe",
]


@dataclass(frozen=True)
class IsolationReport:
    """What confine() reached in one worker."""

    rlimits: bool = False
    memory_limit: int = 0  # RLIMIT_AS in bytes, 0 when not set
    uid: int = -1  # the uid the worker runs as
    uid_dropped: bool = False  # switched from root to a dedicated uid
    network: bool = False  # in its own network namespace
    user_namespace: bool = False  # ... which needed a user namespace (not root)
    no_new_privs: bool = False
    landlock_abi: int = 0
    seccomp: bool = False
    error: str = ""  # why probe() could not tell; empty otherwise

    def describe(self) -> str:
        """One line for the instructor.

        For example "rlimits + dedicated uid + netns + Landlock ABI 7 + seccomp".
        """
        if self.error:
            return f"isolation unknown ({self.error})"
        # No uid numbers: results must not depend on which worker slot graded them.
        if self.uid_dropped:
            who = "dedicated uid"
        elif self.uid == 0:
            who = "root (uid not dropped)"
        else:
            who = "grader's uid"
        parts = [
            "rlimits" if self.rlimits else "no rlimits",
            who,
            ("userns+netns" if self.user_namespace else "netns") if self.network else "no netns",
            f"Landlock ABI {self.landlock_abi}" if self.landlock_abi else "no Landlock",
            "seccomp" if self.seccomp else "no seccomp",
        ]
        return " + ".join(parts)

    @classmethod
    def from_dict(cls, data: dict) -> IsolationReport:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


def _thread_count() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1  # no /proc: cannot tell


def _close_fds_except(keep: Iterable[int]) -> None:
    # Never call closerange with an empty range: CPython 3.11 turns closerange(0, 0) into
    # close_range(0, ~0), which closes every fd.
    try:  # fds above the soft RLIMIT_NOFILE can exist if it was lowered after they were opened
        highest = max(int(fd) for fd in os.listdir("/proc/self/fd"))
    except (OSError, ValueError):
        highest = 0
    low, high = 0, max(os.sysconf("SC_OPEN_MAX"), highest + 1)
    for fd in sorted(set(keep)) + [high]:
        if fd > low:
            os.closerange(low, fd)  # close_range(2) on Linux >= 5.9, so cheap
        low = max(low, fd + 1)


def _new_session() -> None:
    try:
        os.setsid()
    except PermissionError:
        pass  # already a process-group leader (e.g. confine() called twice)


def _die_with_parent(parent: int) -> None:
    try:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except OSError:
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os.kill(os.getpid(), signal.SIGKILL)


def confine(*, uid: int | None = None, gid: int | None = None,
            read_paths: Iterable[str | os.PathLike] = (),
            write_paths: Iterable[str | os.PathLike] = (),
            limits: Limits = Limits(), keep_fds: Iterable[int] | None = None,
            network: bool = True, landlock: bool = True, seccomp: bool = True) -> IsolationReport:
    """Confine the calling process for good, as far as this machine allows; report the result.

    uid/gid: the dedicated unprivileged ids to switch to when running as root (gid defaults to
    uid); ignored otherwise. read_paths/write_paths: see landlock.restrict; the worker can open
    nothing else once Landlock is on (see interpreter_paths() for what Python imports need).
    keep_fds: when given, every other inherited fd is closed first (e.g. keep 0, 1, 2 and the
    two pipe ends). network/landlock/seccomp=False skip that layer (tests, debugging).

    Must run in a single-threaded process (right after os.fork()): unshare(CLONE_NEWUSER) and
    Landlock below ABI 8 only act on the calling thread. Raises SandboxError if not, or if a
    mechanism that exists fails unexpectedly; never because one is missing.
    """
    threads = _thread_count()
    if threads != 1:
        raise SandboxError(f"confine() needs a single-threaded process, found {threads} threads; "
                           "call it in the child right after os.fork()")
    parent = os.getppid()
    was_root = os.geteuid() == 0
    if keep_fds is not None:
        _close_fds_except(keep_fds)
    _new_session()
    in_netns = isolate_network() if network else False
    dedicated = was_root and uid is not None
    applied = apply_rlimits(limits, dedicated_uid=dedicated)
    dropped = drop_privileges(uid, gid) if dedicated else False
    _die_with_parent(parent)
    nnp = set_no_new_privs()
    abi = _landlock.restrict(read_paths, write_paths) if landlock else 0
    filtered = _seccomp.install() if seccomp else False
    return IsolationReport(
        rlimits=True, memory_limit=applied["RLIMIT_AS"][0], uid=os.getuid(), uid_dropped=dropped,
        network=in_netns, user_namespace=in_netns and not was_root,
        no_new_privs=nnp or no_new_privs(), landlock_abi=abi, seccomp=filtered)


def _read_all(fd: int, timeout_s: float) -> bytes | None:
    deadline = time.monotonic() + timeout_s
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def probe(*, uid: int | None = None, gid: int | None = None,
          timeout_s: float = 5.0) -> IsolationReport:
    """What confine(uid=uid, gid=gid) would reach here, measured in a throw-away child.

    The child confines itself (no paths allowed), sends its report back as JSON over a pipe and
    exits; the caller is left untouched. Never raises: failures come back in `error`.
    """
    try:
        read_end, write_end = os.pipe()
    except OSError as exc:
        return IsolationReport(error=f"pipe: {exc}")
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        return IsolationReport(error=f"fork: {exc}")
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            try:
                message = asdict(confine(uid=uid, gid=gid))
            except BaseException as exc:  # report any failure, never unwind into the caller
                message = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            os.write(write_end, json.dumps(message).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    data = None
    try:
        data = _read_all(read_end, timeout_s)
    except OSError as exc:
        return IsolationReport(error=f"reading the probe answer: {exc}")
    finally:
        os.close(read_end)
        if data is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if data is None:
        return IsolationReport(error=f"probe child gave no answer within {timeout_s} s")
    try:
        return IsolationReport.from_dict(json.loads(data))
    except (ValueError, TypeError) as exc:
        return IsolationReport(error=f"unreadable probe answer: {exc}")
