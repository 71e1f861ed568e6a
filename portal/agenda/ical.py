"""The agenda as iCalendar (RFC 5545): one event, or a filtered list. Each VEVENT
carries the event's stable ``UID``, its ``SEQUENCE``, a ``DTSTAMP``, ``STATUS``
(CANCELLED for a cancellation) and the ``URL`` of its page; times are in
Europe/Paris with its VTIMEZONE, all-day events as DATE values (DTEND the day after
the last day, as the RFC says). The lines are written here, escaped and folded as
the RFC says; the VTIMEZONE comes from the ``icalendar`` library, whose parser reads
every calendar back in the tests."""

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Timezone

from directory.models import Organisation
from observatories.caching import cached, data_version

from ..models import Event

PRODID = "-//SCORAN BFC//Agenda//FR"
FOLD_AT = 74  # octets of a content line before a fold (RFC 5545: 75 with the fold's space)
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The site's zone (``settings.TIME_ZONE``, the one the VTIMEZONE describes), not
# looked up again for each date.
PARIS = ZoneInfo(settings.TIME_ZONE)
STATUSES = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def _line(text: str) -> str:
    """A one-line property (SUMMARY, LOCATION): line breaks become spaces."""
    return " ".join(text.split())


# Control characters, which a TEXT value may not hold (RFC 5545, 3.3.11), but the
# tab and line breaks.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The page of an event, from its slug (``reverse`` for each of a thousand events
# would cost more than writing them).
SLUG = "slug-de-l-evenement"


def text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): control characters dropped, backslashes,
    semicolons and commas escaped, every line break (CRLF, LF or a lone CR) written
    ``\\n``."""
    return (
        CONTROLS.sub("", value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# The kinds' labels, read once (``get_kind_display()`` for each of a thousand events
# cost a fifth of writing them).
KINDS = dict(Event.Kind.choices)


def _when(name: str, event: Event, moment, *, end: bool = False) -> str:
    """DTSTART or DTEND: a Paris time, or a DATE for an all-day event (its DTEND the
    day after its last day)."""
    local = moment.astimezone(PARIS)
    if event.all_day:
        day = local.date() + timedelta(days=1) if end else local.date()
        return f"{name};VALUE=DATE:{day:%Y%m%d}"
    return f"{name};TZID={settings.TIME_ZONE}:{local:%Y%m%dT%H%M%S}"


def _vevent(event: Event, stamp: str, page: str) -> list[str]:
    """The content lines of one event, unfolded; ``page``: the address of the page
    of an event whose slug is ``SLUG``."""
    url = page.replace(SLUG, event.slug)
    description = f"{event.description}\n\nOrganisé par {event.organisation.name}".strip()
    if event.registration_url:
        description += f"\n\nInscription : {event.registration_url}"
    if event.online_url:
        description += f"\n\nEn ligne : {event.online_url}"
    description = f"{description}\n\n{url}".strip()
    location = text(_line(event.place))
    return [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(_line(event.title))}",
        _when("DTSTART", event, event.start),
        _when("DTEND", event, event.end, end=True),
        f"DTSTAMP:{stamp}",
        f"UID:{text(f'{event.uid}@scoran-bfc')}",
        f"SEQUENCE:{event.sequence}",
        f"CATEGORIES:{text(KINDS.get(event.kind, event.kind))}",
        f"DESCRIPTION:{text(description)}",
        f"LAST-MODIFIED:{_utc(event.updated_at)}",
        *([f"LOCATION:{location}"] if location else []),
        f"STATUS:{STATUSES[event.status]}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def fold(line: str) -> bytes:
    """A content line in UTF-8, folded as ``icalendar`` folds it: parts of at most 74
    octets, never cut inside a character nor right after an escaping backslash or
    caret (``icalendar`` weighs one character at a time: most of the cost of a
    calendar of a thousand events)."""
    data = line.encode()
    parts = []
    start = 0
    while len(data) - start > FOLD_AT:
        end = start + FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a character's continuation byte
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def calendar(events, *, name: str) -> bytes:
    """The iCalendar document of ``events`` (``Event.objects.for_calendar()``).

    The events' lines are written here (a thousand events in a few tens of
    milliseconds, where building ``icalendar`` components took seconds); the
    VTIMEZONE comes from ``icalendar``, which derives it from the zoneinfo database,
    and the tests read every calendar back with ``icalendar``'s parser."""
    events = list(events)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(_line(name))}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    if any(not event.all_day for event in events):
        first = min(event.start for event in events) - timedelta(days=366)
        last = max(event.end for event in events) + timedelta(days=366)
        zone = Timezone.from_tzid(
            settings.TIME_ZONE, first_date=first.date(), last_date=last.date()
        )
        lines.extend(line for line in zone.content_lines() if line)
    stamp = _utc(timezone.now())
    page = settings.SITE_URL + reverse("agenda:detail", kwargs={"slug": SLUG})
    for event in events:
        lines.extend(_vevent(event, stamp, page))
    lines.append("END:VCALENDAR")
    return b"\r\n".join(fold(line) for line in lines) + b"\r\n"


def webcal_url(request, path: str) -> str:
    """The ``webcal:`` address of a calendar (calendar apps subscribe to it)."""
    return "webcal://" + request.build_absolute_uri(path).split("://", 1)[1]


def calendar_version() -> str:
    """What the public calendars hold, but for the clock (2 queries): the events'
    latest change and their number (a deletion lowers it), their organisers' latest
    change (their names are in the descriptions) and the territories' data version
    (the communes' names)."""
    events = Event.objects.aggregate(latest=Max("updated_at"), count=Count("pk"))
    organisers = Organisation.objects.aggregate(latest=Max("updated_at"))
    return f"{events['latest']}|{events['count']}|{organisers['latest']}|{data_version()}"


def kept_calendar(request, compute: Callable[[], bytes]) -> bytes:
    """A public calendar's document (the same for everyone), kept
    ``AGENDA_CALENDAR_CACHE_SECONDS`` per address and content version: calendar apps
    ask for it again and again, and a thousand events take a few hundred milliseconds
    to write. An event that ends leaves the upcoming ones when the document expires;
    a changed, added or removed event, at once. Computed every time with 0, or when
    the cache cannot be reached."""
    seconds = settings.AGENDA_CALENDAR_CACHE_SECONDS
    if not seconds:
        return compute()
    version = f"{calendar_version()}|{request.get_full_path()}"
    key = f"agenda:ical:{hashlib.sha256(version.encode()).hexdigest()}"
    return cached(key, compute, seconds)


def calendar_response(events, *, name: str, filename: str, document=None) -> HttpResponse:
    """The calendar of ``events`` as a download, or ``document`` when it is written
    (``kept_calendar``)."""
    document = document if document is not None else calendar(events, name=name)
    response = HttpResponse(document, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
