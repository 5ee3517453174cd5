"""Where the meeting is, as the documents write it ("Tempat"): each part once, in order."""

from raker.models import Event


def _event(**fields) -> Event:
    return Event(venue="Gedung Awa Mangkuruku", city="Tana Paser", **fields)


def test_venue_and_city():
    assert _event().place() == "Gedung Awa Mangkuruku, Tana Paser"


def test_an_address_that_ends_with_the_city_does_not_write_the_city_twice():
    event = _event(address="Jl. Jenderal Sudirman No. 5, Tana Paser")
    assert event.place(address=True) == "Gedung Awa Mangkuruku, Jl. Jenderal Sudirman No. 5, Tana Paser"


def test_the_room_comes_first_and_the_address_only_when_asked():
    event = _event(address="Jl. Jenderal Sudirman, Tanah Grogot")
    assert event.place(room="Ruang Rapat II") == "Ruang Rapat II, Gedung Awa Mangkuruku, Tana Paser"
    assert event.place(address=True, room="Ruang Rapat II") == (
        "Ruang Rapat II, Gedung Awa Mangkuruku, Jl. Jenderal Sudirman, Tanah Grogot, Tana Paser"
    )


def test_a_venue_that_names_its_city_and_stray_whitespace():
    event = Event(venue="Pendopo  Tana Paser\n", city=" tana paser ", address="  ")
    assert event.place(address=True) == "Pendopo Tana Paser"
    assert Event(venue="", city="", address=None).place(address=True) == ""
