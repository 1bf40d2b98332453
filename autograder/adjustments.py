"""Manual adjustments: points an instructor adds or takes away by hand, with who, when and why.

The audit trail is one file in the grading folder, `DIR/adjustments.csv`, one row per
adjustment in the order recorded (`autograder adjust` appends to it; an instructor may write
rows by hand):

    student,function,points,reason,by,at
    alice,relu,+1,"Correct idea, off by one in the loop bound",jdoe,2026-12-15T09:30:00Z
    bob,,-2,Copied the lesson's answer verbatim,jdoe,2026-12-15T09:41:12Z

`function` blank adjusts the whole submission; otherwise that function's points (`relu`, or
`03_relu:relu` when two exercises share a name). `by` and `at` left blank are filled in once,
the first time the file is read, and written back: every later run reads the same facts, so
the outputs stay the same bytes. Every grade rebuilt from the folder reapplies the file.

Adjustments are applied in file order and never take a function outside 0..its points, nor the
whole score outside 0..the maximum: `adjust` and `report` refuse one that would, and a regrade
whose new automatic score leaves no room applies what fits and says so (`settle`).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from pathlib import Path
from typing import Iterable, Sequence

from autograder.errors import AutogradeError

__all__ = ["ADJUSTMENTS", "COLUMNS", "Adjustment", "AdjustmentError", "Settled", "adjustments_csv", "assign", "function_label", "parse_adjustments", "parse_points", "read_adjustments", "resolve_function", "settle", "stamp", "utc_stamp"]

ADJUSTMENTS = "adjustments.csv"
COLUMNS = ("student", "function", "points", "reason", "by", "at")
_ZERO = Decimal("0.00")


class AdjustmentError(AutogradeError):
    """An adjustment cannot be recorded or applied; the message names the row and the fix."""


@dataclass(frozen=True)
class Adjustment:
    """One adjustment as recorded. `exercise`/`function` empty: the whole submission."""

    student: str
    points: Decimal  # exact cents, signed
    reason: str
    by: str
    at: str  # UTC, "2026-12-15T09:30:00Z"; "" until stamped
    exercise: str = ""
    function: str = ""
    where: str = field(default="", compare=False)  # "adjustments.csv, row 3", for messages

    def facts(self) -> dict:
        """The stored form (results.json keeps it in the adjustment's test)."""
        return {"student": self.student, "exercise": self.exercise, "function": self.function, "points": str(self.points), "reason": self.reason, "by": self.by, "at": self.at}

    @classmethod
    def from_facts(cls, data: dict) -> "Adjustment":
        return cls(
            student=str(data.get("student", "")),
            points=Decimal(str(data.get("points", "0"))).quantize(Decimal("0.01")),
            reason=str(data.get("reason", "")),
            by=str(data.get("by", "")),
            at=str(data.get("at", "")),
            exercise=str(data.get("exercise", "")),
            function=str(data.get("function", "")),
        )


def parse_points(text: str, where: str) -> Decimal:
    """±N to the cent: "+1.5", "-2", "0.25"; zero and a third decimal are refused."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise AdjustmentError(f"{where}: points {text!r} is not a number; write e.g. +1.5 or -2")
    if value != value.quantize(Decimal("0.01")):
        raise AdjustmentError(f"{where}: points {text!r} has more than 2 decimals; grades are kept to the cent, e.g. +0.33")
    if value == 0:
        raise AdjustmentError(f"{where}: points {text!r} changes nothing; give the points to add (+1) or take away (-1)")
    return value.quantize(Decimal("0.01"))


def utc_stamp(moment: datetime) -> str:
    """A moment as the file records it: UTC to the second, "2026-12-15T09:30:00Z"."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _at(text: str, where: str) -> str:
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise AdjustmentError(f"{where}: at {text!r} is not a UTC time; write it as 2026-12-15T09:30:00Z, or leave it blank to have it filled in")
    return utc_stamp(moment)


def resolve_function(course, name: str, where: str) -> tuple[str, str]:
    """(exercise, function) for `relu` or `03_relu:relu`; a name the course lacks is refused."""
    wanted_exercise, _, wanted = name.rpartition(":")
    found = [(e.name, f.name) for e in course.exercises for f in e.functions if f.name == wanted and wanted_exercise in ("", e.name)]
    if len(found) == 1:
        return found[0]
    known = [f.name for e in course.exercises for f in e.functions]
    if len(found) > 1:
        raise AdjustmentError(f"{where}: function {name!r} is in {' and '.join(e for e, _ in found)}; write it as EXERCISE:FUNCTION, e.g. {found[0][0]}:{wanted}")
    close = get_close_matches(wanted, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise AdjustmentError(f"{where}: {name!r} is not a function of the course; {hint}the functions are {', '.join(known)} (leave it out to adjust the whole submission)")


def function_label(course, exercise: str, function: str) -> str:
    """What the file writes in `function`: the bare name unless another exercise shares it."""
    if not function:
        return ""
    shared = sum(f.name == function for e in course.exercises for f in e.functions)
    return function if shared == 1 else f"{exercise}:{function}"


def parse_adjustments(text: str, course, *, source: str = ADJUSTMENTS) -> list[Adjustment]:
    """The rows of adjustments.csv text, in order, each checked (points, reason, function, time)."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    found: list[Adjustment] = []
    try:
        header = [cell.strip().lower() for cell in next(rows, [])]
        if not any(header):
            return []
        missing = [name for name in ("student", "points", "reason") if name not in header]
        unknown = [name for name in header if name and name not in COLUMNS]
        if missing or unknown:
            problem = f"no {missing[0]!r} column" if missing else f"unknown column {unknown[0]!r}"
            raise AdjustmentError(f"{source}: {problem}; the header must be {','.join(COLUMNS)}")
        for row in rows:
            cells = dict(zip(header, (cell.strip() for cell in row)))
            if not any(cells.values()):
                continue
            where = f"{source}, row {rows.line_num}"
            student = cells.get("student", "")
            if not student:
                raise AdjustmentError(f"{where}: the student cell is empty; fill in the student's id or delete the row")
            reason = " ".join(cells.get("reason", "").split())
            if not reason:
                raise AdjustmentError(f"{where}: no reason; say why in the reason cell (the student reads it)")
            exercise, function = resolve_function(course, cells["function"], where) if cells.get("function") else ("", "")
            found.append(
                Adjustment(
                    student=student,
                    points=parse_points(cells.get("points", ""), where),
                    reason=reason,
                    by=" ".join(cells.get("by", "").split()),
                    at=_at(cells.get("at", ""), where),
                    exercise=exercise,
                    function=function,
                    where=where,
                )
            )
    except csv.Error as error:
        raise AdjustmentError(f"{source}, row {rows.line_num}: not valid CSV ({error})") from None
    return found


def read_adjustments(folder: Path, course) -> list[Adjustment]:
    """DIR/adjustments.csv's rows, or none when the folder has no such file."""
    path = Path(folder) / ADJUSTMENTS
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise AdjustmentError(f"{path}: cannot read the adjustments ({error.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AdjustmentError(f"{path}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'") from None
    return parse_adjustments(text, course, source=str(path))


def stamp(adjustments: Sequence[Adjustment], *, by: str, now: datetime) -> list[Adjustment]:
    """Rows written by hand without who or when get them now, once (the caller writes them back)."""
    return [replace(a, by=a.by or by, at=a.at or utc_stamp(now)) for a in adjustments]


def adjustments_csv(adjustments: Iterable[Adjustment], course) -> str:
    """The trail as the file holds it: the header, then one row per adjustment, in order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in adjustments:
        # A leading apostrophe keeps a spreadsheet from running a reason as a formula.
        reason = "'" + a.reason if a.reason.startswith(("=", "+", "-", "@")) else a.reason
        writer.writerow([a.student, function_label(course, a.exercise, a.function), f"{a.points:+f}", reason, a.by, a.at])
    return buffer.getvalue()


@dataclass(frozen=True)
class Settled:
    """What a submission's adjustments did, each exact: per adjustment, per function, in all."""

    applied: tuple[Decimal, ...] = ()  # the points each adjustment moved, in order
    functions: dict = field(default_factory=dict)  # (exercise, function) -> points moved
    overall: Decimal = _ZERO  # points moved by whole-submission adjustments

    @property
    def total(self) -> Decimal:
        return sum(self.applied, _ZERO)

    def exercise(self, name: str) -> Decimal:
        return sum((points for (exercise, _), points in self.functions.items() if exercise == name), _ZERO)

    def short(self, adjustments: Sequence[Adjustment]) -> list[tuple[Adjustment, Decimal]]:
        """The adjustments that could not be applied in full, with what was."""
        return [(a, applied) for a, applied in zip(adjustments, self.applied) if applied != a.points]


def settle(functions: Sequence, adjustments: Sequence[Adjustment]) -> Settled:
    """Apply `adjustments` in order to the functions' exact points (`FunctionScore`s): each one
    moves at most as far as keeps its function within 0..its points and the whole score within
    0..the maximum."""
    if not adjustments:
        return Settled()
    score = {(f.exercise, f.function): f.score for f in functions}
    top = {(f.exercise, f.function): f.max_score for f in functions}
    total, maximum = sum(score.values(), _ZERO), sum(top.values(), _ZERO)
    applied, moved, overall = [], {}, _ZERO
    for a in adjustments:
        low, high = -total, maximum - total
        key = (a.exercise, a.function)
        if a.function:
            low, high = max(low, -score.get(key, _ZERO)), min(high, top.get(key, _ZERO) - score.get(key, _ZERO))
        step = min(max(a.points, low), high)
        if a.function:
            score[key] = score.get(key, _ZERO) + step
            moved[key] = moved.get(key, _ZERO) + step
        else:
            overall += step
        total += step
        applied.append(step)
    return Settled(applied=tuple(applied), functions=moved, overall=overall)


def assign(results: Sequence, adjustments: Sequence[Adjustment], *, strict: bool) -> tuple[list, list[Adjustment], list[tuple[Adjustment, Decimal]]]:
    """Each result with its student's adjustments, in file order; also the adjustments that name
    no student here and those that did not fit in full (a regrade moved the automatic score).
    `strict` (`adjust`, `report`): either is an AdjustmentError instead, and nothing is written."""
    by_student: dict[str, list[Adjustment]] = {}
    for a in adjustments:
        by_student.setdefault(a.student, []).append(a)
    ids = [r.student for r in results]
    unmatched = [a for a in adjustments if a.student not in set(ids)]
    if strict and unmatched:
        a = unmatched[0]
        close = get_close_matches(a.student, ids, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise AdjustmentError(f"{a.where or a.student}: no graded student {a.student!r} in this folder; {hint}use the id of a student folder that holds a results.json")
    adjusted, short = [], []
    for result in results:
        own = tuple(by_student.get(result.student, ()))
        result = replace(result, adjustments=own) if own or result.adjustments else result
        for a, applied in result.settled.short(own):
            if strict:
                target = f"{a.function} ({a.exercise})" if a.function else "the score"
                where = f"{a.where}: " if a.where else ""
                raise AdjustmentError(
                    f"{where}{a.points:+f} points for {a.student!r} would take {target} "
                    f"{'above its maximum' if a.points > 0 else 'below 0'}; at most {applied:+f} fits now. "
                    f"Give fewer points{' (or change the row, or delete it)' if a.where else ''}"
                )
            short.append((a, applied))
        adjusted.append(result)
    return adjusted, unmatched, short
