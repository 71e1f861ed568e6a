"""The iCal calendars, parsed back with the icalendar library: valid, a UID that never
changes, SEQUENCE raised by published changes, cancellations, Paris times across a
DST change, all-day dates, the page's filters, a link back to each page."""

import datetime

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from portal.agenda import services
from portal.agenda.filters import EventFilter
from portal.models import Event
from scoran.lib import moderation
from strategy.models import Orientation
from tests.directory.factories import isolated_cache, make_agent, make_curator, make_organisation
from tests.portal.agenda.factories import PARIS, make_event, paris

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def event_calendar(client, event) -> Calendar:
    return parse(client.get(reverse("agenda:event_ical", args=[event.slug])))


def test_an_event_calendar_is_complete_and_links_back(client):
    event = make_event("Atelier open data")
    calendar = event_calendar(client, event)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [vevent] = vevents(calendar)
    assert str(vevent["UID"]) == f"{event.uid}@scoran-bfc"
    assert vevent["SUMMARY"] == "Atelier open data"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert str(vevent["URL"]) == settings.SITE_URL + event.get_absolute_url()
    assert vevent["LOCATION"] == "2 place de la Libération"
    # Its time zone is described (VTIMEZONE) and named on the times.
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"


def test_the_uid_never_changes_and_published_changes_raise_the_sequence(client):
    organisation = make_organisation("Syndicat")
    agent = make_agent("agent@syndicat.fr", organisation)
    event = make_event(organisation=organisation)
    first = vevents(event_calendar(client, event))[0]
    services.update_event(event=event, by=agent, values={"title": "Atelier déplacé"})
    services.update_event(
        event=event, by=agent, values={"start": event.start + datetime.timedelta(hours=1),
                                       "end": event.end + datetime.timedelta(hours=1)}
    )  # fmt: skip
    second = vevents(event_calendar(client, event))[0]
    assert second["UID"] == first["UID"]
    assert second["SUMMARY"] == "Atelier déplacé"
    assert second["SEQUENCE"] == 2 > first["SEQUENCE"]
    # A save that changes nothing a calendar shows leaves the sequence.
    event.refresh_from_db()
    event.capacity = 30
    event.save()
    event.refresh_from_db()
    assert event.sequence == 2


def test_a_draft_changes_without_raising_the_sequence():
    event = make_event(state="draft")
    event.title = "Autre titre"
    event.save()
    event.refresh_from_db()
    assert event.sequence == 0


def test_a_cancelled_event_is_status_cancelled(client):
    event = make_event(status=Event.Status.CANCELLED)
    [vevent] = vevents(event_calendar(client, event))
    assert vevent["STATUS"] == "CANCELLED"
    listed = vevents(parse(client.get(reverse("agenda:ical"))))
    assert [v["STATUS"] for v in listed] == ["CANCELLED"]


def test_times_are_in_paris_across_the_dst_change(client):
    # 29 March 2037: clocks go forward at 2:00 in Paris (UTC+1 before, UTC+2 after).
    winter = make_event("Avant", start=paris(2037, 3, 28, 10, 0), slug="avant")
    summer = make_event("Après", start=paris(2037, 3, 30, 10, 0), slug="apres")
    for event, offset in ((winter, 1), (summer, 2)):
        [vevent] = vevents(event_calendar(client, event))
        start = vevent.decoded("DTSTART")
        assert (start.hour, start.minute) == (10, 0)
        assert start.utcoffset() == datetime.timedelta(hours=offset)
        assert start == event.start
        line = f"DTSTART;TZID=Europe/Paris:{event.start.astimezone(PARIS):%Y%m%d}T100000"
        assert line.encode() in client.get(reverse("agenda:event_ical", args=[event.slug])).content


def in_the_files_own_zone(calendar: Calendar) -> dict[str, datetime.datetime]:
    """Each event's start (by title) as a UTC instant, read as a calendar that knows
    no time zone would: the wall time written in the file, placed by the file's own
    VTIMEZONE (not the system's zone database)."""
    [zone] = calendar.walk("VTIMEZONE")
    own = zone.to_tz(lookup_tzid=False)
    starts = {}
    for vevent in vevents(calendar):
        assert vevent["DTSTART"].params["TZID"] == zone["TZID"] == "Europe/Paris"
        wall = vevent.decoded("DTSTART").replace(tzinfo=None)
        starts[str(vevent["SUMMARY"])] = wall.replace(tzinfo=own).astimezone(datetime.UTC)
    return starts


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def test_the_files_own_vtimezone_gives_the_right_instants_in_any_year(client):
    """Winter (UTC+1) and summer (UTC+2), in the past and years ahead: whichever
    window the generated VTIMEZONE covers, it covers the calendar's events."""
    cases = {
        "Hiver 2024": (paris(2024, 1, 15, 10, 0), utc(2024, 1, 15, 9, 0)),
        "Été 2024": (paris(2024, 7, 15, 10, 0), utc(2024, 7, 15, 8, 0)),
        "Hiver 2031": (paris(2031, 1, 15, 10, 0), utc(2031, 1, 15, 9, 0)),
        "Été 2031": (paris(2031, 7, 15, 10, 0), utc(2031, 7, 15, 8, 0)),
        "Été 2045": (paris(2045, 7, 14, 18, 30), utc(2045, 7, 14, 16, 30)),
    }
    events = {
        title: make_event(title, start=start, slug=f"evt-{n}")
        for n, (title, (start, _)) in enumerate(cases.items())
    }
    for title, event in events.items():
        assert in_the_files_own_zone(event_calendar(client, event)) == {title: cases[title][1]}
    # The list holds the upcoming ones, in one VTIMEZONE covering them all.
    listed = in_the_files_own_zone(parse(client.get(reverse("agenda:ical"))))
    assert listed == {title: cases[title][1] for title in ("Hiver 2031", "Été 2031", "Été 2045")}


def test_an_all_day_event_has_date_values(client):
    event = make_event(start=paris(2037, 6, 10, 0, 0), end=paris(2037, 6, 11, 23, 59), all_day=True)
    [vevent] = vevents(event_calendar(client, event))
    assert vevent.decoded("DTSTART") == datetime.date(2037, 6, 10)
    assert vevent.decoded("DTEND") == datetime.date(2037, 6, 12)  # exclusive end
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"


def test_the_list_calendar_respects_the_filters_of_the_page(client, small_region):
    dijon = make_event("Atelier à Dijon", commune_id="21231", kind=Event.Kind.WORKSHOP)
    make_event("Webinaire", kind=Event.Kind.WEBINAR, address="", online_url="https://v.fr/1")
    make_event("Atelier à Besançon", commune_id="25056", kind=Event.Kind.WORKSHOP)
    make_event("Passé", start=datetime.datetime.now(PARIS) - datetime.timedelta(days=3))
    make_event("Brouillon", state="draft")
    url = reverse("agenda:ical")
    assert sorted(v["SUMMARY"] for v in vevents(parse(client.get(url)))) == [
        "Atelier à Besançon",
        "Atelier à Dijon",
        "Webinaire",
    ]
    filtered = vevents(parse(client.get(url + "?type=atelier&departement=21")))
    assert [v["UID"] for v in filtered] == [f"{dijon.uid}@scoran-bfc"]
    # A wrong filter gives an empty calendar, never everything.
    assert vevents(parse(client.get(url + "?type=inconnu"))) == []


@pytest.fixture
def two_events(small_region):
    """Two events that each filter of the list tells apart."""
    syndicat = make_organisation("Syndicat", slug="syndicat")
    autre = make_organisation("Autre structure", slug="autre")
    dijon = make_event(
        "Atelier à Dijon", syndicat, commune_id="21231", kind=Event.Kind.WORKSHOP,
        audiences=[Event.Audience.AUTHORITIES], orientations=[Orientation.objects.get(number=5)],
    )  # fmt: skip
    besancon = make_event(
        "Webinaire à Besançon", autre, commune_id="25056", kind=Event.Kind.WEBINAR,
        audiences=[Event.Audience.COMPANIES], orientations=[Orientation.objects.get(number=1)],
    )  # fmt: skip
    return dijon, besancon


# Each filter of the page, with a value that keeps one of the two events.
FILTERS = {
    "q": ("webinaire", "Webinaire à Besançon"),
    "type": ("atelier", "Atelier à Dijon"),
    "orientation": ("5", "Atelier à Dijon"),
    "public": ("entreprises", "Webinaire à Besançon"),
    "structure": ("syndicat", "Atelier à Dijon"),
    "departement": ("25", "Webinaire à Besançon"),
    "commune": ("21231", "Atelier à Dijon"),
}


def test_every_filter_of_the_page_is_checked_on_its_calendar_and_feed():
    assert set(FILTERS) == set(EventFilter.base_filters)


@pytest.mark.parametrize("name", FILTERS)
def test_the_calendar_and_the_feed_hold_what_the_filtered_page_shows(client, two_events, name):
    value, kept = FILTERS[name]
    query = {name: value}
    page = client.get(reverse("agenda:list"), query)
    assert [event.title for event in page.context["page"].object_list] == [kept]
    calendar = parse(client.get(reverse("agenda:ical"), query))
    assert [str(vevent["SUMMARY"]) for vevent in vevents(calendar)] == [kept]
    feed = feedparser.parse(client.get(reverse("agenda:feed"), query).content)
    assert [entry.title for entry in feed.entries] == [kept]
    # The page's links carry the same filters.
    html = page.content.decode()
    assert f'href="/agenda/calendrier.ics?{name}={value}"' in html
    assert f'href="webcal://testserver/agenda/calendrier.ics?{name}={value}"' in html
    assert f'href="/agenda/flux/?{name}={value}"' in html


def test_each_event_of_a_calendar_or_feed_links_back_to_its_page(client, two_events):
    pages = {event.title: event.get_absolute_url() for event in two_events}
    for vevent in vevents(parse(client.get(reverse("agenda:ical")))):
        assert str(vevent["URL"]) == settings.SITE_URL + pages[str(vevent["SUMMARY"])]
        assert str(vevent["DESCRIPTION"]).endswith(settings.SITE_URL + pages[vevent["SUMMARY"]])
    feed = feedparser.parse(client.get(reverse("agenda:feed")).content)
    assert {entry.title: entry.link for entry in feed.entries} == {
        title: f"http://testserver{url}" for title, url in pages.items()
    }


def test_each_published_change_raises_the_sequence_under_the_same_uid(client):
    """Publication, an organiser's change, a cancellation, a withdrawal and a new
    publication: one UID, a higher SEQUENCE at each step a calendar sees."""
    organisation = make_organisation("Syndicat")
    agent = make_agent("agent@syndicat.fr", organisation)
    curator = make_curator()
    event = make_event("Atelier", organisation, state="submitted")
    seen = []

    def look():
        [vevent] = vevents(event_calendar(client, event))
        seen.append((str(vevent["UID"]), int(vevent["SEQUENCE"]), str(vevent["STATUS"])))

    moderation.transition(obj=event, action="publish", by=curator)
    look()
    event.refresh_from_db()
    services.update_event(event=event, by=agent, values={"title": "Atelier déplacé"})
    look()
    services.update_event(event=event, by=agent, values={"status": Event.Status.CANCELLED})
    look()
    moderation.transition(obj=event, action="unpublish", by=curator)
    assert client.get(event.get_ical_url()).status_code == 404
    moderation.transition(obj=event, action="publish_directly", by=curator)
    look()
    assert {uid for uid, _, _ in seen} == {f"{event.uid}@scoran-bfc"}
    sequences = [sequence for _, sequence, _ in seen]
    assert sequences == sorted(set(sequences))  # strictly raised at each step
    assert [status for _, _, status in seen] == [
        "CONFIRMED", "CONFIRMED", "CANCELLED", "CANCELLED",
    ]  # fmt: skip


def test_the_page_offers_download_and_webcal_links_with_its_filters(client):
    make_event()
    body = client.get(reverse("agenda:list") + "?type=atelier").content.decode()
    assert 'href="/agenda/calendrier.ics?type=atelier"' in body
    assert 'href="webcal://testserver/agenda/calendrier.ics?type=atelier"' in body


def test_a_script_in_a_title_is_plain_text_in_the_calendar(client):
    event = make_event("<script>alert(1)</script>; DTSTART:19700101\nBEGIN:VEVENT")
    response = client.get(reverse("agenda:event_ical", args=[event.slug]))
    [vevent] = vevents(parse(response))
    # A line break forced into the row cannot open a new property or component.
    assert vevent["SUMMARY"] == "<script>alert(1)</script>; DTSTART:19700101 BEGIN:VEVENT"
    assert response.content.count(b"\r\nBEGIN:VEVENT\r\n") == 1


def test_an_event_page_offers_its_calendar_and_webcal_links(client):
    event = make_event()
    body = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/agenda/{event.slug}/calendrier.ics"' in body
    assert f'href="webcal://testserver/agenda/{event.slug}/calendrier.ics"' in body


def test_the_feed_marks_cancelled_events_and_respects_the_filters(client):
    make_event("Comité", kind=Event.Kind.COMMITTEE, status=Event.Status.CANCELLED)
    make_event("Webinaire", kind=Event.Kind.WEBINAR, address="", online_url="https://v.fr/1")
    body = client.get(reverse("agenda:feed") + "?type=comite").content.decode()
    assert "<title>Comité (annulé)</title>" in body
    assert "Webinaire" not in body


def titles(client, **params) -> list[str]:
    calendar = parse(client.get(reverse("agenda:ical"), params))
    return sorted(str(vevent["summary"]) for vevent in vevents(calendar))


def test_the_list_calendar_is_kept_until_an_event_or_organiser_changes(client, settings):
    """Kept per address and content version: a row changed behind the models' back
    (``update()``, which leaves ``updated_at``) is not seen until something saved
    is; a saved change, a new event, a deletion and a renamed organiser are."""
    isolated_cache(settings)
    settings.AGENDA_CALENDAR_CACHE_SECONDS = 300
    organisation = make_organisation("Syndicat organisateur")
    event = make_event("Atelier open data", organisation)
    assert titles(client) == ["Atelier open data"]
    Event.objects.filter(pk=event.pk).update(title="Changé en douce")
    assert titles(client) == ["Atelier open data"]  # the kept document
    assert titles(client, type="atelier") == ["Changé en douce"]  # another address
    event.refresh_from_db()
    event.title = "Atelier données ouvertes"
    event.save()
    assert titles(client) == ["Atelier données ouvertes"]
    other = make_event("Webinaire", organisation)
    assert titles(client) == ["Atelier données ouvertes", "Webinaire"]
    other.delete()
    assert titles(client) == ["Atelier données ouvertes"]
    organisation.name = "Syndicat renommé"
    organisation.save()
    calendar = parse(client.get(reverse("agenda:ical")))
    assert "Organisé par Syndicat renommé" in str(vevents(calendar)[0]["description"])


def test_the_list_calendar_is_written_at_every_request_without_a_cache_time(client, settings):
    isolated_cache(settings)
    settings.AGENDA_CALENDAR_CACHE_SECONDS = 0
    event = make_event("Atelier open data")
    assert titles(client) == ["Atelier open data"]
    Event.objects.filter(pk=event.pk).update(title="Changé en douce")
    assert titles(client) == ["Changé en douce"]
