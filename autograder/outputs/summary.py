"""summary.json: the class in numbers (scores, statuses, checks and misconceptions by frequency)."""

from __future__ import annotations

import statistics
from typing import Any, Sequence

from autograder.results import OUTCOMES, SubmissionResult
from autograder.outputs.rows import STATUS_ORDER, natural, GRADED, GradeRow

__all__ = ['summary_json']

def summary_json(
    results: Sequence[SubmissionResult],
    rows: Sequence[GradeRow],
    *,
    exercises: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Class statistics for the report; the same inputs always give the same dict, in order.

    Totals and exercise means cover graded rows only (absent students would pull the mean to
    0 without saying anything about the work). Pass rates are per check name, over the
    results that ran that check, in the order the checks first appear.
    """
    if exercises is None:
        exercises = list(dict.fromkeys(e for row in rows for e in row.points))
    graded = [row for row in rows if row.status == GRADED]
    totals = [row.total for row in graded]

    statuses: dict[str, int] = {s: 0 for s in STATUS_ORDER}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    statuses = {s: statuses[s] for s in STATUS_ORDER} | {
        s: statuses[s] for s in sorted(set(statuses) - set(STATUS_ORDER))
    }

    outcomes: dict[str, int] = {o: 0 for o in OUTCOMES}
    checks: dict[str, dict[str, Any]] = {}
    misconceptions: dict[str, set[str]] = {}
    not_started = 0
    for result in results:
        if result.extra.get("status") == "crashed":
            continue  # its checks never ran: they say nothing about the class's work
        if result.checks and all(c.outcome == "not_started" for c in result.checks):
            not_started += 1
        for check in result.checks:
            outcomes[check.outcome] = outcomes.get(check.outcome, 0) + 1
            entry = checks.setdefault(
                check.name, {"name": check.name, "exercise": check.exercise, "runs": 0, "passed": 0}
            )
            entry["runs"] += 1
            entry["passed"] += check.passed
            if check.misconception:
                misconceptions.setdefault(check.misconception, set()).add(result.student)
    outcomes = {o: outcomes[o] for o in OUTCOMES} | {
        o: outcomes[o] for o in sorted(set(outcomes) - set(OUTCOMES))
    }
    for entry in checks.values():
        entry["pass_rate"] = round(entry["passed"] / entry["runs"], 4)

    return {
        "students": len(rows),
        "submissions": len(results),
        "status": statuses,
        "outcomes": outcomes,
        "totals": {
            "count": len(totals),
            "mean": _stat(statistics.fmean, totals),
            "median": _stat(statistics.median, totals),
            "min": _stat(min, totals),
            "max": _stat(max, totals),
        },
        "max_score": max((row.max_score for row in rows), default=0.0),
        "late": sum(row.late for row in rows),
        "not_started": not_started,
        "checks": list(checks.values()),
        "exercises": [
            {
                "exercise": exercise,
                "mean_points": _stat(statistics.fmean, [row.points.get(exercise, 0.0) for row in graded]),
            }
            for exercise in exercises
        ],
        "misconceptions": [
            {"id": key, "count": len(students), "students": sorted(students, key=natural)}
            for key, students in sorted(misconceptions.items(), key=lambda item: (-len(item[1]), item[0]))
        ],
    }

def _stat(function, values: list[float]) -> float | None:
    return round(function(values), 4) if values else None
