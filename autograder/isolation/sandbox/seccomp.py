"""A seccomp-BPF filter for student workers, assembled by hand (no libseccomp).

Policy (everything not listed is allowed; the filesystem is Landlock's job):

* Wrong audit arch (an i386 `int 0x80` on x86_64) or an x32 syscall number: ENOSYS.
* clone3: ENOSYS, so glibc falls back to clone, whose flags a filter can read.
* clone: allowed only for threads (CLONE_THREAD set, no namespace flag); otherwise EPERM.
  fork/vfork (x86_64 only; aarch64 has just clone) are EPERM. Threads and OpenBLAS keep working.
* EPERM for: sockets of every family (the worker talks over inherited pipes), exec, ptrace and
  cross-process memory, namespaces and mounts, bpf/perf, keys, kexec and modules, reboot and
  swap, userfaultfd, io_uring (its requests would bypass this filter), mknod (FIFOs and device
  nodes: no use to numpy), personality, file handles, pidfds, kcmp, page migration of other
  processes, acct/syslog/vhangup/quotas/fanotify, tkill, setpriority/ioprio_set, and on x86_64
  iopl/ioperm/modify_ldt/uselib.
* kill, tgkill, rt_(tg)sigqueueinfo: only to this process (or its own process group for kill).
  prlimit64 and sched_set{affinity,scheduler,param,attr}: only on pid 0 or this process. This
  keeps the grader safe from signals and from having its limits lowered even when the worker
  shares its uid and Landlock's signal scope (ABI 6) is missing.
* ioctl TIOCSTI/TIOCLINUX (typing into a terminal): EPERM.

The filter embeds the pid of the process that installs it; install() in the final worker.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

from ._libc import (MACHINE, PR_GET_SECCOMP, PR_SET_SECCOMP, SandboxError, prctl,
                    set_no_new_privs, syscall)

__all__ = ["DENIED", "SYSCALLS", "build_filter", "install", "packed_filter"]

# Syscall numbers, checked against the kernel headers (asm/unistd_64.h for x86_64, the shared
# asm-generic/unistd.h for aarch64). Names missing from a table do not exist on that machine.
_COMMON_NEW = {
    "pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426,
    "io_uring_register": 427, "open_tree": 428, "move_mount": 429, "fsopen": 430,
    "fsconfig": 431, "fsmount": 432, "fspick": 433, "pidfd_open": 434, "clone3": 435,
    "pidfd_getfd": 438, "process_madvise": 440, "mount_setattr": 442, "quotactl_fd": 443,
    "process_mrelease": 448, "fchmodat2": 452, "open_tree_attr": 467,
}
SYSCALLS: dict[str, dict[str, int]] = {
    "x86_64": {
        "ioctl": 16, "socket": 41, "socketpair": 53, "clone": 56, "fork": 57, "vfork": 58,
        "execve": 59, "kill": 62, "ptrace": 101, "syslog": 103, "rt_sigqueueinfo": 129,
        "mknod": 133, "uselib": 134, "personality": 135, "setpriority": 141,
        "sched_setparam": 142, "sched_setscheduler": 144, "vhangup": 153, "modify_ldt": 154,
        "pivot_root": 155, "chroot": 161, "acct": 163, "mount": 165, "umount2": 166,
        "swapon": 167, "swapoff": 168, "reboot": 169, "iopl": 172, "ioperm": 173,
        "init_module": 175, "delete_module": 176, "quotactl": 179, "tkill": 200,
        "sched_setaffinity": 203, "lookup_dcookie": 212, "tgkill": 234, "kexec_load": 246,
        "add_key": 248, "request_key": 249, "keyctl": 250, "ioprio_set": 251,
        "migrate_pages": 256, "mknodat": 259, "unshare": 272, "move_pages": 279,
        "rt_tgsigqueueinfo": 297, "perf_event_open": 298, "fanotify_init": 300,
        "prlimit64": 302, "name_to_handle_at": 303, "open_by_handle_at": 304, "setns": 308,
        "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "finit_module": 313,
        "sched_setattr": 314, "seccomp": 317, "kexec_file_load": 320, "bpf": 321,
        "execveat": 322, "userfaultfd": 323,
        "shmget": 29, "shmat": 30, "shmctl": 31, "semget": 64, "semop": 65, "semctl": 66,
        "shmdt": 67, "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "semtimedop": 220,
        "mq_open": 240, "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243,
        "mq_notify": 244, "mq_getsetattr": 245,
        "chmod": 90, "fchmod": 91, "chown": 92, "fchown": 93, "lchown": 94, "utime": 132,
        "utimes": 235, "fchownat": 260, "futimesat": 261, "fchmodat": 268, "utimensat": 280,
        **_COMMON_NEW,
    },
    "aarch64": {
        "lookup_dcookie": 18, "ioctl": 29, "ioprio_set": 30, "mknodat": 33, "umount2": 39,
        "mount": 40, "pivot_root": 41, "chroot": 51, "vhangup": 58, "quotactl": 60,
        "acct": 89, "personality": 92, "unshare": 97, "kexec_load": 104, "init_module": 105,
        "delete_module": 106, "syslog": 116, "ptrace": 117, "sched_setparam": 118,
        "sched_setscheduler": 119, "sched_setaffinity": 122, "kill": 129, "tkill": 130,
        "tgkill": 131, "rt_sigqueueinfo": 138, "setpriority": 140, "reboot": 142,
        "socket": 198, "socketpair": 199, "add_key": 217, "request_key": 218, "keyctl": 219,
        "clone": 220, "execve": 221, "swapon": 224, "swapoff": 225, "migrate_pages": 238,
        "move_pages": 239, "rt_tgsigqueueinfo": 240, "perf_event_open": 241,
        "prlimit64": 261, "fanotify_init": 262, "name_to_handle_at": 264,
        "open_by_handle_at": 265, "setns": 268, "process_vm_readv": 270,
        "process_vm_writev": 271, "kcmp": 272, "finit_module": 273, "sched_setattr": 274,
        "seccomp": 277, "bpf": 280, "execveat": 281, "userfaultfd": 282,
        "kexec_file_load": 294,
        "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183,
        "mq_notify": 184, "mq_getsetattr": 185, "msgget": 186, "msgctl": 187, "msgrcv": 188,
        "msgsnd": 189, "semget": 190, "semctl": 191, "semtimedop": 192, "semop": 193,
        "shmget": 194, "shmctl": 195, "shmat": 196, "shmdt": 197,
        "fchmod": 52, "fchmodat": 53, "fchownat": 54, "fchown": 55, "utimensat": 88,
        **_COMMON_NEW,
    },
}
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}  # EM_* | 64BIT | LE
_X32_SYSCALL_BIT = 0x40000000

DENIED = (
    "socket", "socketpair", "fork", "vfork", "execve", "execveat",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree",
    "open_tree_attr", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "bpf", "perf_event_open", "keyctl", "add_key", "request_key", "kexec_load",
    "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot", "swapon",
    "swapoff", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "mknod", "mknodat", "personality", "name_to_handle_at", "open_by_handle_at",
    "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "process_madvise", "process_mrelease",
    "move_pages", "migrate_pages", "acct", "syslog", "vhangup", "quotactl", "quotactl_fd",
    "fanotify_init", "lookup_dcookie", "tkill", "setpriority", "ioprio_set",
    "iopl", "ioperm", "modify_ldt", "uselib",
    # System V IPC and POSIX message queues outlive the worker: a channel between students.
    "shmget", "shmat", "shmctl", "shmdt", "semget", "semop", "semctl", "semtimedop",
    "msgget", "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink", "mq_timedsend",
    "mq_timedreceive", "mq_notify", "mq_getsetattr",
    # Changing modes, owners or times of files the worker can reach but should not alter.
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
    "utime", "utimes", "futimesat", "utimensat",
)
_SELF_OR_ZERO = ("prlimit64", "sched_setaffinity", "sched_setscheduler", "sched_setparam",
                 "sched_setattr")
_SELF_TGID = ("tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")

CLONE_THREAD = 0x00010000
# CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
_CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 \
    | 0x20000000 | 0x40000000
_TIOCSTI, _TIOCLINUX = 0x5412, 0x541C

# Classic BPF opcodes and struct seccomp_data offsets (little-endian on both machines).
_LD_W_ABS, _JA, _JEQ, _JGE, _JSET, _RET = 0x20, 0x05, 0x15, 0x35, 0x45, 0x06
_OFF_NR, _OFF_ARCH = 0, 4
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_MODE_FILTER = 2
SECCOMP_FILTER_FLAG_TSYNC = 1


def _arg_low(index: int) -> int:
    return 16 + 8 * index  # low 32 bits of args[index]


class _Assembler:
    """Collects instructions; jumps name labels that must lie ahead (BPF jumps forward only)."""

    def __init__(self) -> None:
        self.code: list[tuple[int, object, object, int]] = []
        self.labels: dict[str, int] = {}

    def load(self, offset: int) -> None:
        self.code.append((_LD_W_ABS, 0, 0, offset))

    def jump_if(self, op: int, k: int, true: object = 0, false: object = 0) -> None:
        self.code.append((op, true, false, k))

    def goto(self, label: str) -> None:
        self.code.append((_JA, 0, 0, label))  # type: ignore[arg-type]

    def ret(self, value: int) -> None:
        self.code.append((_RET, 0, 0, value))

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def assemble(self) -> list[tuple[int, int, int, int]]:
        out = []
        for index, (op, jt, jf, k) in enumerate(self.code):
            def offset(target: object, limit: int) -> int:
                if isinstance(target, int):
                    return target
                distance = self.labels[target] - index - 1
                if not 0 <= distance <= limit:
                    raise SandboxError(f"seccomp: jump to {target} out of range ({distance})")
                return distance
            if op == _JA:
                out.append((op, 0, 0, offset(k, 0xFFFFFFFF)))
            else:
                out.append((op, offset(jt, 255), offset(jf, 255), k))
        return out


def _template(machine: str) -> tuple[list[tuple[int, int, int, int]], int, int]:
    """The filter for `machine` with k=0 where the pid goes: (program, pid slot, -pid slot)."""
    table = SYSCALLS[machine]
    asm = _Assembler()
    asm.load(_OFF_ARCH)
    asm.jump_if(_JEQ, _AUDIT_ARCH[machine], false="enosys")
    asm.load(_OFF_NR)
    if machine == "x86_64":
        asm.jump_if(_JGE, _X32_SYSCALL_BIT, true="enosys")
    for name in DENIED:
        if name in table:
            asm.jump_if(_JEQ, table[name], true="eperm")
    asm.jump_if(_JEQ, table["clone3"], true="enosys")
    asm.jump_if(_JEQ, table["clone"], true="clone")
    asm.jump_if(_JEQ, table["kill"], true="kill")
    for name in _SELF_TGID:
        asm.jump_if(_JEQ, table[name], true="tgid")
    for name in _SELF_OR_ZERO:
        asm.jump_if(_JEQ, table[name], true="self_or_zero")
    asm.jump_if(_JEQ, table["ioctl"], true="ioctl")
    asm.goto("allow")

    asm.label("clone")  # flags are args[0] on both machines; the kernel reads 32 bits
    asm.load(_arg_low(0))
    asm.jump_if(_JSET, CLONE_THREAD, false="eperm")
    asm.jump_if(_JSET, _CLONE_NAMESPACES, true="eperm", false="allow")

    asm.label("kill")  # kill(pid): 0 and -pid are our own process group (we are its leader)
    asm.load(_arg_low(0))
    asm.jump_if(_JEQ, 0, true="allow")
    group_slot = len(asm.code)
    asm.jump_if(_JEQ, 0, true="allow")  # k = -pid
    asm.goto("self")

    asm.label("self_or_zero")
    asm.load(_arg_low(0))
    asm.jump_if(_JEQ, 0, true="allow")
    asm.goto("self")

    asm.label("tgid")
    asm.load(_arg_low(0))
    asm.label("self")  # args[0] is loaded on every path that reaches here
    self_slot = len(asm.code)
    asm.jump_if(_JEQ, 0, true="allow", false="eperm")  # k = pid

    asm.label("ioctl")
    asm.load(_arg_low(1))
    asm.jump_if(_JEQ, _TIOCSTI, true="eperm")
    asm.jump_if(_JEQ, _TIOCLINUX, true="eperm", false="allow")

    asm.label("allow")
    asm.ret(RET_ALLOW)
    asm.label("eperm")
    asm.ret(RET_ERRNO | errno.EPERM)
    asm.label("enosys")
    asm.ret(RET_ERRNO | errno.ENOSYS)
    return asm.assemble(), self_slot, group_slot


def build_filter(machine: str, pid: int) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions for `machine` ("x86_64" or "aarch64")."""
    program, self_slot, group_slot = _template(machine)
    for index, value in ((self_slot, pid), (group_slot, -pid)):
        code, jt, jf, _ = program[index]
        program[index] = (code, jt, jf, value & 0xFFFFFFFF)
    return program


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


_INSTRUCTION = struct.Struct("=HBBI")  # struct sock_filter


def _pack(machine: str) -> tuple[bytes, int, int]:
    program, self_slot, group_slot = _template(machine)
    return b"".join(_INSTRUCTION.pack(*ins) for ins in program), self_slot, group_slot


# Assembled once at import, in the zygote: a forked child only patches in its pid. Building it
# in the child costs ~1.5 ms, mostly copy-on-write faults on the objects Python touches.
_PACKED = _pack(MACHINE) if MACHINE in SYSCALLS else None


def packed_filter(pid: int) -> bytearray:
    """This machine's filter for `pid` as an array of struct sock_filter (see _PACKED)."""
    packed, self_slot, group_slot = _PACKED
    buffer = bytearray(packed)
    for index, value in ((self_slot, pid), (group_slot, -pid)):
        struct.pack_into("=I", buffer, index * _INSTRUCTION.size + 4, value & 0xFFFFFFFF)
    return buffer


def install() -> bool:
    """Install the filter on every thread of the calling process; False if unsupported here.

    Sets no_new_privs first. Raises SandboxError when seccomp exists but refuses the filter.
    """
    if _PACKED is None:
        return False
    buffer = packed_filter(os.getpid())
    count = len(buffer) // _INSTRUCTION.size
    instructions = (_SockFilter * count).from_buffer(buffer)
    fprog = _SockFprog(count, instructions)
    if not set_no_new_privs():
        raise SandboxError("seccomp: could not set no_new_privs")
    try:
        failed_tid = syscall(SYSCALLS[MACHINE]["seccomp"], SECCOMP_SET_MODE_FILTER,
                             SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog))
    except OSError as exc:
        if exc.errno not in (errno.ENOSYS, errno.EINVAL):
            raise SandboxError(f"seccomp: {exc}") from exc
        try:  # kernels before 3.17: no seccomp(2), no thread sync
            prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog))
        except OSError as exc2:
            if exc2.errno == errno.EINVAL:
                return False  # built without CONFIG_SECCOMP_FILTER
            raise SandboxError(f"seccomp: {exc2}") from exc2
        failed_tid = 0
    if failed_tid:
        raise SandboxError(f"seccomp: thread {failed_tid} could not be synchronised")
    return prctl(PR_GET_SECCOMP) == SECCOMP_MODE_FILTER
