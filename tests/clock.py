"""Clocks for date-sensitive tests: the hours at which a meeting's date and the server's (UTC) date differ.

A test marked `@pytest.mark.clocks` runs once at each of these moments (time-machine, starting at
the moment and ticking on), and `make_event()` then puts the meeting in that clock's zone, starting
on that zone's today. 23.30 and 00.30 local are the edges of a meeting's day; 23.30 and 00.30 UTC are
the edges of the server's. Between 16.00 and 24.00 UTC the WITA date is a day ahead of the server's.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Clock:
    label: str
    moment: datetime  # UTC
    zone: str  # the meeting's time zone


CLOCKS = [
    Clock("23.30 WITA", datetime(2026, 8, 10, 15, 30, tzinfo=UTC), "Asia/Makassar"),  # same date in UTC
    Clock("00.30 WITA", datetime(2026, 8, 10, 16, 30, tzinfo=UTC), "Asia/Makassar"),  # UTC still the day before
    Clock("23.30 UTC", datetime(2026, 8, 10, 23, 30, tzinfo=UTC), "Asia/Makassar"),  # 07.30 WITA the next day
    Clock("00.30 UTC", datetime(2026, 8, 11, 0, 30, tzinfo=UTC), "Asia/Makassar"),  # 08.30 WITA, same date
    Clock("00.30 WIB", datetime(2026, 8, 10, 17, 30, tzinfo=UTC), "Asia/Jakarta"),  # UTC the day before
    Clock("00.30 WIT", datetime(2026, 8, 10, 15, 30, tzinfo=UTC), "Asia/Jayapura"),  # UTC the day before
]

# The zone make_event() gives a meeting when the test names none: set by the `clock` fixture.
meeting_zone = "Asia/Makassar"


# An unmarked test runs at the real hour, and a scan it sends "5 minutes ago" belongs to the meeting's
# day only when that day began more than 5 minutes ago: at 00.02 WITA it is yesterday's ("not_today"),
# which is right, and failed a CI run that reached that test at 16.02 UTC. The edges of the day are the
# business of the tests marked `clocks`. A run (one process: each xdist worker) that starts near a
# midnight of Indonesia's zones, or would reach one, moves every other test by one offset, decided once,
# to where the whole run is clear of them:
# - one offset for the run, so the tests' clocks only go forward: a file one test made (the demo's
#   CRL, laid back in a later test by tests/demo_snapshot.py) is never from the next test's future;
# - later, not earlier: what the run made at the real clock before a test (the session's development
#   CA and its CRL) would otherwise look to a validator as issued in the future. A certificate made
#   during a test is valid from a day before it, so pdfsig, which keeps the real clock, accepts it.
INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
MIDNIGHT_MARGIN = timedelta(minutes=40)  # more than any "minutes ago" or any test's length
RUN_LENGTH = timedelta(minutes=60)  # longer than a run of the suite on one worker


def near_a_midnight(moment: datetime) -> bool:
    for zone in INDONESIAN_ZONES:
        local = moment.astimezone(ZoneInfo(zone))
        since_midnight = timedelta(hours=local.hour, minutes=local.minute, seconds=local.second)
        if since_midnight < MIDNIGHT_MARGIN or timedelta(days=1) - since_midnight <= MIDNIGHT_MARGIN:
            return True
    return False


def _clear_for_a_run(start: datetime) -> bool:
    step = timedelta(minutes=5)
    return not any(near_a_midnight(start + step * n) for n in range(RUN_LENGTH // step + 1))


def run_offset(start: datetime) -> timedelta:
    """How far a run starting at `start` moves its unmarked tests' clocks: nothing when no midnight of
    WIB, WITA or WIT comes near during the run, else to the first moment (by 10 minutes) from which
    the whole run is clear of them."""
    moved = start
    while not _clear_for_a_run(moved):
        moved += timedelta(minutes=10)
    return moved - start


RUN_OFFSET = run_offset(datetime.now(UTC))  # decided once per process, when tests/clock.py is imported
current_offset = timedelta(0)  # RUN_OFFSET while a test runs moved on by it (the `clock` fixture)
