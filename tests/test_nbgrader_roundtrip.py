"""A real nbgrader round trip: generate_assignment, submit, autograde, export.

Two students (a correct notebook, and one with a typical mistake that also deleted the
grading cell of an exercise it got right) are autograded by nbgrader,
whose grading cells ask the kit for the points; `autograder grade` grades the same
notebooks, and the points must agree per exercise. The kit's grades are then imported into a
gradebook nbgrader never autograded, and `nbgrader export` must show the same totals.
"""

import csv
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

pytestmark = pytest.mark.slow
pytest.importorskip("nbgrader", reason="the round trip runs nbgrader; install the kit's nbgrader extra")

from autograder.cli import main  # noqa: E402
from autograder.platforms.nbgrader_bridge import run_nbgrader  # noqa: E402
from autograder.platforms.notebook_source import filled_notebook, notebook_name  # noqa: E402
from autograder.platforms.release import release  # noqa: E402
from autograder.outputs.results_json import from_gradescope  # noqa: E402

CASES = Path(__file__).parent / "cases"
STAMP = "2026-12-14 20:00:00.000000 UTC"


def filled(course, released: Path, files: dict[str, str], *, deleted: str = "") -> str:
    """The released notebook holding the student's files; `deleted` names a grading cell the student deleted."""
    notebook = nbformat.reads(filled_notebook(course, released, {k: v.encode() for k, v in files.items()}), as_version=4)
    if deleted:
        notebook.cells = [c for c in notebook.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != deleted]
    return nbformat.writes(notebook)


def students(course) -> dict[str, dict[str, str]]:
    references = {e.file: (course.solutions_dir / e.name / e.file).read_text() for e in course.exercises}
    wrong = {
        "forward_propagation.py": references["forward_propagation.py"],
        "relu.py": (CASES / "relu_without_return" / "submission" / "relu.py").read_text(),
    }
    return {"alice": references, "bob": wrong}


@pytest.fixture(scope="module")
def trip(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("roundtrip")
    assignment = course.assignments[0]
    done = release(course, out, bank=False)
    folder = done.nbgrader
    fresh = out / "fresh-gradebook.db"
    shutil.copy(folder / "gradebook.db", fresh)  # released, never autograded
    for student, files in students(course).items():
        target = folder / "submitted" / student / assignment.id
        target.mkdir(parents=True)
        deleted = "01_forward_propagation" if student == "bob" else ""  # nbgrader must put the grading cell back
        (target / notebook_name(assignment)).write_text(filled(course, done.release, files, deleted=deleted), encoding="utf-8")
        (target / "timestamp.txt").write_text(STAMP)
    run_nbgrader(folder, "autograde", assignment.id)
    run_nbgrader(folder, "export", "--to", str(out / "nbgrader.csv"))
    # `autograder grade` on the same notebooks, writing its grades into a gradebook nbgrader never autograded
    command = ["grade", str(folder), "--out", str(out / "kit"), "--workers", "2", "--course", str(course.root), "--nbgrader-db", str(fresh)]
    assert main(command) == 0
    kit = {p.parent.name: from_gradescope(json.loads(p.read_text())) for p in (out / "kit").glob("*/results.json")}
    return SimpleNamespace(out=out, folder=folder, fresh=fresh, kit=kit, assignment=assignment)


def exported(path: Path) -> dict[str, float]:
    with open(path, newline="") as handle:
        return {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(handle)}


def per_exercise(result) -> dict[str, float]:
    return {name: round(sum(c.score for c in checks), 4) for name, checks in result.by_exercise().items()}


def test_nbgrader_round_trip_agrees_with_autograder_grade(course, trip):
    """One test, so pytest-xdist runs the round trip once; each step is a function below."""
    autograde_gives_each_exercise_the_points_autograder_grade_gives(course, trip)
    nbgrader_export_shows_the_kits_totals(trip)
    grading_cells_leave_a_number_for_nbgrader_and_feedback_for_students(trip)
    the_kits_grades_import_into_a_gradebook_nbgrader_never_autograded(course, trip)


def autograde_gives_each_exercise_the_points_autograder_grade_gives(course, trip):
    from nbgrader.api import Gradebook

    assert set(trip.kit) == {"alice", "bob"}
    with Gradebook(f"sqlite:///{trip.folder / 'gradebook.db'}", course.id) as gb:
        for student, result in trip.kit.items():
            nbgrader = {name: gb.find_grade(name, trip.assignment.id, trip.assignment.id, student).score for name in trip.assignment.exercises}
            assert nbgrader == per_exercise(result), student
    assert per_exercise(trip.kit["alice"]) == {name: course.exercise(name).points for name in trip.assignment.exercises}  # its assignment only
    assert per_exercise(trip.kit["bob"])["01_forward_propagation"] == 5  # graded although its grading cell was deleted
    assert 0 < per_exercise(trip.kit["bob"])["03_relu"] < 5


def nbgrader_export_shows_the_kits_totals(trip):
    assert exported(trip.out / "nbgrader.csv") == {s: r.score for s, r in trip.kit.items()}


def grading_cells_leave_a_number_for_nbgrader_and_feedback_for_students(trip):
    notebook = nbformat.read(str(trip.folder / "autograded" / "bob" / trip.assignment.id / notebook_name(trip.assignment)), as_version=4)
    # bob deleted the first grading cell; nbgrader put it back, after his code cell
    grading = [c for c in notebook.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader.grade_id for c in grading] == list(trip.assignment.exercises)
    for cell in grading:
        assert [o.output_type for o in cell.outputs] == ["execute_result"]  # nothing on stderr, no error
        float(cell.outputs[0].data["text/plain"])
        assert "checks passed" in cell.outputs[0].data["text/html"]


def the_kits_grades_import_into_a_gradebook_nbgrader_never_autograded(course, trip):
    run_nbgrader(trip.folder, "export", "--db", f"sqlite:///{trip.fresh}", "--to", str(trip.out / "imported.csv"))
    assert exported(trip.out / "imported.csv") == {s: r.score for s, r in trip.kit.items()}
