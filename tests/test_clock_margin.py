"""Unmarked tests are kept away from the meetings' midnights (tests/clock.py): the CI run that reached
an offline check-in test at 16.02 UTC (00.02 WITA) saw its scan of "5 minutes ago" refused as
yesterday's, rightly. The edges of a meeting's day are the tests marked `clocks`."""

from datetime import UTC, datetime

import pytest

from tests.clock import away_from_midnight, near_a_midnight


@pytest.mark.parametrize(
    ("real", "moved"),
    [
        # The margins of WIT's, WITA's and WIB's midnights (15.00, 16.00, 17.00 UTC) join up: 14.20–17.40 UTC.
        ("16:02", "17:42"),  # 00.02 WITA → 02.42 WIT, 01.42 WITA, 00.42 WIB
        ("15:55", "17:45"),
        ("17:10", "17:40"),  # 00.10 WIB → 00.40 WIB
        ("14:45", "17:45"),  # 23.45 WIT
    ],
)
def test_a_moment_near_a_midnight_is_moved_on_until_no_zone_is_near_one(real, moved):
    moment = datetime.fromisoformat(f"2026-12-02T{real}:00+00:00")
    away = away_from_midnight(moment)
    assert away is not None and away > moment and not near_a_midnight(away)
    assert away.strftime("%H:%M") == moved


@pytest.mark.parametrize("real", ["02:00", "08:30", "12:00", "14:00", "18:30", "23:59"])
def test_a_moment_far_from_every_midnight_keeps_the_real_clock(real):
    assert away_from_midnight(datetime.fromisoformat(f"2026-12-02T{real}:00+00:00")) is None


def test_an_unmarked_test_near_midnight_runs_where_the_meetings_day_has_begun_long_ago():
    """Whatever the real hour, this test's own clock (set by the autouse `clock` fixture) is not within
    the margin of a midnight of WIB, WITA or WIT."""
    assert not near_a_midnight(datetime.now(UTC))
