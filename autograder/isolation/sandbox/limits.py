"""Resource limits (setrlimit) for one worker process.

Choices, measured on the project machine (kernel 6.18, 2 vCPUs, numpy 2.2.6):

* RLIMIT_AS: a fork of a zygote that has imported numpy already maps about 130-170 MiB
  (135 MiB with 2 OpenBLAS threads, 95 MiB with OPENBLAS_NUM_THREADS=1, +32 MiB after the
  first np.dot). A limit below what is mapped makes every later mmap fail, so the limit is
  `max(memory_mib, mapped now + min_headroom_mib)`: a tight course setting can never break
  the worker, and a roomy one stays the total it says.
* RLIMIT_CPU: soft `cpu_s` (SIGXCPU, which kills since Python leaves its default action),
  hard `cpu_s + cpu_grace_s` (SIGKILL if the student ignores SIGXCPU).
* RLIMIT_NPROC counts every task (threads too) of the *real uid, system-wide*. It is only set
  when the worker runs as a dedicated uid; as a normal user it would count the grader's own
  processes, and fork is already refused by seccomp.
* RLIMIT_FSIZE: Python ignores SIGXFSZ, so an oversized write fails with EFBIG.
* Hard limits are lowered together with soft ones, so the student cannot raise them back.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass

__all__ = ["Limits", "apply_rlimits", "mapped_bytes"]

_MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Per-worker limits; names follow `[grading.limits]` in course.toml."""

    cpu_s: int = 60
    cpu_grace_s: int = 1
    memory_mib: int = 1024
    min_headroom_mib: int = 256
    file_kib: int = 1024
    open_files: int = 64
    processes: int = 64  # RLIMIT_NPROC, applied only with a dedicated uid; threads count too

    def __post_init__(self) -> None:
        for name in ("cpu_s", "cpu_grace_s", "memory_mib", "file_kib", "open_files", "processes"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits: {name}={value!r} must be a positive integer")
        if self.min_headroom_mib < 0:
            raise ValueError(f"Limits: min_headroom_mib={self.min_headroom_mib!r} must be >= 0")


def mapped_bytes() -> int:
    """Virtual memory the calling process has mapped now (VmSize), 0 if /proc is unreadable."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _lower(which: int, soft: int, hard: int) -> tuple[int, int]:
    # Never ask for more than the current hard limit: a non-root caller may not raise it.
    _, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
    soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))
    return soft, hard


def apply_rlimits(limits: Limits, *, dedicated_uid: bool = False) -> dict[str, tuple[int, int]]:
    """Apply `limits` to the calling process; return {"RLIMIT_...": (soft, hard)} as set.

    dedicated_uid: the caller is about to switch to a uid no other process uses, which makes
    RLIMIT_NPROC meaningful; otherwise it is left alone.
    """
    address_space = max(limits.memory_mib * _MIB, mapped_bytes() + limits.min_headroom_mib * _MIB)
    applied = {
        "RLIMIT_CORE": _lower(resource.RLIMIT_CORE, 0, 0),
        "RLIMIT_CPU": _lower(resource.RLIMIT_CPU, limits.cpu_s, limits.cpu_s + limits.cpu_grace_s),
        "RLIMIT_FSIZE": _lower(resource.RLIMIT_FSIZE, limits.file_kib << 10, limits.file_kib << 10),
        "RLIMIT_NOFILE": _lower(resource.RLIMIT_NOFILE, limits.open_files, limits.open_files),
        "RLIMIT_AS": _lower(resource.RLIMIT_AS, address_space, address_space),
    }
    if dedicated_uid:
        applied["RLIMIT_NPROC"] = _lower(resource.RLIMIT_NPROC, limits.processes, limits.processes)
    return applied
