"""Unmarked tests are kept away from the meetings' midnights (tests/clock.py): the CI run that reached
an offline check-in test at 16.02 UTC (00.02 WITA) saw its scan of "5 minutes ago" refused as
yesterday's, rightly. The edges of a meeting's day are the tests marked `clocks`."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.clock import RUN_LENGTH, near_a_midnight, run_offset


def _at(clock: str) -> datetime:
    return datetime.fromisoformat(f"2026-12-02T{clock}:00+00:00")


# The margins of WIT's, WITA's and WIB's midnights (15.00, 16.00, 17.00 UTC) join up: 14.20–17.40 UTC.
@pytest.mark.parametrize(
    ("start", "moved_to"),
    [
        ("16:02", "17:42"),  # 00.02 WITA → 00.42 WIB, 01.42 WITA
        ("15:55", "17:45"),
        ("17:10", "17:40"),  # 00.10 WIB → 00.40 WIB
        ("13:50", "17:40"),  # clear now, but a run of an hour would reach WIT's midnight
    ],
)
def test_a_run_that_would_meet_a_midnight_is_moved_to_where_it_is_clear_of_all(start, moved_to):
    offset = run_offset(_at(start))
    moved = _at(start) + offset
    assert offset > timedelta(0) and moved.strftime("%H:%M") == moved_to
    every_five_minutes = [moved + timedelta(minutes=5 * n) for n in range(RUN_LENGTH // timedelta(minutes=5) + 1)]
    assert not any(near_a_midnight(moment) for moment in every_five_minutes)


@pytest.mark.parametrize("start", ["02:00", "08:30", "12:00", "13:15", "17:40", "20:00", "23:59"])
def test_a_run_far_from_every_midnight_keeps_the_real_clock(start):
    assert run_offset(_at(start)) == timedelta(0)


def test_an_unmarked_test_runs_where_the_meetings_day_has_begun_long_ago():
    """Whatever the real hour, this test's own clock (the autouse `clock` fixture) is not within the
    margin of a midnight of WIB, WITA or WIT."""
    assert not near_a_midnight(datetime.now(UTC))
