"""`autograder adjust DIR STUDENT --points ±N --reason TEXT [--function NAME]`: a manual adjustment.

Checked against the folder's results and the whole trail first (the student is graded there,
the function is the course's, the score stays within 0..the maximum); only then appended to
DIR/adjustments.csv with who and when, and every output rebuilt from the stored results
(`report_command`). A refusal writes nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from difflib import get_close_matches
from pathlib import Path

from autograder.adjustments import ADJUSTMENTS, Adjustment, AdjustmentError, assign, parse_points, resolve_function, utc_stamp
from autograder.commands.report import RESULTS, report_command
from autograder.commands.trail import current_user, load_trail, save_trail
from autograder.course import Course
from autograder.outputs.results_json import from_gradescope
from autograder.render.console import console
from autograder.render.decisions import recorded_text

__all__ = ["adjust_command"]


def adjust_command(
    course: Course,
    out_dir: Path,
    student: str,
    *,
    points: str,
    reason: str,
    function: str | None = None,
    by: str | None = None,
    now: datetime | None = None,
    assignment_id: str | None = None,
    reveal_hidden: bool = False,
) -> int:
    """Record one adjustment in `out_dir` and rebuild its outputs; `now` is when it is recorded."""
    if not out_dir.is_dir() or not any(out_dir.glob(f"*/{RESULTS}")):
        raise AdjustmentError(f"{out_dir}: no graded results here; give the --out folder of an earlier `autograder grade`")
    results = [from_gradescope(json.loads(path.read_text(encoding="utf-8"))) for path in sorted(out_dir.glob(f"*/{RESULTS}"))]
    ids = [r.student for r in results]
    if student not in ids:
        close = get_close_matches(student, ids, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise AdjustmentError(f"no graded student {student!r} in {out_dir}; {hint}use the id of a student folder there (its results.json)")
    status = next(r for r in results if r.student == student).extra.get("status") or "graded"
    if status != "graded":
        raise AdjustmentError(f"{student!r} is not graded (status {status!r}); grade the submission again first (autograder grade ... --force), then adjust its score")
    text = " ".join(reason.split())
    if not text:
        raise AdjustmentError("--reason is empty; say why (the student reads it), e.g. --reason 'correct idea, off-by-one in the loop'")
    exercise, name = resolve_function(course, function, "--function") if function else ("", "")
    moment = now or datetime.now(timezone.utc)
    trail, _ = load_trail(course, out_dir, by=by, now=moment)
    new = Adjustment(
        student=student,
        points=parse_points(points, "--points"),
        reason=text,
        by=" ".join((by or current_user()).split()),
        at=utc_stamp(moment),
        exercise=exercise,
        function=name,
    )
    assign(results, [*trail, new], strict=True)  # refuses before anything is written
    save_trail(course, out_dir, [*trail, new])
    console().print(recorded_text(new, str(out_dir / ADJUSTMENTS)), highlight=False)
    return report_command(course, out_dir, assignment_id=assignment_id, reveal_hidden=reveal_hidden, now=moment)
