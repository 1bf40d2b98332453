"""The late policy: how late a submission was and what it costs, as a pure calculation.

Rules, in the order they apply:

* Times are compared as instants: both are converted to UTC first, so a due date and a
  submission on opposite sides of a daylight-saving change are exactly as far apart as the
  clock on the wall says they are *in UTC* (a naive datetime is taken to be UTC).
* A submission up to `grace_minutes` after the due date is on time.
* After that, every *started* day counts: 1 minute past the grace period is day 1,
  24 h 1 min past it is day 2. The penalty is `penalty_per_day` of the maximum score per
  started day, capped at `max_penalty`, in points rounded to 2 decimals.
* When the submission time or the due date is unknown, the LMS late flag decides, and a
  flagged submission counts as `late_flag_days` days late (rounded up to whole days).
  A known time always wins over the flag, because the flag may come from a due date that
  differs from ours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from difflib import get_close_matches
from typing import Any, Mapping

__all__ = ["LatePolicy", "Lateness", "assess", "ON_TIME"]

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class LatePolicy:
    """How lateness is forgiven and charged; every field has a default that charges nothing."""

    grace_minutes: float = 0
    penalty_per_day: float = 0.0  # fraction of the maximum score per started day, e.g. 0.1
    max_penalty: float = 1.0  # cap on the total penalty, as a fraction of the maximum score
    late_flag_days: float = 1.0  # days assumed late when only the LMS late flag is known

    def __post_init__(self) -> None:
        for name, low, high, example in _RANGES:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                raise ValueError(
                    f"late policy: {name}={value!r} is not a number; write {name} = {example}"
                )
            if value < low or (high is not None and value > high):
                allowed = f"between {low} and {high}" if high is not None else f">= {low}"
                raise ValueError(
                    f"late policy: {name}={value!r} must be {allowed}"
                    f"{_RANGE_HINTS.get(name, '')}; e.g. {name} = {example}"
                )

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any], *, source: str = "late policy") -> LatePolicy:
        """Build a policy from a mapping such as course.toml's `[late]` table, validating it.

        `source` names where the mapping came from, for the error message.
        """
        if not isinstance(mapping, Mapping):
            raise ValueError(
                f"{source}: expected a table of settings, got {type(mapping).__name__}; "
                f"write e.g. penalty_per_day = 0.1"
            )
        known = [f.name for f in fields(cls)]
        for key in mapping:
            if key not in known:
                close = get_close_matches(str(key), known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ValueError(
                    f"{source}: unknown key {key!r}; {hint}the keys are {', '.join(known)}"
                )
        try:
            return cls(**dict(mapping))
        except ValueError as error:
            raise ValueError(str(error).replace("late policy", source, 1)) from None


# (field, lowest, highest or None, an example value for the message)
_RANGES = (
    ("grace_minutes", 0, None, "15"),
    ("penalty_per_day", 0, 1, "0.1"),
    ("max_penalty", 0, 1, "0.5"),
    ("late_flag_days", 0, None, "1"),
)
_RANGE_HINTS = {
    "penalty_per_day": " (a fraction of the maximum score: 0.1 means 10% per started day)",
    "max_penalty": " (a fraction of the maximum score: 0.5 means at most half the points)",
    "grace_minutes": " (minutes after the due date that still count as on time)",
}


@dataclass(frozen=True)
class Lateness:
    """The verdict for one submission; `reason` is a sentence for the student."""

    late: bool
    days_late: int  # started days after the grace period
    penalty: float  # points, rounded to 2 decimals
    reason: str


ON_TIME = Lateness(late=False, days_late=0, penalty=0.0, reason="On time.")


def assess(
    *,
    submitted_at: datetime | None,
    late_flag: bool,
    due: datetime | None,
    policy: LatePolicy,
    max_score: float,
) -> Lateness:
    """How late a submission was and its penalty in points, with a student-facing reason."""
    if max_score < 0 or math.isnan(max_score):
        raise ValueError(f"max_score={max_score!r} must be >= 0")
    if submitted_at is not None and due is not None:
        return _assess_timed(_as_utc(submitted_at), due, policy, max_score)
    if late_flag:
        days = math.ceil(policy.late_flag_days)
        fraction, penalty = _penalty(days, policy, max_score)
        unknown = "submission time" if submitted_at is None else "due date"
        why = f"Marked late by the LMS (no {unknown} known)"
        return Lateness(
            late=True,
            days_late=days,
            penalty=penalty,
            reason=f"{why}, counted as {_plural(days, 'day')} late: "
            f"{_charge(days, fraction, penalty, policy)}",
        )
    return ON_TIME


def _assess_timed(submitted: datetime, due: datetime, policy: LatePolicy, max_score: float) -> Lateness:
    # Subtract in UTC: two datetimes sharing one ZoneInfo subtract as wall-clock times,
    # which is an hour off across a daylight-saving change.
    delta = submitted - _as_utc(due)
    if delta <= timedelta(0):
        return ON_TIME
    when = f"Submitted {_duration(delta)} after the due date ({_show(due)}"
    grace = timedelta(minutes=policy.grace_minutes)
    if delta <= grace:
        return Lateness(
            late=False,
            days_late=0,
            penalty=0.0,
            reason=f"{when}), within the {_grace(policy)} grace period: on time.",
        )
    days = math.ceil((delta - grace) / _DAY)
    fraction, penalty = _penalty(days, policy, max_score)
    if grace:
        when += f", {_grace(policy)} grace"
    return Lateness(
        late=True,
        days_late=days,
        penalty=penalty,
        reason=f"{when}): {_charge(days, fraction, penalty, policy)}",
    )


def _penalty(days: int, policy: LatePolicy, max_score: float) -> tuple[float, float]:
    fraction = min(policy.max_penalty, policy.penalty_per_day * days)
    points = Decimal(repr(fraction * max_score)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return fraction, float(points)


def _charge(days: int, fraction: float, penalty: float, policy: LatePolicy) -> str:
    if policy.penalty_per_day == 0:
        return f"{_plural(days, 'started day')} late, no late penalty."
    text = f"{_percent(policy.penalty_per_day)} per started day"
    if days > 1:
        text += f" x {days} days"
    if fraction < policy.penalty_per_day * days:
        text += f", capped at {_percent(policy.max_penalty)}"
    points = _number(penalty)
    return f"{text}, -{points} point{'' if points == '1' else 's'}."


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _show(due: datetime) -> str:
    """The due date as the course wrote it: its own time zone, naive meaning UTC."""
    if due.tzinfo is None or due.utcoffset() is None:
        due = due.replace(tzinfo=timezone.utc)
    return due.strftime("%Y-%m-%d %H:%M ") + (due.tzname() or "UTC")


def _duration(delta: timedelta) -> str:
    """The largest unit and the next one when non-zero: "1 day 3 hours", "12 minutes"."""
    minutes = int(delta.total_seconds() // 60)
    units = [(minutes // 1440, "day"), (minutes // 60 % 24, "hour"), (minutes % 60, "minute")]
    for index, (count, unit) in enumerate(units):
        if count:
            parts = [_plural(count, unit)]
            if index + 1 < len(units) and units[index + 1][0]:
                parts.append(_plural(*units[index + 1]))
            return " ".join(parts)
    return "less than a minute"


def _grace(policy: LatePolicy) -> str:
    return f"{_number(policy.grace_minutes)}-minute"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" + ("" if count == 1 else "s")


def _percent(fraction: float) -> str:
    return _number(fraction * 100) + "%"


def _number(value: float) -> str:
    text = f"{Decimal(repr(float(value))).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
