"""The benchmark script runs end to end on a tiny class (a smoke test: no timing is asserted)."""

import json
from pathlib import Path

import pytest

from autograder.commands.bench import REQUIRED_KEYS, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_benchmark_grades_a_tiny_class_both_ways_and_writes_every_figure(tmp_path, capsys):
    pytest.importorskip("nbgrader", reason="the benchmark compares with nbgrader autograde")
    out = tmp_path / "results.json"
    assert main(["--students", "4", "--workers", "2", "--out", str(out), "--work", str(tmp_path / "work"), "--course", str(ROOT)]) == 0
    report = json.loads(out.read_text())
    assert REQUIRED_KEYS <= set(report)
    assert report["students"] == 4 and report["kinds"] == {"correct": 1, "wrong": 1, "hostile": 2}
    # The figures are measured, not placeholders: each is a positive number.
    for key in (REQUIRED_KEYS | {"peak_pss_mib"}) - {"students", "cores"}:
        assert isinstance(report[key], (int, float)) and report[key] > 0, key
    assert report["examples_per_check_min"] >= 100
    assert report["nbgrader_agrees_on_scores"] is True
    assert "speedup_vs_nbgrader" in capsys.readouterr().out


def test_one_submission_mode_grades_the_references_and_prints_each_time(capsys):
    assert main(["--one-submission", "2", "--course", str(ROOT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["grading 1", "grading 2"]
    assert all(float(line.split()[2]) > 0 for line in lines)
