"""`make bench`: grade a synthetic class with the kit and with nbgrader, in one run, and compare.

    python -m autograder.commands.bench [--students 200] [--quick] [--no-nbgrader] [--out bench/results.json]

Beside them, the floor, in the same run: the same checks on the references in this process
(no worker, no channel), and only the calls those checks make, straight on the references.

The class: most students correct in varied styles, a quarter with the usual mistakes, a few
hostile (a hang, a crash). It is written as files (graded by `autograder grade` with default
settings: full isolation, every check at the course's example count, determinism on) and as
the equivalent notebooks (graded by `nbgrader autograde` on the released assignment). Hostile
submissions are timed on their own, so one hang does not hide the rate of the rest. A
student's `autograder check` is timed from a cold start. Nothing here asserts a timing: the
numbers are printed and written to bench/results.json for the record.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from autograder.commands.grade import grade_command
from autograder.course import Course, load
from autograder.outputs.results_json import from_gradescope

__all__ = ["build_class", "main", "REQUIRED_KEYS"]

# What results.json always holds (the list): speed is never reported without the
# amount of checking that bought it.
REQUIRED_KEYS = {
    "students", "autograder_submissions_per_s", "nbgrader_submissions_per_s", "speedup_vs_nbgrader",
    "ms_per_correct_submission_median", "ms_per_correct_submission_p95", "ms_per_wrong_submission_median",
    "check_cold_start_s", "peak_rss_mib", "examples_per_check_min", "checks_executed", "cores",
    "floor_reference_calls_ms", "floor_in_process_checks_ms", "correct_vs_reference_calls",
}

CORRECT = ["correct_vectorized", "correct_loops", "correct_numpy_scalars", "correct_pure_python"]
WRONG = [
    "relu_on_output", "leaky_relu", "tanh_on_output", "only_first_hidden_node", "swapped_layer_keys",
    "hardcoded_tutorial_answers", "global_tutorial_weights", "square_only_transpose", "float16_precision",
    "integer_truncation", "generator_instead_of_list", "rows_skipped", "relu_without_return", "mutated_arguments",
]
HOSTILE = {
    "hang": ("relu.py", "def relu(input):\n    while True:\n        pass\n\n\ndef predict_with_relu(input_data, weights):\n    return 0\n"),
    "crash": ("relu.py", "import os\n\n\ndef relu(input):\n    os._exit(3)\n\n\ndef predict_with_relu(input_data, weights):\n    return 0\n"),
}


def _case(root: Path, name: str) -> dict[str, bytes]:
    folder = root / "tests" / "cases" / name / "submission"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def build_class(course: Course, students: int) -> list[tuple[str, str, dict[str, bytes]]]:
    """(student id, kind, files): kind is "correct", "wrong" or "hostile"; every student submits all six files."""
    root = course.root
    full = [_case(root, "correct_vectorized"), _case(root, "correct_loops")]
    hostile = max(2, students // 50)
    wrong = students // 4
    roster = []
    for index in range(students):
        student = f"s{index:04d}"
        base = dict(full[index % 2])
        if index < hostile:
            kind = "hostile"
            name, source = list(HOSTILE.values())[index % len(HOSTILE)]
            base[name] = source.encode()
        elif index < hostile + wrong:
            kind = "wrong"
            base.update(_case(root, WRONG[index % len(WRONG)]))
        else:
            kind = "correct"
            base.update(_case(root, CORRECT[index % len(CORRECT)]))
        # A comment naming the student makes every submission's content (and fingerprint) unique.
        files = {name: content + f"\n# {student}\n".encode() for name, content in base.items()}
        roster.append((student, kind, files))
    return roster


def _write_files(roster, folder: Path) -> None:
    for student, _, files in roster:
        (folder / student).mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (folder / student / name).write_bytes(content)


class PeakMemory:
    """Samples the memory of this process and all its descendants (from /proc).

    `peak` sums resident sizes, which counts the pages a fork server shares with the workers
    it forks once per process; `peak_pss` sums proportional set sizes, which splits shared
    pages between their users: the machine's real cost.
    """

    def __init__(self, interval: float = 0.1):
        self.interval, self.peak, self.peak_pss, self.running = interval, 0, 0, True
        self.thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def _tree(self) -> tuple[int, int]:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        mine = {os.getpid()}
        changed = True
        while changed:
            changed = False
            for pid, parent in parents.items():
                if parent in mine and pid not in mine:
                    mine.add(pid)
                    changed = True
        return sum(rss.get(pid, 0) for pid in mine), sum(self._pss(pid) for pid in mine)

    def _run(self) -> None:
        while self.running:
            rss, pss = self._tree()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


def _grade_kit(course: Course, folder: Path, out: Path, workers: int) -> tuple[float, dict, PeakMemory]:
    timings: dict = {}
    with PeakMemory() as memory:
        start = time.perf_counter()
        grade_command(course, [folder], out_dir=out, workers=workers, force=True, timings=timings)
        wall = time.perf_counter() - start
    return wall, timings, memory


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def _ship_public_examples(student: Path) -> None:
    """Draw every public check's examples into the copy's own cache folder, as `autograder release` ships them."""
    from autograder.course import load
    from autograder.grading.plan import CACHE_DIR, make_plan

    copy = load(student)
    plan = make_plan(copy, hidden=False, cache_dir=student / CACHE_DIR)
    for material in plan.materials:
        for check in material.public:
            plan.bank.examples(check, copy.grading.examples_per_check)


def _check_cold_start(course: Course, work: Path, files: dict[str, bytes]) -> float:
    """Seconds from `autograder check` starting to its verdict, for one student's copy of the kit."""
    student = work / "student-copy"
    shutil.rmtree(student, ignore_errors=True)
    shutil.copytree(course.exercises_dir, student / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    (student / "course.toml").write_text(course.toml_text(), encoding="utf-8")  # as the assignment's bundle ships it
    _ship_public_examples(student)  # as a released student bundle does
    for exercise in course.exercises:
        if exercise.file in files:
            (student / "exercises" / exercise.name / exercise.file).write_bytes(files[exercise.file])
    env = dict(os.environ, PYTHONPATH=str(course.root))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograder", "check"], cwd=student, env=env, capture_output=True, timeout=600)
    return time.perf_counter() - start


def _nbgrader(course: Course, roster, work: Path) -> dict | None:
    """`nbgrader autograde` on the class as notebooks of the released assignment: seconds and total per student.

    None when nbgrader is not installed. Only the autograde command is timed (one command for
    the class, as an instructor runs it); the release and the submitted/ tree are set up first.
    """
    try:
        import nbgrader  # noqa: F401
    except ImportError:
        return None
    from autograder.platforms.nbgrader_bridge import run_nbgrader
    from autograder.platforms.notebook_source import filled_notebook, notebook_name
    from autograder.platforms.release import release

    assignment = course.assignment()
    folder = release(course, work / "nbgrader-release", bank=False).nbgrader
    for student, _, files in roster:
        target = folder / "submitted" / student / assignment.id
        target.mkdir(parents=True, exist_ok=True)
        (target / notebook_name(assignment)).write_text(filled_notebook(course, folder / "release" / assignment.id / notebook_name(assignment), files), encoding="utf-8")
        (target / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC")
    start = time.perf_counter()
    run_nbgrader(folder, "autograde", assignment.id, timeout=24 * 3600)
    seconds = time.perf_counter() - start
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}", course.id) as gb:
        scores = {student: round(gb.find_submission(assignment.id, student).score, 4) for student, _, _ in roster}
    return {"seconds": seconds, "scores": scores}


def run(students: int, *, nbgrader: bool, out_file: Path, workers: int, course: Course | None = None, work: Path | None = None) -> dict:
    course = (course or load()).of_assignment()
    work = work or course.root / "bench" / "work"
    shutil.rmtree(work, ignore_errors=True)
    roster = build_class(course, students)
    honest = [r for r in roster if r[1] != "hostile"]
    hostile = [r for r in roster if r[1] == "hostile"]
    _write_files(honest, work / "class")
    _write_files(hostile, work / "hostile")
    kinds = {student: kind for student, kind, _ in roster}

    wall, timings, peak = _grade_kit(course, work / "class", work / "graded", workers)
    hostile_wall, hostile_timings, _ = _grade_kit(course, work / "hostile", work / "graded-hostile", workers)
    results = [from_gradescope(json.loads(p.read_text())) for p in sorted((work / "graded").glob("*/results.json"))]
    passed = [c for r in results for c in r.checks if c.passed]
    property_checks = [c.examples for c in passed if c.examples > 3]  # worked-example checks draw 1-3 fixed inputs
    correct_ms = [timings[s] * 1000 for s, k, _ in honest if k == "correct"]
    wrong_ms = [timings[s] * 1000 for s, k, _ in honest if k == "wrong"]
    report = {
        "students": students,
        "cores": os.cpu_count(),
        "workers": workers,
        "autograder_seconds": round(wall, 2),
        "autograder_submissions_per_s": round(len(honest) / wall, 2),
        "ms_per_correct_submission_median": round(statistics.median(correct_ms), 1) if correct_ms else None,
        "ms_per_correct_submission_p95": round(_percentile(correct_ms, 0.95), 1) if correct_ms else None,
        "ms_per_wrong_submission_median": round(statistics.median(wrong_ms), 1) if wrong_ms else None,
        "hostile_submissions": len(hostile),
        "hostile_seconds": round(hostile_wall, 2),
        "hostile_seconds_each": {s: round(t, 2) for s, t in sorted(hostile_timings.items())},
        "checks_executed": sum(len(r.checks) for r in results),
        "examples_per_check_min": min(property_checks) if property_checks else 0,
        "examples_per_check_configured": course.grading.examples_per_check,
        "peak_rss_mib": round(peak.peak / 2**20, 1),
        "peak_pss_mib": round(peak.peak_pss / 2**20, 1),
        "check_cold_start_s": round(_check_cold_start(course, work, dict(roster[-1][2])), 2),
        "nbgrader_submissions_per_s": None,
        "speedup_vs_nbgrader": None,
    }
    if nbgrader:
        measured = _nbgrader(course, honest, work)
        if measured:
            report["nbgrader_seconds"] = round(measured["seconds"], 2)
            report["nbgrader_submissions_per_s"] = round(len(honest) / measured["seconds"], 3)
            report["speedup_vs_nbgrader"] = round(report["autograder_submissions_per_s"] / report["nbgrader_submissions_per_s"], 1)
            kit = {r.student: round(r.score, 4) for r in results}
            report["nbgrader_agrees_on_scores"] = all(abs(kit[s] - score) < 1e-3 for s, score in measured["scores"].items())
    floor = floors(course)
    report["floor_calls_per_correct_submission"] = floor["calls"]
    report["floor_in_process_checks_ms"] = floor["in_process_checks_ms"]
    report["floor_reference_calls_ms"] = floor["reference_calls_ms"]
    median = report["ms_per_correct_submission_median"]
    report["correct_vs_in_process_checks"] = round(median / floor["in_process_checks_ms"], 1) if median else None
    report["correct_vs_reference_calls"] = round(median / floor["reference_calls_ms"], 1) if median else None
    report["kinds"] = {kind: sum(1 for k in kinds.values() if k == kind) for kind in ("correct", "wrong", "hostile")}
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report


def time_one_submission(course: Course, repeats: int) -> list[float]:
    """Seconds to grade the references as one student's files, `repeats` times in one process.

    The first includes drawing any uncached examples; the later ones are the steady state of
    a class run (one Runner, the bank and the reference's answers in memory).
    """
    from autograder.grading.plan import make_plan
    from autograder.pipeline import grade_files
    from autograder.isolation.runner import Runner

    plan = make_plan(course)
    files = {e.file: (course.solutions_dir / e.name / e.file).read_bytes() for e in course.exercises}
    seconds = []
    with Runner(course.grading.limits) as runner:
        for index in range(repeats):
            start = time.perf_counter()
            grade_files(plan, runner, files, student=f"reference-{index}")
            seconds.append(time.perf_counter() - start)
    return seconds


def floors(course: Course, repeats: int = 3) -> dict:
    """What the machine needs at least for one correct submission, measured here: the checks run
    on the references in this process (no worker, no channel), and, below that, only the calls
    those checks make, replayed straight on the references. Milliseconds, best of `repeats`."""
    from autograder.grading.catalog import load_material
    from autograder.grading.engine import grade_session
    from autograder.grading.plan import make_plan
    from autograder.isolation.inprocess import InProcessSession

    plan = make_plan(course)
    materials = {e.name: load_material(course, e) for e in course.exercises}
    made: list[tuple] = []

    def recording(fn):
        def call(*args):
            made.append((fn, copy.deepcopy(args)))
            return fn(*args)

        return call

    files = {e.file: b"" for e in course.exercises}
    plain = {name: dict(m.reference) for name, m in materials.items()}
    recorded = {name: {f: recording(fn) for f, fn in table.items()} for name, table in plain.items()}
    grade_session(plan, InProcessSession(recorded), files, student="floor")  # warms the bank; records the calls
    checks = []
    for _ in range(repeats):
        start = time.perf_counter()
        grade_session(plan, InProcessSession(plain), files, student="floor")
        checks.append(time.perf_counter() - start)
    calls = []
    for _ in range(repeats):
        start = time.perf_counter()
        for fn, args in made:
            fn(*args)
        calls.append(time.perf_counter() - start)
    return {"calls": len(made), "in_process_checks_ms": round(min(checks) * 1000, 1), "reference_calls_ms": round(min(calls) * 1000, 1)}


def _table(report: dict) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Benchmark: {report['students']} students on {report['cores']} cores")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in report.items():
        if not isinstance(value, dict):
            table.add_row(key, "-" if value is None else str(value))
    console = Console(file=io.StringIO(), record=True, width=100)
    console.print(table)
    return console.export_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.commands.bench", description="Grade a synthetic class with the kit and with nbgrader, and compare.")
    parser.add_argument("--students", type=int, default=200, help="Class size. Default: 200.")
    parser.add_argument("--quick", action="store_true", help="A 20-student smoke run (proves the script works; timings mean little).")
    parser.add_argument("--no-nbgrader", action="store_true", help="Skip nbgrader autograde. Default: run it when nbgrader is installed.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Grading processes. Default: the number of cores.")
    parser.add_argument("--out", default="bench/results.json", help="Where to write the figures. Default: bench/results.json.")
    parser.add_argument("--work", help="Scratch folder for the class, its notebooks and the graded output. Default: bench/work.")
    parser.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    parser.add_argument("--one-submission", type=int, metavar="N", help="Only time grading the references N times in one process (no class, no nbgrader).")
    args = parser.parse_args(argv)
    students = 20 if args.quick else args.students
    # The class is the first assignment's (what `autograder grade` grades by default); the floors,
    # the cold start and the nbgrader run measure the same exercises.
    course = (load(Path(args.course)) if args.course else load()).of_assignment()
    if args.one_submission:
        for index, seconds in enumerate(time_one_submission(course, args.one_submission), 1):
            print(f"grading {index}: {seconds:.2f} s")
        return 0
    work = Path(args.work) if args.work else None
    report = run(students, nbgrader=not args.no_nbgrader, out_file=Path(args.out), workers=args.workers, course=course, work=work)
    print(_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
