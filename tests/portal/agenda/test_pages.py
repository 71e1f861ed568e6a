"""The agenda's pages: filters, query counts pinned for one and many rows, the
moderation's permission matrix, and hostile input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.agenda import services
from portal.models import Event
from scoran.lib import moderation
from strategy.models import Orientation
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.agenda.factories import PARIS, make_event, paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def agent(org):
    return make_agent("agent@syndicat.fr", org)


def values(**changes) -> dict:
    return {
        "title": "Atelier ouverture des données",
        "slug": "atelier-ouverture",
        "kind": Event.Kind.WORKSHOP,
        "start": paris(2037, 5, 4, 14, 0),
        "end": paris(2037, 5, 4, 17, 0),
        "address": "2 place de la Libération",
        **changes,
    }


def titles(response) -> list[str]:
    return [event.title for event in response.context["page"].object_list]


def test_filters_of_the_list(client, small_region, org):
    orientation = Orientation.objects.get(number=5)
    make_event("Atelier Dijon", org, commune_id="21231", orientations=[orientation],
               audiences=["collectivites"])  # fmt: skip
    make_event("Webinaire", make_organisation("Autre", slug="autre"), kind="webinaire",
               address="", online_url="https://visio.fr/1", audiences=["entreprises"])  # fmt: skip
    url = reverse("agenda:list")
    assert titles(client.get(url + "?type=webinaire")) == ["Webinaire"]
    assert titles(client.get(url + "?orientation=5")) == ["Atelier Dijon"]
    assert titles(client.get(url + "?public=entreprises")) == ["Webinaire"]
    assert titles(client.get(url + "?structure=syndicat")) == ["Atelier Dijon"]
    assert titles(client.get(url + "?departement=21")) == ["Atelier Dijon"]
    assert titles(client.get(url + "?commune=21231")) == ["Atelier Dijon"]
    assert titles(client.get(url + "?q=visio webinaire")) == []
    assert titles(client.get(url + "?q=webinaire")) == ["Webinaire"]


def test_upcoming_soonest_first_and_archives_latest_first(client, org):
    now = datetime.datetime.now(PARIS)
    make_event("Dans un mois", org, start=now + datetime.timedelta(days=30))
    make_event("Demain", org, start=now + datetime.timedelta(days=1))
    make_event("Hier", org, start=now - datetime.timedelta(days=1))
    make_event("Le mois dernier", org, start=now - datetime.timedelta(days=30))
    assert titles(client.get(reverse("agenda:list"))) == ["Demain", "Dans un mois"]
    assert titles(client.get(reverse("agenda:archives"))) == ["Hier", "Le mois dernier"]


@pytest.mark.parametrize("count", [1, 12])
def test_the_pages_cost_the_same_queries_for_one_or_many(
    client, small_region, org, count, django_assert_num_queries
):
    orientations = list(Orientation.objects.all()[:3])
    events = [
        make_event(f"Atelier {n}", org, commune_id="21231", orientations=orientations)
        for n in range(count)
    ]
    past = datetime.datetime.now(PARIS) - datetime.timedelta(days=10)
    for n in range(count):
        make_event(f"Passé {n}", org, start=past, orientations=orientations)
    # The count, the rows, the filter's orientations, organisations and departments.
    with django_assert_num_queries(5):
        assert client.get(reverse("agenda:list")).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("agenda:archives")).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("agenda:ical")).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("agenda:feed")).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(events[0].get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(events[0].get_ical_url()).status_code == 200


def test_permission_matrix_of_the_moderation(org, agent):
    stranger = make_agent("autre@ailleurs.fr", make_organisation("Ailleurs"))
    curator = make_curator()
    with pytest.raises(PermissionDenied):
        services.propose_event(organisation=org, by=stranger, values=values())
    event = services.propose_event(organisation=org, by=agent, values=values())
    assert event.state == Event.State.DRAFT
    with pytest.raises(PermissionDenied):
        services.update_event(event=event, by=stranger, values={"title": "Piraté"})
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=event, action="submit", by=stranger)
    moderation.transition(obj=event, action="submit", by=agent)
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=event, action="publish", by=agent)  # agents never publish
    moderation.transition(obj=event, action="publish", by=curator)
    event.refresh_from_db()
    assert event.is_published and event.published_at is not None
    assert list(event.steps.values_list("action", flat=True)) == [
        "published",
        "submitted",
        "created",
    ]


def test_end_before_start_is_refused_in_french_and_nothing_is_written(org, agent):
    with pytest.raises(ValidationError) as error:
        services.propose_event(
            organisation=org, by=agent, values=values(end=paris(2037, 5, 4, 13, 0))
        )
    assert error.value.message_dict["end"] == ["La fin de l'évènement doit suivre son début."]
    assert not Event.objects.exists()


def test_a_place_or_a_link_is_required(org, agent):
    with pytest.raises(ValidationError) as error:
        services.propose_event(organisation=org, by=agent, values=values(address=""))
    assert "Indiquez un lieu" in error.value.message_dict["address"][0]


def test_reserved_words_and_nul_bytes_are_refused(org, agent):
    with pytest.raises(ValidationError) as error:
        services.propose_event(organisation=org, by=agent, values=values(slug="archives"))
    assert "adresse réservée" in error.value.message_dict["slug"][0]
    with pytest.raises(ValidationError) as error:
        services.propose_event(organisation=org, by=agent, values=values(title="Ate\x00lier"))
    assert error.value.message_dict["title"] == ["Ce texte contient un caractère nul : retirez-le."]
    assert not Event.objects.exists()


def test_a_script_in_a_title_is_escaped_in_the_pages(client, org):
    event = make_event("<script>alert(1)</script>", org, description="<script>x()</script>")
    for url in (reverse("agenda:list"), event.get_absolute_url(), reverse("agenda:feed")):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body, url
        assert "<script>x()</script>" not in body, url


def test_forged_slugs_and_filters_are_harmless(client, org):
    make_event("Atelier", org)
    for path in ("/agenda/../admin/", "/agenda/%00/", "/agenda/inconnu/", "/agenda/x%27--/"):
        assert client.get(path).status_code == 404, path
    assert client.get(reverse("agenda:list") + "?orientation=%00").status_code == 200
    assert titles(client.get(reverse("agenda:list") + "?structure=%27--")) == []


def test_curators_publish_from_the_admin_and_edits_raise_the_sequence(client, org):
    client.force_login(make_curator())
    event = make_event("Atelier", org, state="submitted")
    assert client.get(reverse("admin:portal_event_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_event_add")).status_code == 200
    page = client.get(reverse("admin:portal_event_change", args=[event.pk]))
    assert page.status_code == 200 and str(event.uid) in page.content.decode()
    moderation.transition(obj=event, action="publish", by=make_curator("autre@cur.fr"))
    event.refresh_from_db()
    assert event.is_published and event.sequence == 1  # a publication is a change too
    services.update_event(event=event, by=make_curator("trois@cur.fr"), values={"title": "B"})
    event.refresh_from_db()
    assert event.sequence == 2
