"""The demo events: at least 15, invented and marked so, upcoming and past, one
cancelled, one postponed, all-day and online ones, around the day of the run."""

import datetime

import pytest
from django.utils import timezone

from portal.agenda.demo import create_demo_events
from portal.models import Event
from tests.directory.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_the_demo_covers_every_case_around_today(small_region):
    make_organisation("Syndicat mixte du numérique (démonstration)")
    events = create_demo_events()
    rows = Event.objects.all()
    assert len(events) == rows.count() >= 15 and not rows.filter(is_demo=False).exists()
    assert all("démonstration" in event.title for event in rows)
    for event in rows:
        event.full_clean()
    published = rows.published()
    assert published.upcoming().count() >= 5 and published.past().count() >= 3
    assert rows.filter(status=Event.Status.CANCELLED).exists()
    assert rows.filter(status=Event.Status.POSTPONED).exists()
    assert rows.filter(all_day=True).exists()
    assert rows.filter(online_url__gt="", address="").exists()
    assert rows.filter(commune_id="21231").exists()  # Dijon, from the referential
    assert {event.kind for event in rows} == set(Event.Kind.values)


def test_a_later_run_keeps_the_calendar_uids(small_region):
    make_organisation("Syndicat mixte du numérique (démonstration)")
    create_demo_events()
    uids = set(Event.objects.values_list("uid", flat=True))
    create_demo_events(timezone.localdate() + datetime.timedelta(days=30))
    assert set(Event.objects.values_list("uid", flat=True)) == uids
