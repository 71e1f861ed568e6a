"""The agenda as iCalendar (RFC 5545), built with the ``icalendar`` library: one
event, or a filtered list. Each VEVENT carries the event's stable ``UID``, its
``SEQUENCE``, a ``DTSTAMP``, ``STATUS`` (CANCELLED for a cancellation) and the
``URL`` of its page; times are in Europe/Paris with its VTIMEZONE, all-day events
as DATE values (DTEND the day after the last day, as the RFC says)."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from ..models import Event

PRODID = "-//SCORAN BFC//Agenda//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
STATUSES = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def _line(text: str) -> str:
    """A one-line property (SUMMARY, LOCATION): line breaks become spaces."""
    return " ".join(text.split())


def _vevent(event: Event, stamp) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"{event.uid}@scoran-bfc")
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", _line(event.title))
    if event.all_day:
        vevent.add("dtstart", event.local_start.date())
        vevent.add("dtend", event.local_end.date() + timedelta(days=1))
    else:
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
    vevent.add("status", STATUSES[event.status])
    url = settings.SITE_URL + event.get_absolute_url()
    vevent.add("url", url)
    description = f"{event.description}\n\nOrganisé par {event.organisation.name}".strip()
    if event.registration_url:
        description += f"\n\nInscription : {event.registration_url}"
    if event.online_url:
        description += f"\n\nEn ligne : {event.online_url}"
    vevent.add("description", f"{description}\n\n{url}".strip())
    if event.place:
        vevent.add("location", _line(event.place))
    vevent.add("categories", [event.get_kind_display()])
    vevent.add("last-modified", event.updated_at)
    return vevent


def calendar(events, *, name: str) -> bytes:
    """The iCalendar document of ``events`` (their organiser and commune preloaded)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _line(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    events = list(events)
    stamp = timezone.now()
    if any(not event.all_day for event in events):
        first = min(event.start for event in events) - timedelta(days=366)
        last = max(event.end for event in events) + timedelta(days=366)
        cal.add_component(
            Timezone.from_tzid(settings.TIME_ZONE, first_date=first.date(), last_date=last.date())
        )
    for event in events:
        cal.add_component(_vevent(event, stamp))
    return cal.to_ical()


def webcal_url(request, path: str) -> str:
    """The ``webcal:`` address of a calendar (calendar apps subscribe to it)."""
    return "webcal://" + request.build_absolute_uri(path).split("://", 1)[1]


def calendar_response(events, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(calendar(events, name=name), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
