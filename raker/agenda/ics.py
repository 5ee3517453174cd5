"""The meeting as iCalendar (RFC 5545), for phones' calendars. Times are written in UTC."""
from datetime import datetime, time, timedelta, timezone

from icalendar import Calendar, Event as CalendarEvent

from ..models import Event
from ..urls import external_url

PRODID = "-//Raker//Rapat Kerja//ID"


def agenda_ics(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.timezone)
    # One entry per meeting day, 08.00 to 17.00 in the event's zone, until the agenda gives sessions.
    for number, day in enumerate(event.days, start=1):
        entry = CalendarEvent()
        entry.add("uid", f"{event.slug}-day-{number}@raker")
        entry.add("summary", event.title if len(event.days) == 1 else f"{event.title} (hari {number})")
        start = datetime.combine(day, time(8, 0), tzinfo=event.tz).astimezone(timezone.utc)
        entry.add("dtstart", start)
        entry.add("dtend", start + timedelta(hours=9))
        entry.add("dtstamp", datetime.now(timezone.utc).replace(microsecond=0))
        entry.add("location", ", ".join(part for part in (event.venue, event.address, event.city) if part))
        entry.add("url", external_url("events.detail", slug=event.slug))
        if event.theme:
            entry.add("description", event.theme)
        calendar.add_component(entry)
    return calendar.to_ical()
