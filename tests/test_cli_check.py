"""The student's `autograder check` and the instructor's one-submission `autograder grade`, as commands."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from results_view import per_check

from autograder.course import load

ROOT = Path(__file__).resolve().parents[1]


def student_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kit"
    shutil.copytree(ROOT / "exercises", root / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "course.toml", root / "course.toml")
    cache = ROOT / ".autograder-cache"
    if cache.is_dir():  # the examples drawn for public checks: same checks, same draws
        shutil.copytree(cache, root / ".autograder-cache")
    return root


def autograder(*args, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def solve(root: Path, exercise: str, file: str) -> None:
    shutil.copy(ROOT / "solutions" / exercise / file, root / "exercises" / exercise / file)


@pytest.mark.slow
def test_fresh_stubs_are_all_not_started_and_the_check_fails(tmp_path):
    root = student_copy(tmp_path)
    done = autograder("check", cwd=root / "exercises")  # found from a subfolder, as git finds a repo
    assert done.returncode == 1, done.stderr
    assert "not started yet" in done.stdout
    assert f"0 of {len(load(root).exercises)} exercises done" in done.stdout  # every exercise of the folder's course.toml
    assert "All public checks passed" not in done.stdout


@pytest.mark.slow
def test_a_solved_exercise_passes_with_honest_wording(tmp_path):
    root = student_copy(tmp_path)
    solve(root, "03_relu", "relu.py")
    done = autograder("check", "03_relu", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "relu: 4 of 4 public checks passed" in done.stdout or "public checks passed" in done.stdout
    assert "1 of 1 exercises done" in done.stdout
    assert "All public checks passed — hidden checks run when your work is graded." in done.stdout


@pytest.mark.slow
def test_a_wrong_function_shows_the_smallest_input_and_the_hint(tmp_path):
    root = student_copy(tmp_path)
    stub = root / "exercises" / "03_relu" / "relu.py"
    text = stub.read_text(encoding="utf-8")
    stub.write_text(text.replace('raise NotImplementedError("relu is not written yet")', "return input", 1), encoding="utf-8")
    done = autograder("check", "relu", cwd=root)
    assert "Did you mean '03_relu'" in done.stderr
    done = autograder("check", "03_relu", cwd=root)
    assert done.returncode == 1
    assert "We called relu(-" in done.stdout  # the smallest negative input the check knows
    assert "Hint for 03_relu:" in done.stdout


@pytest.mark.slow
def test_watch_mode_rechecks_after_a_save(tmp_path):
    root = student_copy(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120", NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "autograder", "check", "03_relu", "--watch", "--poll", "0.2"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        seen = ""
        os.set_blocking(process.stdout.fileno(), False)

        def read_until(text):
            nonlocal seen
            while text not in seen:
                assert time.monotonic() < deadline, seen[-2000:]
                chunk = process.stdout.read()
                seen += (chunk or b"").decode("utf-8", "replace")
                time.sleep(0.1)

        read_until("Watching for saved changes")
        first = len(seen)
        solve(root, "03_relu", "relu.py")
        read_until("All public checks passed")
        assert "not started" in seen[:first]
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)


@pytest.mark.slow
def test_grade_one_submission_writes_results_and_feedback_only_under_out(tmp_path):
    submission = tmp_path / "alice"
    submission.mkdir()
    shutil.copy(ROOT / "tests" / "cases" / "relu_on_output" / "submission" / "relu.py", submission / "relu.py")
    out = tmp_path / "out"
    done = autograder("grade", str(submission), "--out", str(out), "--workers", "1", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "alice" / "results.json").read_text(encoding="utf-8"))
    assert data["extra_data"]["student"] == "alice"
    assert all(t["name"].split(":")[0] == t["extra_data"]["function"] for t in per_check(data))
    relu = [t for t in per_check(data) if t["extra_data"]["function"] == "relu"]
    assert sum(t["score"] for t in relu) == pytest.approx(2.0)
    feedback = (out / "alice" / "feedback.md").read_text(encoding="utf-8")
    assert "ReLU to the output node" in feedback
    assert sorted(p.name for p in submission.iterdir()) == ["relu.py"]
