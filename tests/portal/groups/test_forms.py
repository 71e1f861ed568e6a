"""The agents' forms of an event and a resource put it in a working group the agent
is an active member of (no other is offered; a forged or unknown group is a French
error, and the services refuse it whatever the caller), public or for the group's
members only (members-only without a group: a French error)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from directory.models import Visibility
from portal.agenda import services as agenda
from portal.models import Event, Resource
from portal.resources import services as resources
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.agenda.factories import make_event
from tests.portal.factories import resource_pdf
from tests.portal.groups.factories import join, make_group

pytestmark = pytest.mark.django_db

NOT_A_MEMBER = "Choisissez un groupe de travail dont vous êtes membre."
WITHOUT_GROUP = "Seul un contenu de groupe de travail peut être réservé à ses membres"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def groups(org):
    """The agent's group, one they asked to join, one they are invited to, and one
    they have nothing to do with."""
    return {
        "mine": make_group("Ouverture des données", "ouverture-des-donnees"),
        "requested": make_group("Couverture mobile", "couverture-mobile"),
        "invited": make_group("Inclusion numérique", "inclusion-numerique"),
        "other": make_group("Cybersécurité", "cybersecurite"),
    }


@pytest.fixture
def agent(org, groups):
    user = make_agent("agent@syndicat.fr", org)
    join(groups["mine"], user)
    join(groups["requested"], user, status="requested")
    join(groups["invited"], user, status="invited")
    return user


def event_form(org, **changes) -> dict:
    return {
        "organisation": org.pk,
        "title": "Réunion du groupe",
        "kind": "groupe-de-travail",
        "status": "programme",
        "start": "2037-05-04T14:00",
        "end": "2037-05-04T17:00",
        "address": "2 place de la Libération",
        **changes,
    }


def resource_form(**changes) -> dict:
    return {
        "title": "Compte rendu de la réunion",
        "summary": "Ce qui a été décidé.",
        "kind": "retour",
        "licence": "tous-droits-reserves",
        "date": "2025-05-01",
        "audiences": ["collectivites"],
        "version-label": "1.0",
        "version-date": "2025-05-01",
        "version-files": [resource_pdf("compte-rendu.pdf")],
        **changes,
    }


PAGES = {"event": "agenda_agents:create", "resource": "resource_agents:create"}


def post(client, kind, org, **changes):
    data = event_form(org, **changes) if kind == "event" else resource_form(**changes)
    return client.post(reverse(PAGES[kind]), data)


def created(kind):
    return (Event if kind == "event" else Resource).objects.all()


@pytest.mark.parametrize("kind", PAGES)
def test_only_the_groups_the_agent_is_an_active_member_of_are_offered(client, agent, kind):
    client.force_login(agent)
    body = client.get(reverse(PAGES[kind])).content.decode()
    assert "Ouverture des données</option>" in body
    for name in ("Couverture mobile", "Inclusion numérique", "Cybersécurité"):
        assert name not in body, name
    assert 'value="membres"' in body and "Réservé aux membres du groupe" in body


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("forged", ["requested", "invited", "other", "unknown", "script"])
def test_a_forged_group_is_refused_in_french(client, org, agent, groups, kind, forged):
    client.force_login(agent)
    value = {"unknown": "999999", "script": "<script>alert(1)</script>"}.get(forged)
    response = post(client, kind, org, working_group=value or groups[forged].pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert NOT_A_MEMBER in body and "<script>alert(1)" not in body
    assert not created(kind).exists()


@pytest.mark.parametrize("kind", PAGES)
def test_members_only_needs_a_group_in_french(client, org, agent, kind):
    client.force_login(agent)
    response = post(client, kind, org, visibility="membres")
    assert response.status_code == 200
    assert WITHOUT_GROUP in response.content.decode()
    assert not created(kind).exists()


@pytest.mark.parametrize("kind", PAGES)
def test_an_unknown_visibility_is_refused(client, org, agent, groups, kind):
    client.force_login(agent)
    response = post(client, kind, org, working_group=groups["mine"].pk, visibility="tous")
    assert response.status_code == 200 and not created(kind).exists()


@pytest.mark.parametrize("kind", PAGES)
def test_a_member_puts_a_members_only_item_in_their_group(client, org, agent, groups, kind):
    client.force_login(agent)
    response = post(client, kind, org, working_group=groups["mine"].pk, visibility="membres")
    assert response.status_code == 302
    item = created(kind).get()
    assert item.working_group == groups["mine"] and item.visibility == Visibility.MEMBERS
    # Without a choice, an item is public and of no group.
    created(kind).delete()
    assert post(client, kind, org).status_code == 302
    item = created(kind).get()
    assert item.working_group is None and item.visibility == Visibility.PUBLIC


def test_an_agent_who_is_no_member_keeps_the_group_of_their_organisations_event(
    client, org, groups
):
    """The form stays valid on the event's current group; moving it to another group
    of which they are no member is refused."""
    colleague = make_agent("collegue@syndicat.fr", org)
    event = make_event("Réunion du groupe", org, working_group=groups["mine"], state="draft")
    client.force_login(colleague)
    url = reverse("agenda_agents:edit", args=[event.slug])
    page = client.get(url).content.decode()
    assert "Ouverture des données</option>" in page and "Cybersécurité" not in page
    changes = {"working_group": groups["mine"].pk, "title": "Réunion renommée"}
    response = client.post(url, event_form(org, **changes))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Réunion renommée" and event.working_group == groups["mine"]
    response = client.post(url, event_form(org, working_group=groups["other"].pk))
    assert NOT_A_MEMBER in response.content.decode()
    event.refresh_from_db()
    assert event.working_group == groups["mine"]


def test_an_agent_who_is_no_member_does_not_reserve_the_item_to_the_groups_members(
    client, org, groups
):
    """Keeping the current group needs no membership, but hiding the item from
    everyone but the group's members does."""
    colleague = make_agent("collegue@syndicat.fr", org)
    event = make_event("Réunion du groupe", org, working_group=groups["mine"], state="draft")
    client.force_login(colleague)
    url = reverse("agenda_agents:edit", args=[event.slug])
    changes = {"working_group": groups["mine"].pk, "visibility": "membres"}
    response = client.post(url, event_form(org, **changes))
    assert NOT_A_MEMBER in response.content.decode()
    event.refresh_from_db()
    assert event.visibility == Visibility.PUBLIC


def test_a_group_with_meetings_or_documents_is_not_deleted(org, groups):
    """A members-only item cannot lose its group (its check constraint): the group
    is deleted once its meetings and documents left it."""
    make_event("Réunion", org, working_group=groups["mine"], visibility="membres")
    with pytest.raises(ProtectedError):
        groups["mine"].delete()
    assert Event.objects.filter(working_group=groups["mine"]).exists()
    groups["other"].delete()  # nothing of its own: deleted


def test_the_services_refuse_a_group_whatever_the_caller(org, agent, groups):
    start = datetime.datetime(2037, 5, 4, 14, tzinfo=datetime.UTC)
    values = {
        "title": "Réunion",
        "kind": "groupe-de-travail",
        "start": start,
        "end": start + datetime.timedelta(hours=2),
        "address": "Dijon",
    }
    with pytest.raises(ValidationError) as error:
        agenda.propose_event(
            organisation=org, by=agent, values={**values, "working_group": groups["other"]}
        )
    assert error.value.message_dict == {"working_group": [NOT_A_MEMBER]}
    with pytest.raises(ValidationError) as error:
        agenda.propose_event(organisation=org, by=agent, values={**values, "visibility": "membres"})
    assert WITHOUT_GROUP in error.value.message_dict["visibility"][0]
    event = agenda.propose_event(organisation=org, by=agent, values=values)
    with pytest.raises(ValidationError):
        agenda.update_event(event=event, by=agent, values={"working_group": groups["invited"]})
    assert not Event.objects.exclude(working_group=None).exists()
    resource_values = {
        "title": "Note",
        "summary": "Une note.",
        "kind": "retour",
        "licence": "tous-droits-reserves",
        "date": datetime.date(2025, 5, 1),
        "audiences": ["collectivites"],
    }
    with pytest.raises(ValidationError) as error:
        resources.create_resource(
            organisation=org,
            by=agent,
            values={**resource_values, "working_group": groups["requested"]},
        )
    assert error.value.message_dict == {"working_group": [NOT_A_MEMBER]}
    resource = resources.create_resource(organisation=org, by=agent, values=resource_values)
    with pytest.raises(ValidationError):
        resources.update_resource(
            resource=resource, by=agent, values={"working_group": groups["other"]}
        )
    assert not Resource.objects.exclude(working_group=None).exists()
    # Curators put anything in any group (the admin, the demo).
    curator = make_curator()
    resources.update_resource(
        resource=resource,
        by=curator,
        values={"working_group": groups["other"], "visibility": "membres"},
    )
    resource.refresh_from_db()
    assert resource.working_group == groups["other"]


def test_the_admin_filters_by_group_and_visibility(client, org, groups):
    make_event("Réunion publique", org, working_group=groups["mine"])
    make_event("Réunion réservée", org, working_group=groups["mine"], visibility="membres")
    make_event("Comité sans groupe", org, kind="comite")
    client.force_login(make_curator())
    url = reverse("admin:portal_event_changelist")
    body = client.get(url, {"etat": "tous", "visibility__exact": "membres"}).content.decode()
    assert "Réunion réservée" in body and "Réunion publique" not in body
    body = client.get(
        url, {"etat": "tous", "working_group__id__exact": groups["mine"].pk}
    ).content.decode()
    assert "Réunion publique" in body and "Comité sans groupe" not in body
    page = client.get(reverse("admin:portal_resource_add")).content.decode()
    assert 'name="working_group"' in page and 'name="visibility"' in page
