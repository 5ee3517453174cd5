"""The meeting as iCalendar (RFC 5545), for phones' calendars. Times are written in UTC.

DTSTAMP is when the information was made: the published version's time, or the meeting's last change
before there is one. The same agenda gives the same file at every download (a mailed attachment, rendered
when sent, equals the download; the clock's second did not leak into it)."""

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..models import Event
from ..urls import public_url

PRODID = "-//Raker//Rapat Kerja//ID"


def _calendar(event: Event) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.timezone)
    return calendar


def _stamp(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _session_entry(event: Event, item: dict, stamp: datetime) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"{event.slug}-session-{item['id']}@raker")
    entry.add("summary", item["title"])
    entry.add("dtstart", datetime.fromisoformat(item["starts_at"]).astimezone(UTC))
    entry.add("dtend", datetime.fromisoformat(item["ends_at"]).astimezone(UTC))
    entry.add("dtstamp", _stamp(stamp))
    entry.add("location", event.place(room=item.get("room")))
    people = "; ".join(f"{p['role']}: {p['name']}" for p in item.get("people", []))
    description = "\n".join(part for part in (item.get("description"), people) if part)
    if description:
        entry.add("description", description)
    entry.add("status", "CANCELLED" if item.get("cancelled") else "CONFIRMED")
    entry.add("url", public_url("agenda.public", slug=event.slug))
    return entry


def session_ics(event: Event, item: dict) -> bytes:
    """One session of the published agenda."""
    from .services import latest_version

    published = latest_version(event)
    calendar = _calendar(event)
    calendar.add_component(_session_entry(event, item, published.published_at if published else event.updated_at))
    return calendar.to_ical()


def agenda_ics(event: Event) -> bytes:
    """The published agenda, one entry per session; before publication, one entry per meeting day."""
    from .services import latest_version

    calendar = _calendar(event)
    published = latest_version(event)
    if published is not None:
        for item in published.snapshot:
            calendar.add_component(_session_entry(event, item, published.published_at))
        return calendar.to_ical()
    # One entry per meeting day, 08.00 to 17.00 in the event's zone, until the agenda is published.
    for number, day in enumerate(event.days, start=1):
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}-day-{number}@raker")
        entry.add("summary", event.title if len(event.days) == 1 else f"{event.title} (hari {number})")
        start = datetime.combine(day, time(8, 0), tzinfo=event.tz).astimezone(UTC)
        entry.add("dtstart", start)
        entry.add("dtend", start + timedelta(hours=9))
        entry.add("dtstamp", _stamp(event.updated_at))
        entry.add("location", event.place(address=True))
        entry.add("url", public_url("events.detail", slug=event.slug))
        if event.theme:
            entry.add("description", event.theme)
        calendar.add_component(entry)
    return calendar.to_ical()
