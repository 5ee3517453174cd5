"""The day editor's layout as a pure function: where a session's block sits, and overlapping sessions in
one room side by side (the secretariat sees a conflict or a parallel track, not one block hiding another)."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from raker.agenda.timeline import timeline

WITA = ZoneInfo("Asia/Makassar")
DAY = date(2026, 8, 9)
HALL, ROOM_B = SimpleNamespace(id=1, name="Aula"), SimpleNamespace(id=2, name="Ruang B")


def session(id, start, end, room=HALL):
    at = lambda hm: datetime(2026, 8, 9, *map(int, hm.split(".")), tzinfo=WITA)  # noqa: E731
    return SimpleNamespace(id=id, starts_at=at(start), ends_at=at(end), room_id=room.id if room else None)


def layout(*sessions, warned=None):
    return timeline(DAY, WITA, list(sessions), [HALL, ROOM_B], warned or {}, no_room="Tanpa ruangan")


def place(result, id):
    block = next(b for b in result["blocks"] if b["session"].id == id)
    return block["column"], block["start"], block["end"], block["lane"], block["lanes"]


def test_blocks_sit_in_their_room_in_minutes_from_the_meetings_midnight():
    result = layout(
        session(1, "08.00", "09.30"), session(2, "08.00", "09.00", ROOM_B), session(3, "10.00", "10.20", None)
    )
    assert [c["name"] for c in result["columns"]] == ["Aula", "Ruang B", "Tanpa ruangan"]
    assert place(result, 1) == (0, 480, 570, 0, 1)
    assert place(result, 2) == (1, 480, 540, 0, 1)
    assert place(result, 3) == (2, 600, 620, 0, 1)
    assert (result["first"], result["last"], result["hours"][0], result["hours"][-1]) == (420, 1080, 7, 17)


def test_odd_times_round_out_to_five_minute_slots_and_a_short_session_keeps_one_slot():
    result = layout(session(1, "08.03", "08.58"), session(2, "09.00", "09.01"))
    assert place(result, 1)[1:3] == (480, 540)  # 08.00 to 09.00
    assert place(result, 2)[1:3] == (540, 545)


def test_overlapping_sessions_in_one_room_go_side_by_side_and_the_next_one_gets_the_whole_width():
    result = layout(
        session(1, "08.00", "10.00"),
        session(2, "09.00", "11.00"),
        session(3, "10.00", "10.30"),
        session(4, "11.00", "12.00"),
        warned={2: ["Bentrok ruangan"]},
    )
    assert place(result, 1) == (0, 480, 600, 0, 2)
    assert place(result, 2) == (0, 540, 660, 1, 2)
    assert place(result, 3) == (0, 600, 630, 0, 2)  # the lane of the first is free again at 10.00
    assert place(result, 4) == (0, 660, 720, 0, 1)
    assert next(b for b in result["blocks"] if b["session"].id == 2)["warnings"] == ["Bentrok ruangan"]


def test_more_than_four_at_once_share_the_last_lane():
    result = layout(*(session(i, "08.00", "09.00") for i in range(1, 7)))
    assert [place(result, i)[3:] for i in range(1, 7)] == [(0, 4), (1, 4), (2, 4), (3, 4), (3, 4), (3, 4)]


def test_an_evening_session_widens_the_day_to_midnight():
    result = layout(session(1, "19.00", "23.59"))
    assert result["last"] == 24 * 60 and result["hours"][-1] == 23
    assert place(result, 1)[2] == 24 * 60
