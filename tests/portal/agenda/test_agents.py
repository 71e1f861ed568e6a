"""The agents' pages of the agenda: who may propose, edit and submit; the form's
French errors; nothing half-written."""

import pytest
from django.urls import reverse

from portal.models import Event
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.portal.agenda.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def agent(org):
    return make_agent("agent@syndicat.fr", org)


def form(org, **changes) -> dict:
    return {
        "organisation": org.pk,
        "title": "Atelier ouverture des données",
        "kind": "atelier",
        "status": "programme",
        "description": "",
        "start": "2037-05-04T14:00",
        "end": "2037-05-04T17:00",
        "address": "2 place de la Libération",
        "commune": "",
        "online_url": "",
        "registration_url": "",
        "capacity": "",
        **changes,
    }


def test_an_agent_proposes_edits_and_submits(client, org, agent, small_region):
    client.force_login(agent)
    response = client.post(reverse("agenda_agents:create"), form(org, commune="21231"))
    event = Event.objects.get()
    assert response.url == reverse("agenda_agents:edit", args=[event.slug])
    assert event.slug == "atelier-ouverture-des-donnees" and event.state == "draft"
    assert event.local_start.hour == 14 and event.commune.name == "Dijon"
    client.post(
        reverse("agenda_agents:edit", args=[event.slug]),
        form(org, title="Nouveau", orientations=[5]),
    )
    event.refresh_from_db()
    assert event.title == "Nouveau"
    assert [o.number for o in event.orientations.all()] == [5]
    client.post(reverse("agenda_agents:submit", args=[event.slug]))
    event.refresh_from_db()
    assert event.state == "submitted"
    assert "Nouveau" in client.get(reverse("agenda_agents:list")).content.decode()


def test_end_before_start_is_explained_next_to_the_field(client, org, agent):
    client.force_login(agent)
    response = client.post(reverse("agenda_agents:create"), form(org, end="2037-05-04T13:00"))
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [
        "La fin de l'évènement doit suivre son début."
    ]
    assert not Event.objects.exists()


def test_an_unknown_commune_and_a_nul_byte_are_refused_in_french(client, org, agent):
    client.force_login(agent)
    response = client.post(reverse("agenda_agents:create"), form(org, commune="99999"))
    assert response.context["form"].errors["commune"] == [
        "Aucune commune de la région n'a ce code INSEE."
    ]
    response = client.post(reverse("agenda_agents:create"), form(org, title="A\x00B"))
    assert "title" in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "who, listing, create, edit, preview",
    [
        ("anonymous", 302, 302, 302, 404),
        ("no organisation", 200, 403, 404, 404),
        ("other organisation", 200, 200, 404, 404),
        ("agent", 200, 200, 200, 200),
        ("curator", 200, 403, 404, 200),
    ],
)
def test_the_permission_matrix_of_the_agents_pages(
    client, org, agent, who, listing, create, edit, preview
):
    """Each person against the agents' pages (their list, the form, the edit page, the
    submission), the draft's preview and its calendar."""
    event = make_event("Brouillon du syndicat", organisation=org, state="draft")
    users = {
        "no organisation": lambda: make_user("seul@exemple.fr"),
        "other organisation": lambda: make_agent("autre@ailleurs.fr", make_organisation("B")),
        "agent": lambda: agent,
        "curator": make_curator,
    }
    if who in users:
        client.force_login(users[who]())
    response = client.get(reverse("agenda_agents:list"))
    assert response.status_code == listing
    assert ("Brouillon du syndicat" in response.content.decode()) == (who == "agent")
    assert client.get(reverse("agenda_agents:create")).status_code == create
    assert client.get(reverse("agenda_agents:edit", args=[event.slug])).status_code == edit
    # The page of a draft is previewed by its organiser's agents and curators only;
    # a draft has no calendar, for anyone (calendars are public and cached by readers).
    assert client.get(event.get_absolute_url()).status_code == preview
    assert client.get(event.get_ical_url()).status_code == 404
    assert client.get(reverse("agenda_agents:submit", args=[event.slug])).status_code in (302, 405)
    submitted = client.post(reverse("agenda_agents:submit", args=[event.slug]))
    event.refresh_from_db()
    assert (event.state == "submitted") == (who == "agent"), submitted.status_code
    # Nobody chooses an organisation of which they are not a member.
    if who == "other organisation":
        client.post(reverse("agenda_agents:create"), form(org))
        assert Event.objects.count() == 1


def test_reserved_words_never_become_slugs(client, org, agent):
    client.force_login(agent)
    client.post(reverse("agenda_agents:create"), form(org, title="Archives"))
    assert Event.objects.get().slug == "archives-evenement"
