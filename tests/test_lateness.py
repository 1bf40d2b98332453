"""The late policy: grace, started days, capping, the LMS flag, time zones and validation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from autograder.intake.lateness import ON_TIME, LatePolicy, Lateness, assess

DUE = datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc)
TEN_PERCENT = LatePolicy(penalty_per_day=0.1)


def late_by(delta: timedelta, policy: LatePolicy = TEN_PERCENT, max_score: float = 25) -> Lateness:
    return assess(submitted_at=DUE + delta, late_flag=False, due=DUE, policy=policy, max_score=max_score)


def test_on_time_and_exactly_at_the_due_date():
    assert late_by(timedelta(hours=-3)) == ON_TIME
    assert late_by(timedelta(0)) == ON_TIME
    assert ON_TIME.reason == "On time."


def test_one_day_three_hours_is_two_started_days():
    verdict = late_by(timedelta(days=1, hours=3))
    assert verdict == Lateness(
        late=True,
        days_late=2,
        penalty=5.0,
        reason="Submitted 1 day 3 hours after the due date (2026-12-14 23:59 UTC): "
        "10% per started day x 2 days, -5 points.",
    )


def test_one_second_late_is_one_started_day():
    verdict = late_by(timedelta(seconds=1))
    assert (verdict.late, verdict.days_late, verdict.penalty) == (True, 1, 2.5)
    assert verdict.reason == (
        "Submitted less than a minute after the due date (2026-12-14 23:59 UTC): "
        "10% per started day, -2.5 points."
    )


def test_exactly_one_day_late_is_one_day_and_a_second_more_is_two():
    assert late_by(timedelta(days=1)).days_late == 1
    assert late_by(timedelta(days=1, seconds=1)).days_late == 2


def test_penalty_is_capped_at_max_penalty():
    policy = LatePolicy(penalty_per_day=0.3, max_penalty=0.5)
    verdict = late_by(timedelta(days=4, minutes=1), policy, max_score=10)
    assert (verdict.days_late, verdict.penalty) == (5, 5.0)
    assert verdict.reason.endswith("30% per started day x 5 days, capped at 50%, -5 points.")


def test_penalty_is_rounded_to_two_decimals():
    # 3 days x 10% of 7 points = 2.1 (not 2.1000000000000005); 1/3 point rounds to 0.33.
    assert late_by(timedelta(days=2, hours=1), max_score=7).penalty == 2.1
    assert late_by(timedelta(hours=1), LatePolicy(penalty_per_day=1 / 30), max_score=10).penalty == 0.33


def test_grace_period_forgives_and_then_counts_from_its_end():
    policy = LatePolicy(grace_minutes=15, penalty_per_day=0.1)
    inside = late_by(timedelta(minutes=15), policy)
    assert (inside.late, inside.days_late, inside.penalty) == (False, 0, 0.0)
    assert inside.reason == (
        "Submitted 15 minutes after the due date (2026-12-14 23:59 UTC), "
        "within the 15-minute grace period: on time."
    )
    just_after = late_by(timedelta(minutes=16), policy)
    assert (just_after.late, just_after.days_late, just_after.penalty) == (True, 1, 2.5)
    assert "15-minute grace" in just_after.reason
    # 1 day 10 minutes late is still 1 started day once the 15 minutes are forgiven.
    assert late_by(timedelta(days=1, minutes=10), policy).days_late == 1


def test_no_penalty_policy_still_reports_late():
    verdict = late_by(timedelta(hours=2), LatePolicy())
    assert (verdict.late, verdict.days_late, verdict.penalty) == (True, 1, 0.0)
    assert verdict.reason.endswith("1 started day late, no late penalty.")


def test_zero_max_score_gives_zero_penalty():
    verdict = late_by(timedelta(days=3), max_score=0)
    assert (verdict.late, verdict.days_late, verdict.penalty) == (True, 3, 0.0)


def test_one_point_is_singular():
    assert late_by(timedelta(hours=1), max_score=10).reason.endswith("-1 point.")


def test_dst_crossing_due_date_is_measured_in_real_time():
    berlin = ZoneInfo("Europe/Berlin")
    # Clocks go forward on 2026-03-29: noon to noon the next day is only 23 real hours.
    due = datetime(2026, 3, 28, 12, 0, tzinfo=berlin)
    submitted = datetime(2026, 3, 29, 12, 30, tzinfo=berlin)
    verdict = assess(submitted_at=submitted, late_flag=False, due=due, policy=TEN_PERCENT, max_score=10)
    assert verdict.days_late == 1  # 23.5 real hours, although 24.5 on the wall clock
    assert verdict.reason.startswith("Submitted 23 hours 30 minutes after the due date (2026-03-28 12:00 CET)")
    # Autumn: clocks go back on 2026-10-25, so noon to 12:30 next day is 25.5 real hours.
    autumn = assess(
        submitted_at=datetime(2026, 10, 25, 12, 30, tzinfo=berlin),
        late_flag=False,
        due=datetime(2026, 10, 24, 12, 0, tzinfo=berlin),
        policy=TEN_PERCENT,
        max_score=10,
    )
    assert autumn.days_late == 2


def test_submission_in_another_zone_compares_instants():
    new_york = ZoneInfo("America/New_York")
    submitted = datetime(2026, 12, 14, 18, 59, tzinfo=new_york)  # == 23:59 UTC
    assert assess(submitted_at=submitted, late_flag=False, due=DUE, policy=TEN_PERCENT, max_score=10) == ON_TIME


def test_naive_datetimes_are_utc():
    naive_due = datetime(2026, 12, 14, 23, 59)
    verdict = assess(
        submitted_at=datetime(2026, 12, 15, 0, 30), late_flag=False, due=naive_due, policy=TEN_PERCENT, max_score=10
    )
    assert verdict.days_late == 1
    assert "(2026-12-14 23:59 UTC)" in verdict.reason
    aware = assess(
        submitted_at=datetime(2026, 12, 15, 0, 30, tzinfo=timezone.utc),
        late_flag=False,
        due=naive_due,
        policy=TEN_PERCENT,
        max_score=10,
    )
    assert aware == verdict


def test_late_flag_only():
    policy = LatePolicy(penalty_per_day=0.1, late_flag_days=2)
    verdict = assess(submitted_at=None, late_flag=True, due=DUE, policy=policy, max_score=25)
    assert verdict == Lateness(
        late=True,
        days_late=2,
        penalty=5.0,
        reason="Marked late by the LMS (no submission time known), counted as 2 days late: "
        "10% per started day x 2 days, -5 points.",
    )
    no_due = assess(submitted_at=DUE, late_flag=True, due=None, policy=policy, max_score=25)
    assert no_due.days_late == 2 and "no due date known" in no_due.reason
    # A fractional assumption counts as started days.
    half = assess(submitted_at=None, late_flag=True, due=None, policy=LatePolicy(late_flag_days=0.5), max_score=25)
    assert half.days_late == 1


def test_known_times_win_over_the_flag():
    verdict = assess(
        submitted_at=DUE - timedelta(hours=1), late_flag=True, due=DUE, policy=TEN_PERCENT, max_score=25
    )
    assert verdict == ON_TIME


def test_nothing_known_and_no_flag_is_on_time():
    assert assess(submitted_at=None, late_flag=False, due=DUE, policy=TEN_PERCENT, max_score=25) == ON_TIME
    assert assess(submitted_at=DUE, late_flag=False, due=None, policy=TEN_PERCENT, max_score=25) == ON_TIME


def test_deterministic():
    first = late_by(timedelta(days=2, hours=5))
    assert all(late_by(timedelta(days=2, hours=5)) == first for _ in range(5))


def test_negative_max_score_is_refused():
    with pytest.raises(ValueError, match="max_score"):
        late_by(timedelta(hours=1), max_score=-1)


def test_from_mapping_accepts_a_table():
    policy = LatePolicy.from_mapping({"grace_minutes": 10, "penalty_per_day": 0.1, "max_penalty": 0.5})
    assert policy == LatePolicy(grace_minutes=10, penalty_per_day=0.1, max_penalty=0.5, late_flag_days=1.0)
    assert LatePolicy.from_mapping({}) == LatePolicy()


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"penalty_per_days": 0.1}, r"unknown key 'penalty_per_days'; did you mean 'penalty_per_day'\?"),
        ({"penalty_per_day": 10}, r"penalty_per_day=10 must be between 0 and 1 .*penalty_per_day = 0.1"),
        ({"penalty_per_day": "10%"}, r"penalty_per_day='10%' is not a number; write penalty_per_day = 0.1"),
        ({"max_penalty": 1.5}, r"max_penalty=1.5 must be between 0 and 1"),
        ({"grace_minutes": -5}, r"grace_minutes=-5 must be >= 0"),
        ({"late_flag_days": True}, r"late_flag_days=True is not a number"),
        ({"grace_minutes": float("nan")}, r"grace_minutes=nan is not a number"),
    ],
)
def test_from_mapping_names_the_key_and_the_fix(mapping, message):
    with pytest.raises(ValueError, match=r"^course.toml \[late\]: " + message):
        LatePolicy.from_mapping(mapping, source="course.toml [late]")


def test_from_mapping_refuses_a_non_table():
    with pytest.raises(ValueError, match="expected a table"):
        LatePolicy.from_mapping([("penalty_per_day", 0.1)])


def test_direct_construction_is_validated_too():
    with pytest.raises(ValueError, match="late policy: penalty_per_day=-0.1"):
        LatePolicy(penalty_per_day=-0.1)
