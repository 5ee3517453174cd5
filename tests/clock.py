"""Clocks for date-sensitive tests: the hours at which a meeting's date and the server's (UTC) date differ.

A test marked `@pytest.mark.clocks` runs once at each of these moments (time-machine, starting at
the moment and ticking on), and `make_event()` then puts the meeting in that clock's zone, starting
on that zone's today. 23.30 and 00.30 local are the edges of a meeting's day; 23.30 and 00.30 UTC are
the edges of the server's. Between 16.00 and 24.00 UTC the WITA date is a day ahead of the server's.
"""

from dataclasses import dataclass
from datetime import UTC, datetime


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
