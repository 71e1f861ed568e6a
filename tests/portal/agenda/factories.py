"""Test data of the agenda."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from directory.models import Organisation
from portal.models import Event
from tests.directory.factories import make_organisation

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


def in_a_week(days: int = 7) -> datetime.datetime:
    """10:00 in Paris, `days` from today: a start whose end, hours later, falls on
    the same day whatever the hour the tests run at."""
    day = datetime.datetime.now(PARIS).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS)


def make_event(
    title: str = "Atelier open data",
    organisation: Organisation | None = None,
    *,
    state: str = "published",
    start: datetime.datetime | None = None,
    hours: int = 2,
    **extra,
) -> Event:
    """An event row written directly (the services' checks and history left out),
    at 10:00 in a week by default."""
    organisation = organisation or make_organisation("Syndicat organisateur")
    orientations = extra.pop("orientations", [])
    start = start or in_a_week()
    extra.setdefault("slug", f"evt-{uuid.uuid4().hex[:8]}")
    extra.setdefault("kind", Event.Kind.WORKSHOP)
    extra.setdefault("address", "2 place de la Libération")
    extra.setdefault("audiences", [Event.Audience.AUTHORITIES])
    extra.setdefault("end", start + datetime.timedelta(hours=hours))
    if state == "published":
        extra.setdefault("published_at", datetime.datetime(2025, 3, 2, tzinfo=datetime.UTC))
    event = Event.objects.create(
        title=title, organisation=organisation, state=state, start=start, **extra
    )
    event.orientations.set(orientations)
    return event
