"""The only place that starts processes: the fork server and the confined workers it forks.

`Runner` owns one fork server and the worker uid. `Runner.session(files)` copies one
submission's files into a fresh folder and returns a `Session` (session.py), which spawns
confined workers through `Runner.spawn` and talks to each through a `WorkerHandle`
(channel.py); what comes back is checked into the records of records.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import autograder
from autograder.course import Limits
from autograder.errors import AutogradeError
from autograder.isolation.channel import WorkerHandle
from autograder.isolation.session import Session, remove_tree

__all__ = ["Runner", "RunnerError"]


class RunnerError(AutogradeError):
    """The grading machinery itself could not start (not the student's fault)."""


PACKAGE_DIR = Path(autograder.__file__).resolve().parent
# Uids for workers when the grader runs as root: one per concurrent fork server, so
# RLIMIT_NPROC (counted per uid, system-wide) and kill-by-uid never touch another worker.
WORKER_UID_BASE = 61000
UID_SLOTS = 512


def _clean_env(home: str) -> dict:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": home,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        # One BLAS thread: predictable memory under RLIMIT_AS and no thread fan-out.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _read_paths() -> list[str]:
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(PACKAGE_DIR)}
    import numpy

    paths.add(str(Path(numpy.__file__).resolve().parent))
    for extra in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo", "/dev/null", "/dev/urandom"):
        paths.add(extra)
    return sorted(paths)


class Runner:
    """One fork server and the workers it forks, for one grading process at a time."""

    def __init__(self, limits: Limits, *, slot: int = 0, confine: bool = True):
        self.limits = limits
        self.confine = confine
        self.slot = slot
        self.uid_lock = None
        self.uid = self._claim_uid(slot) if (confine and os.geteuid() == 0) else None
        self.base = Path(tempfile.mkdtemp(prefix="autograder-"))
        os.chmod(self.base, 0o711)
        self.read_paths = _read_paths()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        boot = (
            "import sys, json; sys.path.insert(0, sys.argv[1]); "
            "from autograder.isolation import zygote; zygote.main(int(sys.argv[2]), json.loads(sys.argv[3]))"
        )
        hidden = [str(PACKAGE_DIR.parent)]
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", boot, str(PACKAGE_DIR.parent), str(theirs.fileno()), json.dumps(hidden)],
                pass_fds=[theirs.fileno()],
                env=_clean_env(str(self.base)),
                cwd=str(self.base),
                stdin=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise RunnerError(f"could not start the worker server: {exc}") from None
        theirs.close()
        self.control = ours
        self.control_file = ours.makefile("rb")
        self.isolation = ""
        self.sessions = 0
        if self.uid is not None:
            self.kill_leftovers()  # a grader killed earlier may have left workers under this uid

    def _claim_uid(self, slot: int) -> int:
        """A worker uid no other running grader on this machine holds (a lock file per uid).

        Two graders sharing a uid would kill each other's workers when cleaning up by uid.
        """
        import fcntl

        folder = Path(tempfile.gettempdir()) / "autograder-uid-locks"
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_uid != os.geteuid():
            raise RunnerError(f"{folder} is not owned by this user; remove it and try again")
        for offset in range(UID_SLOTS):
            uid = WORKER_UID_BASE + (slot + offset) % UID_SLOTS
            handle = open(folder / f"{uid}.lock", "a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.uid_lock = handle
            return uid
        raise RunnerError(f"all {UID_SLOTS} worker uids are in use by other graders on this machine")

    # -- control channel
    def _request(self, message: dict, *, fds: int = 0):
        self.control.sendall(json.dumps(message).encode() + b"\n")
        if fds:
            msg, received, _, _ = socket.recv_fds(self.control, 4096, fds)
            if not msg:
                raise RunnerError("the worker server stopped; see the messages above")
            return json.loads(msg.decode()), received
        line = self.control_file.readline()
        if not line:
            raise RunnerError("the worker server stopped; see the messages above")
        return json.loads(line), []

    def spawn(self, folder: Path, scratch: Path) -> "WorkerHandle":
        limits = self.limits
        spec = {
            "folder": str(folder),
            "scratch": str(scratch),
            "uid": self.uid,
            "read_paths": self.read_paths + [str(folder)],
            "limits": {
                "memory_mib": limits.memory_mib,
                "cpu_s": limits.cpu_s,
                "file_kib": limits.file_kib,
                "processes": limits.processes,
                "open_files": limits.open_files,
                "confine": self.confine,
            },
            "output_limit": limits.output_kib * 1024,
        }
        reply, fds = self._request({"op": "spawn", "spec": spec}, fds=3)
        if len(fds) != 3:
            raise RunnerError("the worker server did not hand over the worker's pipes")
        proc = WorkerHandle(reply["pid"], *fds, output_limit=limits.output_kib * 1024)
        return proc

    def kill_leftovers(self) -> None:
        if self.uid is not None:
            self._request({"op": "kill_uid", "uid": self.uid})

    def session(self, files: dict[str, bytes], *, student: str = "submission") -> "Session":
        names = [Path(name).name for name in files]
        if any(n in ("", ".", "..") for n in names) or len(set(names)) != len(names):
            raise ValueError(f"submission file names must be distinct plain names, got {sorted(files)!r}")
        self.sessions += 1
        root = Path(tempfile.mkdtemp(prefix="sub-", dir=self.base))
        os.chmod(root, 0o711)
        folder = root / "files"
        scratch = root / "scratch"
        folder.mkdir(mode=0o755)
        scratch.mkdir(mode=0o700)
        os.chmod(folder, 0o755)
        for name, content in files.items():
            target = folder / Path(name).name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        if self.uid is not None:
            os.chown(scratch, self.uid, self.uid)
        return Session(self, root, folder, scratch)

    def close(self) -> None:
        try:
            self.control.sendall(b'{"op": "exit"}\n')
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.control_file.close()
        self.control.close()
        remove_tree(self.base)
        if self.uid_lock is not None:
            self.uid_lock.close()  # releases the uid for the next grader

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


