"""Nothing unpublished reaches the public, on every surface the agenda has: the list,
the archives, the page, both calendars, the feed, the site search, the sitemap, the
orientation page and the organisation page. The organiser's agents and curators
preview what is not published (never cached); cancelled events stay visible."""

import datetime

import pytest
from django.urls import reverse

from scoran.lib.catalogues import search
from strategy.models import Orientation
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.agenda.factories import PARIS, make_event

pytestmark = pytest.mark.django_db

UNPUBLISHED = ["draft", "submitted", "changes_requested", "refused"]
SECRET = "Zorglubien"


@pytest.fixture
def rows(small_region):
    organiser = make_organisation("Syndicat organisateur", slug="organisateur")
    orientation = Orientation.objects.get(number=3)
    past = datetime.datetime.now(PARIS) - datetime.timedelta(days=10)
    public = make_event("Atelier public", organiser, orientations=[orientation])
    cancelled = make_event("Comité annulé", organiser, status="annule", orientations=[orientation])
    hidden = {
        state: make_event(f"{SECRET} {state}", organiser, state=state, orientations=[orientation])
        for state in UNPUBLISHED
    }
    hidden_past = {
        state: make_event(f"{SECRET} passé {state}", organiser, state=state, start=past)
        for state in UNPUBLISHED
    }
    archived = make_event("Atelier passé", organiser, start=past)
    return {
        "organiser": organiser,
        "orientation": orientation,
        "public": public,
        "cancelled": cancelled,
        "archived": archived,
        "hidden": [*hidden.values(), *hidden_past.values()],
    }


def public_surfaces(rows) -> dict[str, str]:
    return {
        "list": reverse("agenda:list"),
        "list searched": reverse("agenda:list") + f"?q={SECRET}",
        "archives": reverse("agenda:archives"),
        "archives searched": reverse("agenda:archives") + f"?q={SECRET}",
        "ical": reverse("agenda:ical"),
        "ical searched": reverse("agenda:ical") + f"?q={SECRET}",
        "feed": reverse("agenda:feed"),
        "sitemap": reverse("sitemap"),
        "orientation": rows["orientation"].get_absolute_url(),
        "organisation": rows["organiser"].get_absolute_url(),
    }


def test_no_public_surface_shows_an_unpublished_event(client, rows):
    for name, url in public_surfaces(rows).items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        for event in rows["hidden"]:
            assert event.title not in body, name
            assert event.slug not in body, name
            assert str(event.uid) not in body, name
    for name in ("list", "ical", "feed", "sitemap", "orientation", "organisation"):
        body = client.get(public_surfaces(rows)[name]).content.decode()
        assert rows["public"].get_absolute_url() in body, name
        assert rows["cancelled"].get_absolute_url() in body, name
        assert rows["archived"].get_absolute_url() not in body or name == "sitemap", name
    archives = client.get(reverse("agenda:archives")).content.decode()
    assert rows["archived"].get_absolute_url() in archives
    assert rows["public"].get_absolute_url() not in archives
    assert [result.title for result in search("agenda", SECRET)] == []
    assert [result.title for result in search("agenda", "atelier public")] == ["Atelier public"]


def test_a_cancelled_event_stays_visible_marked_cancelled(client, rows):
    body = client.get(reverse("agenda:list")).content.decode()
    assert 'Comité annulé</a> <span class="tag tag--danger">annulé</span>' in body
    page = client.get(rows["cancelled"].get_absolute_url()).content.decode()
    assert "Évènement annulé." in page


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_an_unpublished_page_and_its_calendar_are_404_for_the_public(client, rows, state):
    event = next(e for e in rows["hidden"] if e.state == state)
    urls = [event.get_absolute_url(), event.get_ical_url()]
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(make_agent("autre@ailleurs.fr", make_organisation("Ailleurs")))
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["agent", "curator"])
def test_the_organisers_agents_and_curators_preview_it_never_cached(client, rows, who):
    event = rows["hidden"][1]
    user = make_agent("agent@orga.fr", rows["organiser"]) if who == "agent" else make_curator()
    client.force_login(user)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "non visible du public" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # No calendar before it is published, and the public lists stay public.
    assert client.get(event.get_ical_url()).status_code == 404
    assert event.title not in client.get(reverse("agenda:list")).content.decode()


def test_an_unpublished_event_is_withdrawn_everywhere(client, rows):
    public = rows["public"]
    public.state = "draft"
    public.save()
    assert client.get(public.get_absolute_url()).status_code == 404
    for name, url in public_surfaces(rows).items():
        assert public.get_absolute_url() not in client.get(url).content.decode(), name
