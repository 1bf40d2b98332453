"""A course's grading plan: its materials (checks, references, misconceptions) and the bank of
drawn examples, made once per course and shared by every submission (`autograder.pipeline`
grades one with it)."""

from __future__ import annotations

import os
from pathlib import Path

from autograder.grading.bank import ExampleBank
from autograder.grading.catalog import checks_digest, load_material
from autograder.course import Course
from autograder.grading.engine import Plan
from autograder.grading.property import grade_profile

__all__ = ["CACHE_DIR", "default_cache_dir", "make_plan"]


CACHE_ENV = "AUTOGRADER_CACHE"
CACHE_DIR = ".autograder-cache"  # examples shipped inside a course folder (the student bundle, Gradescope's)


def default_cache_dir() -> Path | None:
    """Where drawn examples are kept between runs when no folder is given: $AUTOGRADER_CACHE,
    else the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then autograder/examples);
    None (memory only) when there is no home. Never the course folder: that is the instructor's."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory to find
        return None
    return base / "autograder" / "examples"


def make_plan(
    course: Course,
    *,
    hidden: bool = True,
    exercises: tuple[str, ...] = (),
    examples: int | None = None,
    replay: bool = True,
    cache_dir: Path | None = None,
) -> Plan:
    """Load checks (and, when `hidden`, the reference and hidden checks) for the course.

    With `replay`, each check's examples are drawn once and kept in memory and in `cache_dir`
    (default: `default_cache_dir()`; see bank.py); without, every submission runs Hypothesis
    from scratch (same results).
    """
    chosen = [course.exercise(name) for name in exercises] if exercises else list(course.exercises)
    materials = [load_material(course, exercise, hidden=hidden) for exercise in chosen]
    where = cache_dir if cache_dir is not None else default_cache_dir()
    shipped = course.root / CACHE_DIR  # a released bundle's examples, read but never written
    bank = ExampleBank(grade_profile, cache_dir=where, key=checks_digest(course), shipped=shipped) if replay else None
    return Plan(course=course, materials=materials, hidden=hidden, examples=examples, bank=bank)
