"""Faults injected into one student's grading in a class run, for tests/test_hostile_class.py.

The class grader sends each submission to `autograder.commands.pool.grade_in_process` in a pool
process; the test swaps in `grade_with_faults`, which does the real work for everyone except
a student whose id names a fault. It is importable in the spawned pool processes because
they inherit the test process's `sys.path`.
"""

from __future__ import annotations

import os
import time

import autograder.pipeline
from autograder.commands.pool import grade_in_process as real_grade_in_process
from autograder.isolation.records import CallFailed

# id prefix -> what goes wrong while grading that student
FAULTS = ("callfailed", "raises", "dies", "hangs")


def grade_with_faults(student: str, files: dict[str, bytes]):
    if student.startswith("dies"):
        os._exit(9)  # the grading process itself vanishes, as under the OOM killer
    if student.startswith("hangs"):
        time.sleep(3600)  # the grading process stops answering
    if student.startswith(("callfailed", "raises")):
        error = CallFailed("crashed", "the worker stopped reading (EPIPE)") if student.startswith("callfailed") else RuntimeError("grader bug <b>[red]x[/red]")
        honest = autograder.pipeline.grade_files

        def failing(*args, **kwargs):
            raise error

        autograder.pipeline.grade_files = failing
        try:
            return real_grade_in_process(student, files)
        finally:
            autograder.pipeline.grade_files = honest
    return real_grade_in_process(student, files)
