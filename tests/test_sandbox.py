"""The confinement primitives, attacked from forked children.

Each test forks, confines the child with autograder.isolation.sandbox, lets it try an attack and sends
the outcome back as JSON over a pipe; the parent asserts and always reaps the child (with a
timeout). Tests skip only when the kernel lacks the mechanism (Landlock's ABI query, the
Seccomp field of /proc/self/status, probe() for network namespaces) or, for uid tests, when not
root. Run it as root and as a normal user: they take different paths (uid drop vs user
namespace).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import select
import shutil
import signal
import socket
import struct
import tempfile
import threading
import time
from dataclasses import asdict
from types import SimpleNamespace

import numpy as np
import pytest

from autograder.isolation.sandbox import (IsolationReport, Limits, SandboxError, confine, interpreter_paths,
                                kill_uid, landlock, probe, seccomp)

TEST_UID = 61001  # a uid no account uses; only needed when the suite runs as root
IS_ROOT = os.geteuid() == 0
PROBE = probe(uid=TEST_UID if IS_ROOT else None)
_REACHED = f"probe reached: {PROBE.describe()}"


def _kernel_has_seccomp() -> bool:
    try:
        return "\nSeccomp:" in _read("/proc/self/status")
    except OSError:
        return False


def _read(path: str) -> str:
    with open(path) as handle:
        return handle.read()


# Skips follow what the kernel offers, not what confine() reached: a confine() that silently
# stops applying a layer must fail test_probe_reaches_what_the_kernel_offers, not skip.
KERNEL_LANDLOCK_ABI = landlock.abi_version()
KERNEL_SECCOMP = _kernel_has_seccomp() and seccomp.MACHINE in seccomp.SYSCALLS
needs_landlock = pytest.mark.skipif(KERNEL_LANDLOCK_ABI == 0,
                                    reason="Landlock is not available on this kernel")
needs_seccomp = pytest.mark.skipif(not KERNEL_SECCOMP,
                                   reason="seccomp filters are not available here")
needs_netns = pytest.mark.skipif(not PROBE.network,
                                 reason=f"no network namespace can be created here ({_REACHED})")
needs_root = pytest.mark.skipif(not IS_ROOT, reason="switching to a dedicated uid needs root")
pytestmark = pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


# ---------------------------------------------------------------------------------- helpers

def attempt(action) -> str:
    """Run `action`; "ok", or the errno name / exception type it failed with."""
    try:
        action()
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc)) if exc.errno else type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - the name is the result
        return type(exc).__name__
    return "ok"


def _send(fd: int, message: dict) -> None:
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


def run_in_child(body, *, timeout_s: float = 5.0) -> SimpleNamespace:
    """Fork; the child runs body(send) and exits. Returns messages, wait status and times."""
    read_end, write_end = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            os.close(read_end)

            def send(**message):
                _send(write_end, message)
            send.fd = write_end  # for tests that close every other fd
            try:
                body(send)
            except BaseException as exc:
                _send(write_end, {"error": f"{type(exc).__name__}: {exc}"})
        finally:
            os._exit(0)
    os.close(write_end)
    buffer, timed_out = b"", False
    try:
        while True:
            remaining = start + timeout_s - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            if select.select([read_end], [], [], remaining)[0]:
                chunk = os.read(read_end, 65536)
                if not chunk:
                    break
                buffer += chunk
    finally:
        os.close(read_end)
        if timed_out:
            attempt(lambda: os.killpg(pid, signal.SIGKILL))  # it leads its own group
            attempt(lambda: os.kill(pid, signal.SIGKILL))
        _, status, usage = os.wait4(pid, 0)
    messages = {}
    for line in buffer.decode().splitlines():
        messages.update(json.loads(line))
    return SimpleNamespace(status=status, seconds=time.monotonic() - start, timed_out=timed_out,
                           cpu_seconds=usage.ru_utime + usage.ru_stime,
                           **{key: messages.get(key) for key in ("report", "result", "error")})


def run_confined(attack, sandbox, *, timeout_s: float = 5.0, **overrides) -> SimpleNamespace:
    """Confine a child the way the worker is confined, then run attack() -> dict in it."""
    options = dict(uid=TEST_UID if IS_ROOT else None,
                   read_paths=[*interpreter_paths(), sandbox.allowed],
                   write_paths=[sandbox.scratch], limits=Limits(cpu_s=5))
    options.update(overrides)

    def body(send):
        send(report=asdict(confine(**options)))
        send(result=attack())

    outcome = run_in_child(body, timeout_s=timeout_s)
    assert not outcome.timed_out, "the confined child did not finish in time"
    assert outcome.error is None, outcome.error
    return outcome


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


@pytest.fixture
def sandbox():
    """allowed/ (read-only), scratch/ (writable), outside/ (neither), all world-traversable."""
    base = tempfile.mkdtemp(prefix="sandbox-test-")
    os.chmod(base, 0o755)
    dirs = SimpleNamespace(base=base, **{name: os.path.join(base, name)
                                         for name in ("allowed", "scratch", "outside")})
    for path in (dirs.allowed, dirs.scratch, dirs.outside):
        os.mkdir(path)
        os.chmod(path, 0o755)
    for path, text in ((os.path.join(dirs.allowed, "data.txt"), "visible"),
                       (os.path.join(dirs.outside, "secret.txt"), "reference solution")):
        _write(path, text)
        os.chmod(path, 0o644)  # world-readable: only Landlock keeps the secret
    if IS_ROOT:
        os.chown(dirs.scratch, TEST_UID, TEST_UID)
    yield dirs
    shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------------------- the report

def test_probe_leaves_the_caller_unconfined():
    before = resource.getrlimit(resource.RLIMIT_CPU)
    report = probe()
    assert report.error == ""
    assert report.rlimits and report.no_new_privs
    assert resource.getrlimit(resource.RLIMIT_CPU) == before
    pid = os.fork()  # the caller may still fork: no seccomp filter leaked into it
    if pid == 0:
        os._exit(7)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7


def test_probe_reaches_what_the_kernel_offers():
    assert PROBE.error == ""
    assert PROBE.rlimits and PROBE.no_new_privs and PROBE.memory_limit > 0
    assert PROBE.landlock_abi == min(KERNEL_LANDLOCK_ABI, landlock.KNOWN_ABI)
    assert PROBE.seccomp is KERNEL_SECCOMP
    assert PROBE.uid_dropped is IS_ROOT
    assert PROBE.uid == (TEST_UID if IS_ROOT else os.getuid())


def test_describe_names_every_layer_reached_or_missing():
    full = IsolationReport(rlimits=True, uid=61001, uid_dropped=True, network=True,
                           landlock_abi=7, seccomp=True)
    assert full.describe() == "rlimits + dedicated uid + netns + Landlock ABI 7 + seccomp"
    bare = IsolationReport(rlimits=True, uid=1000, network=True, user_namespace=True)
    assert bare.describe() == "rlimits + grader's uid + userns+netns + no Landlock + no seccomp"
    assert "root (uid not dropped)" in IsolationReport(uid=0).describe()
    assert IsolationReport.from_dict({**asdict(full), "future_field": 1}) == full


def test_confine_refuses_a_multithreaded_process():
    def body(send):
        release = threading.Event()
        threading.Thread(target=release.wait, daemon=True).start()
        try:
            confine()
        except SandboxError as exc:
            send(result={"refused": str(exc)})
        finally:
            release.set()

    outcome = run_in_child(body)
    assert "single-threaded" in outcome.result["refused"]


# ------------------------------------------------------------------------------- filesystem

@needs_landlock
def test_reads_are_limited_to_read_paths(sandbox):
    secret = os.path.join(sandbox.outside, "secret.txt")
    outcome = run_confined(lambda: {
        "allowed": _read(os.path.join(sandbox.allowed, "data.txt")),
        "secret_0644": attempt(lambda: _read(secret)),
        "list_etc": attempt(lambda: os.listdir("/etc")),
        "parent_cmdline": attempt(lambda: _read(f"/proc/{os.getppid()}/cmdline")),
    }, sandbox)
    assert outcome.report["landlock_abi"] == min(KERNEL_LANDLOCK_ABI, landlock.KNOWN_ABI)
    assert outcome.result == {"allowed": "visible", "secret_0644": "EACCES",
                              "list_etc": "EACCES", "parent_cmdline": "EACCES"}


@needs_landlock
def test_writes_are_limited_to_write_paths(sandbox):
    def attack():
        inside = os.path.join(sandbox.scratch, "out.txt")
        return {
            "scratch": attempt(lambda: _write(inside, "x")),
            "rename_in_scratch": attempt(lambda: os.rename(inside, inside + ".bak")),
            "mkdir_in_scratch": attempt(lambda: os.mkdir(os.path.join(sandbox.scratch, "d"))),
            "outside": attempt(lambda: _write(os.path.join(sandbox.outside, "new.txt"), "x")),
            "overwrite_allowed": attempt(lambda: _write(os.path.join(sandbox.allowed, "data.txt"),
                                                        "")),
            "tmp": attempt(lambda: _write(os.path.join(tempfile.gettempdir(), "sandbox-leak"),
                                          "x")),
        }

    outcome = run_confined(attack, sandbox)
    assert outcome.result == {"scratch": "ok", "rename_in_scratch": "ok", "mkdir_in_scratch": "ok",
                              "outside": "EACCES", "overwrite_allowed": "EACCES", "tmp": "EACCES"}
    assert os.path.exists(os.path.join(sandbox.scratch, "out.txt.bak"))
    assert not os.path.exists(os.path.join(sandbox.outside, "new.txt"))


def test_scratch_stays_writable_and_readable(sandbox):
    path = os.path.join(sandbox.scratch, "notes.txt")
    outcome = run_confined(lambda: {"write": attempt(lambda: _write(path, "hello")),
                                    "read_back": _read(path)}, sandbox)
    assert outcome.result == {"write": "ok", "read_back": "hello"}


@needs_landlock
def test_missing_paths_are_skipped(sandbox):
    def body(send):
        missing = os.path.join(sandbox.base, "does", "not", "exist")
        secret = os.path.join(sandbox.outside, "secret.txt")
        abi = landlock.restrict([missing, sandbox.allowed], [missing])
        send(result={"abi": abi, "read": _read(os.path.join(sandbox.allowed, "data.txt")),
                     "outside": attempt(lambda: _read(secret))})

    outcome = run_in_child(body)
    assert outcome.error is None, outcome.error
    assert outcome.result == {"abi": min(KERNEL_LANDLOCK_ABI, landlock.KNOWN_ABI),
                              "read": "visible", "outside": "EACCES"}


def test_only_kept_fds_survive(sandbox):
    leaked = os.open(os.path.join(sandbox.outside, "secret.txt"), os.O_RDONLY)

    def body(send):
        confine(read_paths=[sandbox.allowed], write_paths=[sandbox.scratch],
                keep_fds=[0, 1, 2, send.fd], uid=TEST_UID if IS_ROOT else None)
        send(result={"leaked": attempt(lambda: os.read(leaked, 100))})

    try:
        outcome = run_in_child(body)
    finally:
        os.close(leaked)
    assert outcome.error is None, outcome.error
    assert outcome.result == {"leaked": "EBADF"}


# -------------------------------------------------------------------------------- processes

def _fork_and_reap():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


@needs_seccomp
def test_fork_exec_and_sockets_are_refused(sandbox):
    outcome = run_confined(lambda: {
        "fork": attempt(_fork_and_reap),
        "execv": attempt(lambda: os.execv("/bin/true", ["true"])),
        "socket": attempt(lambda: socket.socket()),
        "unix_socket": attempt(lambda: socket.socket(socket.AF_UNIX)),
        "socketpair": attempt(socket.socketpair),
        "clone3": attempt(lambda: _raw_syscall(seccomp.SYSCALLS[seccomp.MACHINE]["clone3"], 0, 0)),
        "unshare_net": attempt(lambda: _raw_syscall(seccomp.SYSCALLS[seccomp.MACHINE]["unshare"],
                                                    0x40000000)),
    }, sandbox)
    assert outcome.result == {"fork": "EPERM", "execv": "EPERM", "socket": "EPERM",
                              "unix_socket": "EPERM", "socketpair": "EPERM", "clone3": "ENOSYS",
                              "unshare_net": "EPERM"}


def _raw_syscall(number: int, *args: int) -> int:
    result = _libc.syscall(ctypes.c_long(number), *(ctypes.c_long(a) for a in args))
    if result == -1:
        raise OSError(ctypes.get_errno(), "syscall failed")
    return result


def test_threads_and_preloaded_numpy_keep_working(sandbox):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((200, 200)), rng.standard_normal((200, 200))
    expected = float(np.dot(a, b).sum())

    def attack():
        box = []
        worker = threading.Thread(target=lambda: box.append(float(np.dot(a, b).sum())))
        worker.start()
        worker.join(2)
        return {"thread": box[0] if box else None, "main": float(np.dot(a, b).sum())}

    outcome = run_confined(attack, sandbox)
    assert outcome.result["thread"] == pytest.approx(expected)
    assert outcome.result["main"] == pytest.approx(expected)


@pytest.mark.skipif(not (KERNEL_SECCOMP or KERNEL_LANDLOCK_ABI >= 6 or IS_ROOT),
                    reason=f"nothing here stops signals to the parent ({_REACHED})")
def test_parent_cannot_be_signalled(sandbox):
    outcome = run_confined(lambda: {"parent": attempt(lambda: os.kill(os.getppid(), 0)),
                                    "self": attempt(lambda: os.kill(os.getpid(), 0))}, sandbox)
    assert outcome.result == {"parent": "EPERM", "self": "ok"}


@needs_seccomp
def test_grader_limits_cannot_be_touched(sandbox):
    # A read-only prlimit query: harmless to the test runner even if it were allowed.
    outcome = run_confined(lambda: {
        "parent": attempt(lambda: resource.prlimit(os.getppid(), resource.RLIMIT_CPU)),
        "self": attempt(lambda: resource.prlimit(0, resource.RLIMIT_CPU)),
    }, sandbox)
    assert outcome.result == {"parent": "EPERM", "self": "ok"}


# ---------------------------------------------------------------------------------- rlimits

def test_rlimits_are_set_and_cannot_be_raised(sandbox):
    limits = Limits(cpu_s=5, file_kib=1024, open_files=32)

    def attack():
        big = os.path.join(sandbox.scratch, "big.bin")
        return {
            "cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "core": resource.getrlimit(resource.RLIMIT_CORE),
            "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
            "raise_cpu": attempt(lambda: resource.setrlimit(resource.RLIMIT_CPU, (5, 100))),
            "write_2mib": attempt(lambda: _write(big, "x" * (2 << 20))),
        }

    outcome = run_confined(attack, sandbox, limits=limits)
    assert outcome.result == {"cpu": [5, 6], "core": [0, 0], "nofile": [32, 32],
                              "raise_cpu": "ValueError", "write_2mib": "EFBIG"}


def test_memory_bomb_raises_memory_error(sandbox):
    def attack():
        if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
            return {"bomb": "no RLIMIT_AS: not attempted"}  # never touch 16 GiB for real
        return {"bomb": attempt(lambda: np.ones(1 << 31)), "after": float(np.ones(1000).sum())}

    outcome = run_confined(attack, sandbox, limits=Limits(cpu_s=5, memory_mib=1024))
    assert outcome.result == {"bomb": "MemoryError", "after": 1000.0}


def test_address_space_never_below_what_is_mapped(sandbox):
    a = np.ones((200, 200))
    outcome = run_confined(lambda: {"dot": float(np.dot(a, a).sum())}, sandbox,
                           limits=Limits(cpu_s=5, memory_mib=1, min_headroom_mib=128))
    assert outcome.result == {"dot": 200.0 * 200 * 200}
    assert outcome.report["memory_limit"] > 128 << 20


def test_cpu_spin_is_killed_by_rlimit_cpu(sandbox):
    def spin():
        while True:
            pass

    def body(send):
        confine(uid=TEST_UID if IS_ROOT else None, read_paths=[sandbox.allowed],
                write_paths=[sandbox.scratch], limits=Limits(cpu_s=1))
        spin()

    outcome = run_in_child(body, timeout_s=10.0)  # CPU time, not wall time: allow a busy host
    assert not outcome.timed_out
    assert os.WIFSIGNALED(outcome.status) and os.WTERMSIG(outcome.status) == signal.SIGXCPU
    assert 0.5 < outcome.cpu_seconds < 1.9  # CPU seconds as the kernel counts them on a busy host


# ------------------------------------------------------------------------------ uid and net

@needs_root
def test_root_switches_to_the_dedicated_uid(sandbox):
    private = os.path.join(sandbox.allowed, "root-only.txt")
    _write(private, "hidden tests")
    os.chmod(private, 0o600)  # inside read_paths, so only file permissions stand in the way

    outcome = run_confined(lambda: {
        "uid": os.getuid(), "euid": os.geteuid(), "groups": os.getgroups(),
        "read_0600": attempt(lambda: _read(private)),
        "setuid_0": attempt(lambda: os.setuid(0)),
    }, sandbox)
    assert outcome.report["uid_dropped"] is True
    assert outcome.result == {"uid": TEST_UID, "euid": TEST_UID, "groups": [],
                              "read_0600": "EACCES", "setuid_0": "EPERM"}


@needs_root
def test_kill_uid_reaches_every_process_of_that_uid():
    uid = TEST_UID + 1
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            time.sleep(30)
        finally:
            os._exit(0)
    try:
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and _uid_of(pid) != uid:
            time.sleep(0.005)
        assert kill_uid(uid) is True
    finally:
        attempt(lambda: os.kill(pid, signal.SIGKILL))
        status = os.waitpid(pid, 0)[1]
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    with pytest.raises(SandboxError):
        kill_uid(0)


def _uid_of(pid: int) -> int:
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    return -1


@needs_netns
def test_network_namespace_cuts_off_host_loopback(sandbox):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    address = listener.getsockname()
    try:
        # Landlock (TCP rules) and seccomp (socket) are off, so only the namespace is tested.
        outcome = run_confined(lambda: {"connect": attempt(lambda: _connect(address))},
                               sandbox, landlock=False, seccomp=False)
    finally:
        listener.close()
    assert outcome.report["network"] is True
    assert outcome.result == {"connect": "ENETUNREACH"}


def _connect(address) -> None:
    with socket.socket() as client:  # no create_connection: it would import the idna codec
        client.settimeout(1)
        client.connect(address)


# ------------------------------------------------------------------- the filter, both machines

def _run_bpf(program, data: bytes) -> int:
    """A tiny classic-BPF interpreter for the opcodes seccomp.build_filter emits."""
    pc, acc = 0, 0
    while True:
        code, jt, jf, k = program[pc]
        if code == 0x20:
            acc = int.from_bytes(data[k:k + 4], "little")
            pc += 1
        elif code == 0x05:
            pc += 1 + k
        elif code in (0x15, 0x35, 0x45):
            taken = {0x15: acc == k, 0x35: acc >= k, 0x45: bool(acc & k)}[code]
            pc += 1 + (jt if taken else jf)
        elif code == 0x06:
            return k
        else:
            raise AssertionError(f"unexpected opcode {code:#x}")


def _seccomp_data(nr: int, arch: int, *args: int) -> bytes:
    args = list(args) + [0] * (6 - len(args))
    return (nr.to_bytes(4, "little") + arch.to_bytes(4, "little") + bytes(8)
            + b"".join((a & (2**64 - 1)).to_bytes(8, "little") for a in args))


@pytest.mark.parametrize("machine, arch, read_nr", [("x86_64", 0xC000003E, 0),
                                                    ("aarch64", 0xC00000B7, 63)])
def test_filter_decisions(machine, arch, read_nr):
    me = 4242
    program = seccomp.build_filter(machine, me)
    table = seccomp.SYSCALLS[machine]
    allow, eperm, enosys = 0x7FFF0000, 0x50000 | errno.EPERM, 0x50000 | errno.ENOSYS
    thread_flags = 0x00010000 | 0x00000100 | 0x00000800  # CLONE_THREAD | VM | SIGHAND

    def decide(name_or_nr, *args, arch=arch):
        nr = table[name_or_nr] if isinstance(name_or_nr, str) else name_or_nr
        return _run_bpf(program, _seccomp_data(nr, arch, *args))

    assert decide(read_nr, 0) == allow
    assert decide(read_nr, 0, arch=0x40000003) == enosys  # i386 on x86_64, or a foreign arch
    assert decide("socket", 1) == eperm
    assert decide("socket", 2) == eperm
    assert decide("execve") == eperm
    assert decide("clone3") == enosys
    assert decide("clone", 0x11) == eperm  # what fork() becomes on aarch64: SIGCHLD only
    assert decide("clone", thread_flags) == allow
    assert decide("clone", thread_flags | 0x40000000) == eperm  # thread in a new netns
    assert decide("kill", me) == allow
    assert decide("kill", 0) == allow
    assert decide("kill", -me) == allow
    assert decide("kill", me + 1) == eperm
    assert decide("kill", -1) == eperm
    assert decide("tgkill", me, me + 3) == allow
    assert decide("tgkill", me - 1, me - 1) == eperm
    assert decide("prlimit64", 0) == allow
    assert decide("prlimit64", me - 1) == eperm
    assert decide("ioctl", 1, 0x5412) == eperm  # TIOCSTI
    assert decide("ioctl", 1, 0x5401) == allow  # TCGETS
    if machine == "x86_64":
        assert decide("fork") == eperm
        assert decide(0x40000000 | 39) == enosys  # x32 getpid
    else:
        assert "fork" not in table and "mknod" not in table


@pytest.mark.skipif(seccomp.MACHINE not in seccomp.SYSCALLS,
                    reason="no seccomp table for this machine")
def test_installed_filter_is_the_tested_filter():
    program = seccomp.build_filter(seccomp.MACHINE, 31337)
    expected = b"".join(struct.pack("=HBBI", *ins) for ins in program)
    assert bytes(seccomp.packed_filter(31337)) == expected
