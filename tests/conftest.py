import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/cases/*/expected.json from the current grader.")


@pytest.fixture(scope="session")
def course():
    from autograder.course import load

    return load(ROOT)


@pytest.fixture(scope="session")
def plan(course):
    from autograder.grading.plan import make_plan

    return make_plan(course)


@pytest.fixture(scope="session")
def assignment_plan(course):
    """The plan of one assignment (`autograder grade --assignment ID`), made once per id."""
    from autograder.grading.plan import make_plan

    made = {}

    def plan_for(assignment_id):
        if assignment_id not in made:
            made[assignment_id] = make_plan(course.for_assignment(assignment_id))
        return made[assignment_id]

    return plan_for


@pytest.fixture(scope="session")
def runner(course):
    from autograder.isolation.runner import Runner

    # Each xdist process gets its own worker uid (RLIMIT_NPROC and kill-by-uid are per uid).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    with Runner(course.grading.limits, slot=10 + int(worker[2:] or 0)) as shared:
        yield shared
