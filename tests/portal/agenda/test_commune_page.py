"""The observatory's commune page shows the public upcoming events held in the commune
(the commune sections' registry, filled by the agenda), read at each request even
when the page's figures come from the page cache, in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from directory.models import WorkingGroup
from observatories.caching import bump_data_version
from portal.models import Event
from scoran.lib import moderation
from tests.directory.factories import make_curator, make_organisation
from tests.portal.agenda.factories import PARIS, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

PAGE = reverse("observatories:commune", args=["21231"])


def section(client) -> str:
    """The page's « Évènements à venir » section ("" without it)."""
    html = client.get(PAGE).content.decode()
    if 'id="agenda"' not in html:
        return ""
    return html.split('id="agenda"', 1)[1].split("</section>", 1)[0]


def test_the_commune_page_shows_only_its_public_upcoming_events(client):
    organiser = make_organisation("Syndicat")
    make_event("Atelier à Dijon", organiser, commune_id="21231")
    make_event("Comité annulé", organiser, commune_id="21231", status=Event.Status.CANCELLED)
    make_event("Brouillon à Dijon", organiser, commune_id="21231", state="draft")
    make_event("En attente à Dijon", organiser, commune_id="21231", state="submitted")
    past = datetime.datetime.now(PARIS) - datetime.timedelta(days=3)
    make_event("Passé à Dijon", organiser, commune_id="21231", start=past)
    make_event("Atelier à Besançon", organiser, commune_id="25056")
    make_event("Webinaire", organiser, address="", online_url="https://visio.example/1")
    group = WorkingGroup.objects.create(slug="mobile", name="Couverture mobile", theme="Mobile")
    make_event("Réunion des membres", organiser, commune_id="21231", working_group=group,
               visibility="membres")  # fmt: skip
    shown = section(client)
    assert "Évènements à venir" in shown
    assert "Atelier à Dijon" in shown
    assert "Comité annulé" in shown and "annulé</span>" in shown
    for hidden in ("Brouillon", "En attente", "Passé", "Besançon", "Webinaire", "membres"):
        assert hidden not in shown, hidden
    assert 'href="/agenda/?commune=21231"' in shown


def test_a_commune_without_upcoming_events_has_no_such_section(client):
    make_event("Atelier à Besançon", commune_id="25056")
    assert section(client) == ""


def test_a_title_is_text_on_the_commune_page(client):
    make_event("<script>alert(1)</script>", commune_id="21231")
    shown = section(client)
    assert "<script>alert(1)</script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


@pytest.mark.parametrize("count", [1, 12])
def test_the_commune_page_costs_the_same_queries_for_one_or_many_events(
    client, count, django_assert_num_queries
):
    organiser = make_organisation("Syndicat")
    for number in range(count):
        make_event(f"Atelier {number}", organiser, commune_id="21231")
    # The commune, its figures (none imported: 3 queries, 4 for the mobile networks),
    # the agenda's events, the validated field reports.
    with django_assert_num_queries(10):
        html = client.get(PAGE).content.decode()
    assert html.count('class="card__title"') == min(count, 10)


def test_the_events_are_live_on_a_page_whose_figures_are_cached(
    client, settings, django_assert_num_queries
):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()  # nothing cached by another test is seen here
    event = make_event("Atelier à Dijon", commune_id="21231", state="submitted")
    assert section(client) == ""
    curator = make_curator()
    moderation.transition(obj=event, action="publish", by=curator)
    # The commune, its events and its field reports; figures cached.
    with django_assert_num_queries(3):
        assert "Atelier à Dijon" in section(client)
    moderation.transition(obj=event, action="unpublish", by=curator)
    assert section(client) == ""
