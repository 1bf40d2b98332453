"""Hostile submissions, graded end to end: runner, fork server, confined worker and engine.

Each file in tests/hostile/ is a complete forward_propagation.py written to attack the grader
(the families of the catalogue in /work/shared/reference/sandboxing.md, section 6). After
grading one, every test asserts:

  (a) the grader finished within BOUND_S seconds;
  (b) the attacked function gained nothing: a hang, crash or exit scores 0, and a cheat scores
      no more than an honest function returning the same wrong value (graded alongside);
  (c) the other function, written correctly in the same file, kept full marks, unless the
      attack runs at import time;
  (d) nothing outside the session folder changed: a world-writable bait folder (so only the
      sandbox protects it), /tmp, /var/tmp and /dev/shm, System V IPC, the runner's folder;
  (e) no process is left: none with the worker uid (as root), none below the fork server,
      no orphaned worker;
  (f) no text of the reference solution or hidden checks appears in the student output,
      a check message, a note, the Gradescope results or feedback.md.

Speed: most tests use a plan with FAST_EXAMPLES examples per check instead of the course's
100 (the same checks and seeds, fewer draws), which keeps the suite near 3 minutes on 2 cores;
the correct-submission baseline uses the course default. Attacks print "ESCAPED ..." when
something that must be impossible worked; the grader keeps that output as plain text.

Run it as root (dedicated worker uid) and as a normal user (shared uid): the confinement
takes different paths. xfail(strict=True) marks document grader bugs this suite found.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.course import load
from autograder.render.feedback import feedback_markdown
from autograder.grading.plan import make_plan
from autograder.pipeline import grade_files
from autograder.outputs.results_json import dumps, to_gradescope
from autograder.isolation.runner import Runner

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).with_name("hostile")
EXERCISE = "01_forward_propagation"
FILE = "forward_propagation.py"
REFERENCE = ROOT / "solutions" / EXERCISE / FILE
IS_ROOT = os.geteuid() == 0
# Slots apart from tests/conftest.py's shared runner (10+): each runner claims its own worker uid
# (runner.uid), which the leftover checks look for.
_XDIST = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
SLOT = 40 + _XDIST
TIGHT_SLOT = 50 + _XDIST
BOUND_S = 30.0
FAST_EXAMPLES = 20
TOKEN = f"hostile-{os.getpid()}-{secrets.token_hex(4)}"
IPC_KEY = int.from_bytes(hashlib.sha256(TOKEN.encode()).digest()[:3], "big") + 0x10000

CORRECT = '''\
import numpy as np


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
'''


def honest(function: str = "", body: str = "") -> str:
    """The correct submission with one function's body replaced (an honest wrong answer)."""
    if not function:
        return CORRECT
    old = {"node_value": "    return _dot(input_data, node_weights)\n", "predict": '    return _dot(hidden, weights["output"])\n'}[function]
    return CORRECT.replace(old, f"    {body}\n")


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def course():
    return load(ROOT)


def _drawn(plan, examples: int):
    """Draw (or read from the course's cache) every check's examples now, so that the time
    bound of each attack measures grading only."""
    for material in plan.materials:
        for check in material.checks(hidden=plan.hidden):
            plan.bank.examples(check, examples)
    return plan


@pytest.fixture(scope="module")
def plan(course):
    return _drawn(make_plan(course, exercises=(EXERCISE,), examples=FAST_EXAMPLES), FAST_EXAMPLES)


@pytest.fixture(scope="module")
def default_plan(course):
    return _drawn(make_plan(course, exercises=(EXERCISE,)), course.grading.examples_per_check)


@pytest.fixture(scope="module")
def runner(course):
    with Runner(course.grading.limits, slot=SLOT) as shared:
        yield shared


@pytest.fixture(scope="module")
def tight_runner(course):
    """A 1 s CPU limit and a long wall clock: only RLIMIT_CPU can stop a spinning call."""
    limits = dataclasses.replace(course.grading.limits, cpu_s=1.0, call_timeout_s=10.0)
    with Runner(limits, slot=TIGHT_SLOT) as tight:
        yield tight


class Bait:
    """A world-writable folder (so only the sandbox protects it) plus TCP, UDP and UNIX listeners."""

    FILES = {"keep.txt": b"keep me\n", "out/results.json": b'{"score": 1}\n', "sub/deep.txt": b"deep\n"}

    def __init__(self):
        self.path = Path(tempfile.mkdtemp(prefix="hostile-bait-"))
        self.restore()
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.tcp.setblocking(False)
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.udp.setblocking(False)
        self.unix_path = str(self.path / "grader.sock")
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        os.chmod(self.unix_path, 0o777)
        self.unix.listen()
        self.unix.setblocking(False)

    def restore(self) -> None:
        """(Re)create the bait files with their original content, modes and times."""
        os.chmod(self.path, 0o777)
        for name, content in self.FILES.items():
            path = self.path / name
            path.parent.mkdir(exist_ok=True)
            os.chmod(path.parent, 0o777)  # mkdir's mode is cut by the umask; an attack may have locked it
            if path.exists():
                os.chmod(path, 0o666)
            path.write_bytes(content)
            os.chmod(path, 0o666)
            os.utime(path, ns=(10**18, 10**18))

    def snapshot(self) -> dict[str, tuple]:
        found = {}
        for folder, dirs, files in os.walk(self.path):
            for name in dirs + files:
                path = os.path.join(folder, name)
                info = os.lstat(path)
                digest = ""
                if stat.S_ISREG(info.st_mode):
                    try:
                        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                    except OSError as exc:
                        digest = f"unreadable: {exc}"
                found[os.path.relpath(path, self.path)] = (stat.filemode(info.st_mode), info.st_mtime_ns, digest)
        found["."] = (stat.filemode(os.lstat(self.path).st_mode),)
        return found

    def arrivals(self) -> list[str]:
        """Connections or datagrams that reached the listeners (none may)."""
        came = []
        for name, sock in (("tcp", self.tcp), ("unix", self.unix)):
            try:
                conn, _ = sock.accept()
                came.append(f"{name} connection")
                conn.close()
            except BlockingIOError:
                pass
        try:
            data = self.udp.recv(100)
            came.append(f"udp datagram {data!r}")
        except BlockingIOError:
            pass
        return came

    def close(self) -> None:
        for sock in (self.tcp, self.udp, self.unix):
            sock.close()
        for folder, dirs, _ in os.walk(self.path):
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o777)
        shutil.rmtree(self.path, ignore_errors=True)


@pytest.fixture(scope="module")
def bait():
    made = Bait()
    yield made
    made.close()


@pytest.fixture(scope="module")
def baselines(runner, plan):
    """Scores of honest submissions, graded once: a cheat may earn no more than these."""
    cache: dict[str, object] = {}

    def score(source: str):
        if source not in cache:
            cache[source] = grade_files(plan, runner, {FILE: source.encode()}, student="baseline")
        return cache[source]

    return score


# ------------------------------------------------------------------ (d)(e)(f): reusable checks


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    sid: int
    uid: int
    state: str
    cmdline: bytes


def processes() -> dict[int, Proc]:
    """Every process /proc shows us (no psutil here)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                raw = handle.read()
            with open(f"/proc/{entry}/status") as handle:
                status = handle.read()
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read()
        except OSError:
            continue  # gone meanwhile
        fields = raw[raw.rindex(b")") + 2 :].split()
        uid = re.search(r"^Uid:\s+(\d+)", status, re.M)
        table[int(entry)] = Proc(int(entry), int(fields[1]), int(fields[3]), int(uid.group(1)) if uid else -1, fields[0].decode(), cmdline)
    return table


def leftover_processes(runner: Runner, *, wait_s: float = 5.0) -> list[str]:
    """Processes a submission left behind, after a grace period for the fork server to reap.

    Leftovers: any process of the worker uid (root only), any child of the fork server, and
    any orphaned worker (a session leader running the fork server's command line whose parent
    is not a fork server).
    """
    zygote = runner.process.pid
    deadline = time.monotonic() + wait_s
    while True:
        table = processes()
        server = table.get(zygote)
        if server is None:
            return [f"the fork server (pid {zygote}) is gone"]
        found = []
        for proc in table.values():
            if proc.pid == zygote:
                continue
            parent = table.get(proc.ppid)
            if runner.uid is not None and proc.uid == runner.uid:
                found.append(f"pid {proc.pid} runs as the worker uid {runner.uid} (state {proc.state})")
            elif proc.ppid == zygote:
                found.append(f"pid {proc.pid} is still a child of the fork server (state {proc.state})")
            elif proc.cmdline == server.cmdline and proc.sid == proc.pid and (parent is None or parent.cmdline != server.cmdline):
                found.append(f"pid {proc.pid} is an orphaned worker (parent {proc.ppid})")
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _ipc_objects(runner: Runner) -> list[str]:
    """System V IPC objects of the worker uid (root) or with the key the attacks use."""
    found = []
    for kind in ("shm", "msg", "sem"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(header, line.split()))
            mine = runner.uid is not None and str(runner.uid) in (row.get("uid"), row.get("cuid"))
            if mine or row.get("key") == str(IPC_KEY):
                found.append(f"System V {kind} key {row.get('key')} id {row.get(kind + 'id', '?')} owned by uid {row.get('uid')}")
    return found


def remove_ipc_key(key: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    shmid = libc.shmget(key, 0, 0)
    if shmid >= 0:
        libc.shmctl(shmid, 0, None)  # IPC_RMID


def _tmp_entries(runner: Runner) -> set[str]:
    found = set()
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            try:
                owner = os.lstat(path).st_uid
            except OSError:
                continue
            if TOKEN in name or (runner.uid is not None and owner == runner.uid):
                found.add(path)
    return found


def _grader_files() -> dict[Path, tuple]:
    """Mode and times of files the grader owns that an attack names (restored after each test)."""
    found = {}
    for path in (REFERENCE, REFERENCE.parent, ROOT / "course.toml"):
        info = os.stat(path)
        found[path] = (info.st_mode, info.st_atime_ns, info.st_mtime_ns)
    return found


def _restore_grader_files(before: dict[Path, tuple]) -> list[str]:
    changed = []
    for path, (mode, atime, mtime) in before.items():
        info = os.stat(path)
        if (info.st_mode, info.st_mtime_ns) != (mode, mtime):
            changed.append(f"{path}: mode {stat.filemode(mode)} -> {stat.filemode(info.st_mode)}, mtime {mtime} -> {info.st_mtime_ns}")
            os.chmod(path, stat.S_IMODE(mode))
            os.utime(path, ns=(atime, mtime))
    return changed


def changed_outside(runner: Runner, bait: Bait, before: dict, sessions: set) -> list[str]:
    """What a submission changed outside its session folder (and what the session left).

    `sessions`: the runner's session folders before grading; a new one left behind is
    reported, then removed so that it cannot be blamed on the next test.
    """
    problems = []
    after = bait.snapshot()
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            problems.append(f"bait {name}: {before.get(name)} -> {after.get(name)}")
    problems += [f"left in a shared folder: {path}" for path in sorted(_tmp_entries(runner))]
    problems += _ipc_objects(runner)
    for path in sorted(set(runner.base.iterdir()) - sessions):
        problems.append(f"session folder not removed: {path}")
        _force_remove(path)
    return problems


def _force_remove(path: Path) -> None:
    for folder, dirs, _ in os.walk(path):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o700)  # a folder the student locked
    shutil.rmtree(path, ignore_errors=True)


def _secret_lines() -> list[str]:
    """Lines of the reference and the hidden checks that no student-visible file contains."""
    public = "\n".join(p.read_text() for p in (ROOT / "exercises" / EXERCISE).glob("*.py"))
    lines = []
    for path in (REFERENCE, ROOT / "solutions" / EXERCISE / "hidden_checks.py"):
        if not path.is_file():
            continue
        for line in path.read_text().splitlines():
            text = line.strip()
            if len(text) < 24 or text in public or text.startswith("#"):
                continue
            if path != REFERENCE and ('"' in text or "'" in text):
                continue  # check names and messages are shown to students on purpose
            lines.append(text)
    return lines


SECRET_LINES = _secret_lines()


def leaked_secrets(result, course, source: str) -> list[str]:
    """Reference or hidden-check text in anything a student or instructor is shown."""
    shown = "\n".join([result.output, *result.notes, *(c.message for c in result.checks)])
    shown += "\n" + dumps(to_gradescope(result)) + "\n" + feedback_markdown(result, course)
    leaks = [line for line in SECRET_LINES if line in shown and line not in source]
    if REFERENCE.read_text().strip() in shown:
        leaks.append("the whole reference file")
    return leaks


def points(result, function: str) -> tuple[float, float]:
    checks = [c for c in result.checks if c.function == function]
    assert checks, f"no checks for {function}"
    return round(sum(c.score for c in checks), 4), round(sum(c.max_score for c in checks), 4)


def outcomes(result, function: str) -> set[str]:
    return {c.outcome for c in result.checks if c.function == function}


def attack_source(name: str, bait: Bait) -> str:
    source = (HOSTILE / f"{name}.py").read_text()
    values = {
        "@@BAIT@@": str(bait.path),
        "@@REFERENCE@@": str(REFERENCE),
        "@@COURSE@@": str(ROOT),
        "@@PORT@@": str(bait.port),
        "@@UNIX_SOCKET@@": bait.unix_path,
        "@@TOKEN@@": TOKEN,
        "@@IPC_KEY@@": str(IPC_KEY),
    }
    for marker, value in values.items():
        source = source.replace(marker, value)
    assert "@@" not in source, f"{name}.py has a marker the test does not fill in"
    return source


@dataclass
class Graded:
    result: object
    seconds: float
    source: str

    @property
    def output(self) -> str:
        return self.result.output


def grade_contained(runner: Runner, plan, bait: Bait, source: str, *, extra: dict[str, bytes] | None = None, student: str = "hostile", bound_s: float = BOUND_S) -> Graded:
    """Grade one submission and assert (a), (d), (e) and (f); return the result for (b), (c)."""
    before = bait.snapshot()
    sessions = set(runner.base.iterdir())
    guarded = _grader_files()
    files = {FILE: source.encode(), **(extra or {})}
    start = time.monotonic()
    try:
        result = grade_files(plan, runner, files, student=student)
    finally:
        seconds = time.monotonic() - start
        changed = _restore_grader_files(guarded) + changed_outside(runner, bait, before, sessions)
        left = leftover_processes(runner)
        arrived = bait.arrivals()
        bait.restore()
    assert seconds < bound_s, f"(a) grading took {seconds:.1f} s (bound {bound_s} s)"
    assert not changed, f"(d) changed outside the session: {changed}"
    assert not left, f"(e) processes left: {left}"
    assert not arrived, f"(d) the network reached the grader's machine: {arrived}"
    leaks = leaked_secrets(result, plan.course, source)
    assert not leaks, f"(f) hidden text in the results: {leaks}"
    assert "ESCAPED" not in result.output, f"an attack worked:\n{result.output[:3000]}"
    assert runner.process.poll() is None, "the fork server died"
    return Graded(result, seconds, source)


# ------------------------------------------------------------------ the baseline


def test_correct_submission_gets_full_marks_with_the_course_default(runner, default_plan, bait):
    """The baseline, at the course's own examples_per_check."""
    graded = grade_contained(runner, default_plan, bait, CORRECT, student="correct")
    result = graded.result
    assert result.score == result.max_score > 0
    assert all(c.outcome == "passed" for c in result.checks)
    assert result.output == ""
    assert result.isolation  # the level reached, reported to the instructor


# ------------------------------------------------------------------ the attack table


@dataclass(frozen=True)
class Attack:
    name: str  # tests/hostile/<name>.py
    target: str  # "node_value", "predict", "import" (the whole file) or "" (no function harmed)
    outcomes: frozenset = frozenset()  # what the target's checks may end as
    honest: str | None = None  # a body for the target that honestly returns the cheat's value: its score caps the cheat's
    printed: tuple[str, ...] = ()  # the student output must contain these (the attack's own report)


def _a(name, target, outcomes=(), *, honest=None, printed=()):
    return Attack(name, target, frozenset(outcomes), honest, tuple(printed))


ATTACKS = [
    # exits at import and in calls
    _a("exit_sys_exit_at_import", "import", {"error"}),
    _a("exit_os_exit_at_import", "import", {"crashed"}),
    _a("exit_keyboardinterrupt_at_import", "import", {"error"}),
    _a("exit_os_exit_in_call", "node_value", {"crashed"}),
    _a("exit_systemexit_in_call", "node_value", {"error"}),
    _a("exit_keyboardinterrupt_in_call", "node_value", {"error"}),
    _a("exit_custom_baseexception_in_call", "node_value", {"error"}),
    _a("exit_generatorexit_in_call", "node_value", {"error"}),
    # signals
    _a("signal_sigkill_self_in_call", "node_value", {"crashed"}),
    _a("signal_sigsegv_in_call", "predict", {"crashed"}),
    _a("signal_ignore_then_spin", "node_value", {"timeout"}),
    # loops and sleeps
    _a("loop_infinite_in_call", "predict", {"timeout"}),
    _a("loop_sleep_in_call", "node_value", {"timeout"}),
    _a("loop_sleep_at_import", "import", {"timeout"}),
    # resource bombs
    _a("bomb_fork_in_call", "node_value", {"error"}),
    _a("bomb_fork_at_import", "", printed=["blocked: every fork"]),
    _a("bomb_memory_in_call", "predict", {"memory"}),
    _a("bomb_recursion_in_call", "node_value", {"crashed", "error", "memory", "timeout"}),
    _a("bomb_disk_fill_scratch", "", printed=["disk fill"]),
    # comparison tampering in the worker
    _a("tamper_numpy_comparisons", "node_value", {"passed", "failed"}, honest="return 40.0"),
    _a("tamper_builtins", "node_value", {"passed", "failed"}, honest="return 40.0"),
    _a("tamper_worker_protocol", "node_value", {"passed", "failed"}, honest="return None"),
    # always-equal and other unusable return values
    _a("equal_always_true_object", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_ndarray_subclass", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_object_dtype_array", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_masked_array", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_nan", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_float64_subclass", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_generator", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_huge_int", "node_value", {"passed", "failed"}, honest="return None"),
    _a("equal_string", "node_value", {"passed", "failed"}, honest="return None"),
    _a("special_infinity", "node_value", {"passed", "failed"}, honest="return None"),
    # frame and gc introspection
    _a("introspect_frames", "", printed=["blocked: no secret in any frame"]),
    _a("introspect_gc", "", printed=["blocked: no secret among"]),
    # reading the reference and the grader's process
    _a("read_reference_from_disk", "", printed=["course root found from the worker's modules: True", f"blocked: open {REFERENCE}:"]),
    _a("proc_snooping", "", printed=["blocked: open /proc/"]),
    # writing results, faking them, deleting and leaving files
    _a("write_results_and_bait", "", printed=["blocked: write"]),
    _a("write_chmod_and_utime", "", printed=["blocked: chmod"]),
    _a("delete_bait_files", "", printed=["blocked: remove keep.txt"]),
    _a("leave_state_in_tmp", "", printed=["blocked: write /tmp/", "blocked: write /dev/shm/"]),
    # processes: threads, atexit, exec, signals to the grader, network
    _a("thread_forging_frames", "node_value", {"passed", "failed", "crashed"}, honest="return 0.0"),
    _a("thread_and_atexit_lingering", ""),
    _a("exec_subprocess", "", printed=["blocked: subprocess.run", "blocked: execv"]),
    # oversized return values
    _a("oversized_array_return", "node_value", {"passed", "memory", "crashed", "failed"}, honest="return None"),
    _a("oversized_frame_return", "node_value", {"passed", "crashed", "failed"}, honest="return None"),
    _a("oversized_list_return", "node_value", {"passed", "crashed", "failed"}, honest="return None"),
    # the reply channel itself
    _a("protocol_nested_header_at_import", "import", {"crashed", "error"}),
    _a("protocol_extra_frame", "node_value", {"passed", "failed", "crashed"}, honest="return _dot(input_data, node_weights)"),
]


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_attack(attack: Attack, runner, plan, bait, baselines):
    graded = grade_contained(runner, plan, bait, attack_source(attack.name, bait), student=attack.name)
    result = graded.result
    for text in attack.printed:
        assert text in graded.output, f"expected {text!r} in the student output:\n{graded.output[:3000]}"
    if attack.target == "import":
        assert result.score == 0, f"(b) a file that cannot load scored {result.score}"
        assert {c.outcome for c in result.checks} <= attack.outcomes, {c.outcome for c in result.checks}
        assert result.notes, "a file that cannot load must say why in a note"
        return
    functions = ("node_value", "predict")
    harmed = [attack.target] if attack.target else []
    for function in functions:
        got, most = points(result, function)
        if function not in harmed:
            assert got == most, f"(c) {function} lost marks: {got}/{most}, outcomes {outcomes(result, function)}"
            continue
        cap = 0.0
        if attack.honest is not None:
            cap = points(baselines(honest(function, attack.honest)), function)[0]
        assert got <= cap, f"(b) {function} scored {got}, more than the honest {cap}"
        assert outcomes(result, function) <= attack.outcomes, outcomes(result, function)


def test_every_attack_file_is_graded():
    """No stray file in tests/hostile/: each one is named by a test here."""
    here = Path(__file__).read_text()
    named = {p.stem for p in HOSTILE.glob("*.py")}
    missing = sorted(n for n in named if f'"{n}"' not in here and not n.startswith("shadow_"))
    assert not missing, f"attack files no test grades: {missing}"


# ------------------------------------------------------------------ attacks needing their own set-up


def test_fake_results_on_stdout_change_nothing(runner, plan, bait, baselines):
    """Printing results JSON and "10 passed" gives exactly the honest score of the real answers."""
    graded = grade_contained(runner, plan, bait, attack_source("write_fake_results_stdout", bait))
    honest_result = baselines(honest("node_value", "return 40.0"))
    assert graded.result.score == honest_result.score
    assert [c.outcome for c in graded.result.checks] == [c.outcome for c in honest_result.checks]
    assert '"score": 5.0' in graded.output  # kept as the student's text, never parsed


@pytest.mark.parametrize("name", ["output_flood_print", "output_flood_raw_fds"])
def test_huge_output_is_capped_and_costs_nothing(name, runner, plan, bait, course):
    """50 MB printed (through sys.stdout, or raw to fds 1 and 2): kept up to the cap, never parsed."""
    limit = course.grading.limits.output_kib * 1024
    graded = grade_contained(runner, plan, bait, attack_source(name, bait))
    assert graded.result.score == graded.result.max_score
    kept = graded.output.partition("\n[... ")[0]
    assert 0 < len(kept.encode()) <= limit, f"{len(kept.encode())} bytes kept"


@pytest.mark.parametrize(
    "name",
    [
        "output_flood_print",
        "output_flood_raw_fds",
    ],
)
def test_cut_output_says_how_much_was_dropped(name, runner, plan, bait, course):
    """course.toml: output beyond output_kib "is counted, not kept"; the student must see that it was cut."""
    limit = course.grading.limits.output_kib * 1024
    graded = grade_contained(runner, plan, bait, attack_source(name, bait))
    found = re.search(r"\[\.\.\. (\d+) more bytes of output not kept\]$", graded.output)
    assert found, f"no truncation note at the end of {len(graded.output)} characters of output"
    assert int(found.group(1)) >= (50 << 20) - limit


def test_a_file_runs_once_when_nothing_forces_a_restart(runner, plan, bait):
    source = CORRECT + '\nprint("forward_propagation.py is loading")\n'
    graded = grade_contained(runner, plan, bait, source)
    assert graded.result.score == graded.result.max_score
    assert graded.output.count("forward_propagation.py is loading") == 1, graded.output


def test_cpu_limit_kills_a_spin_that_ignores_sigxcpu(tight_runner, plan, bait):
    """With a 10 s wall clock and a 1 s CPU limit, RLIMIT_CPU's hard limit (SIGKILL) ends it."""
    graded = grade_contained(tight_runner, plan, bait, attack_source("signal_ignore_sigxcpu_cpu_limit", bait))
    result = graded.result
    assert points(result, "node_value")[0] == 0
    assert outcomes(result, "node_value") == {"crashed"}, outcomes(result, "node_value")
    got, most = points(result, "predict")
    assert got == most
    assert graded.seconds < 8, f"the CPU limit did not stop the spin before the wall clock ({graded.seconds:.1f} s)"


def test_shadow_modules_are_never_copied_nor_imported(runner, plan, bait):
    """numpy.py, hypothesis.py, conftest.py, sitecustomize.py ... handed in next to the exercise."""
    names = ("numpy", "hypothesis", "conftest", "sitecustomize", "usercustomize", "autograder")
    extra = {f"{name}.py": attack_source(f"shadow_{name}", bait).encode() for name in names}
    graded = grade_contained(runner, plan, bait, attack_source("shadow_main", bait), extra=extra)
    result = graded.result
    assert result.score == result.max_score
    assert f"files next to the submission: ['{FILE}']" in graded.output
    assert "numpy from: " in graded.output and str(HOSTILE) not in graded.output
    assert not list(bait.path.glob("shadow-*")), "a shadow module ran"
    for name in ("numpy", "hypothesis", "autograder", "conftest", "sitecustomize", "usercustomize"):
        where = str(getattr(sys.modules.get(name), "__file__", "") or "")
        assert not where.startswith(str(runner.base)), f"the grader imported the student's {name}.py"


def test_shadow_numpy_in_the_session_folder_is_not_imported_by_the_worker(runner, bait):
    """Even when a caller copies numpy.py next to the exercise, the worker keeps the real numpy."""
    files = {FILE: attack_source("shadow_main", bait).encode(), "numpy.py": attack_source("shadow_numpy", bait).encode()}
    with runner.session(files) as session:
        loaded = session.load(EXERCISE, FILE, [("node_value", 2), ("predict", 2)])
        assert loaded.ok, loaded.error
        assert session.call(EXERCISE, "node_value", ((1.0, 2.0), (3.0, 4.0))).value == 11.0
        output = session.student_output()
    assert "numpy.py']" in output  # it was copied: the runner copies what it is given ...
    assert "ESCAPED" not in output and not list(bait.path.glob("shadow-*"))  # ... but never ran
    assert not leftover_processes(runner)


def test_session_file_names_cannot_leave_the_session_folder(runner):
    """Runner.session keeps only the last path component: no write outside its folder."""
    outside = runner.base.parent / f"{TOKEN}-escape.py"
    hostile_names = {"../../" + outside.name: b"x = 1\n", "a/b/nested.py": b"y = 2\n", str(outside.with_name(TOKEN + "-abs.py")): b"z\n"}
    before = set(runner.base.iterdir())
    try:
        with runner.session(hostile_names) as session:
            inside = sorted(p.name for p in session.folder.iterdir())
            assert inside == sorted([outside.name, "nested.py", TOKEN + "-abs.py"])
        assert not outside.exists() and not outside.with_name(TOKEN + "-abs.py").exists()
        for bad in ("..", ".", "/", ""):
            with pytest.raises((OSError, ValueError)):
                runner.session({bad: b"x"})
        assert not outside.exists()
    finally:
        _remove_new_session_folders(runner, before)


def _remove_new_session_folders(runner: Runner, before: set) -> None:
    for path in set(runner.base.iterdir()) - before:
        shutil.rmtree(path, ignore_errors=True)


def test_rejected_file_names_leave_no_session_folder(runner):
    before = set(runner.base.iterdir())
    try:
        with pytest.raises((OSError, ValueError)):
            runner.session({"..": b"x"})
        assert set(runner.base.iterdir()) == before
    finally:
        _remove_new_session_folders(runner, before)


def test_symlink_planted_in_scratch_leaks_nothing(runner, plan, bait):
    """A link to the reference in scratch: unreadable, and the grader never reads scratch back."""
    graded = grade_contained(runner, plan, bait, attack_source("read_through_links_in_scratch", bait))
    assert graded.result.score == graded.result.max_score  # the read failed, so it answered honestly
    assert "made ref_symlink.py" in graded.output


def test_mutating_arguments_costs_only_that_check(runner, plan, bait):
    graded = grade_contained(runner, plan, bait, attack_source("mutate_arguments", bait))
    failed = [c.name for c in graded.result.checks if not c.passed]
    assert failed == ["node_value: does not modify its arguments"], failed
    # the grader's own copies (the example bank, the reference) are untouched: a correct
    # submission graded next still gets everything
    after = grade_contained(runner, plan, bait, CORRECT)
    assert after.result.score == after.result.max_score


def test_rebinding_numpys_comparisons_does_not_hide_a_mutation(runner, plan, bait):
    graded = grade_contained(runner, plan, bait, attack_source("tamper_numpy_then_mutate", bait))
    failed = [c.name for c in graded.result.checks if not c.passed]
    assert failed == ["node_value: does not modify its arguments"], failed


@pytest.mark.xfail(
    strict=True,
    reason="LIMITATION worker.py:Worker.call: in-place mutation is detected inside the untrusted worker "
    "(_same), which the student can replace, so the 'does not modify its arguments' check is won back",
)
def test_hiding_a_mutation_wins_nothing(runner, plan, bait):
    graded = grade_contained(runner, plan, bait, attack_source("mutate_and_hide_it", bait))
    failed = [c.name for c in graded.result.checks if not c.passed]
    assert "node_value: does not modify its arguments" in failed


def test_grader_survives_kill_attempts_and_keeps_grading(runner, plan, bait):
    server = runner.process.pid
    graded = grade_contained(runner, plan, bait, attack_source("kill_the_grader", bait))
    assert graded.result.score == graded.result.max_score
    assert runner.process.pid == server and runner.process.poll() is None
    with open(f"/proc/{server}/stat") as handle:
        assert handle.read().rsplit(")", 1)[1].split()[0] != "T", "the fork server was stopped"
    again = grade_contained(runner, plan, bait, CORRECT)
    assert again.result.score == again.result.max_score


def test_network_attempts_reach_nothing(runner, plan, bait):
    graded = grade_contained(runner, plan, bait, attack_source("network_connect_out", bait))
    assert graded.result.score == graded.result.max_score
    for what in ("create_connection", "tcp loopback", "udp loopback", "tcp public", "unix socket", "socketpair"):
        assert f"blocked: {what}: " in graded.output, graded.output


def test_system_v_ipc_is_no_channel_between_students(runner, plan, bait):
    try:
        first = grade_files(plan, runner, {FILE: attack_source("ipc_sysv_publish", bait).encode()}, student="student-a")
        second = grade_files(plan, runner, {FILE: attack_source("ipc_sysv_collect", bait).encode()}, student="student-b")
        left = _ipc_objects(runner)
    finally:
        remove_ipc_key(IPC_KEY)
    assert first.score == first.max_score and second.score == second.max_score
    assert TOKEN not in second.output, f"student B read student A's message: {second.output}"
    assert not left, f"IPC objects outlived the grading: {left}"


def _outside_code_blocks(markdown: str) -> list[str]:
    """The lines of a Markdown text that a renderer shows as Markdown, not as code."""
    shown, fence = [], None
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if fence is None and stripped.startswith("```"):
            fence = "```"
        elif fence is not None and stripped.startswith(fence) and not stripped[len(fence):].strip():
            fence = None
        elif fence is None:
            shown.append(line)
    return shown


def test_exception_messages_cannot_inject_markdown_into_feedback(runner, plan, bait, course):
    graded = grade_contained(runner, plan, bait, attack_source("inject_feedback_markdown", bait))
    result = graded.result
    assert points(result, "node_value")[0] == 0 and points(result, "predict")[0] == points(result, "predict")[1]
    banner = "# All checks passed: Score 5 / 5"
    assert any(banner in c.message for c in result.checks)  # quoted, as an error message
    for name, text in (("feedback.md", feedback_markdown(result, course)), ("Gradescope output", to_gradescope(result, summary=feedback_markdown(result, course))["output"])):
        rendered = [line for line in _outside_code_blocks(text) if banner in line]
        assert not rendered, f"{name} renders the student's Markdown: {rendered}"


def test_grading_a_correct_submission_after_all_attacks_still_gives_full_marks(runner, plan, bait):
    graded = grade_contained(runner, plan, bait, CORRECT, student="after-attacks")
    assert graded.result.score == graded.result.max_score
    assert json.loads(dumps(to_gradescope(graded.result)))["score"] == graded.result.max_score
