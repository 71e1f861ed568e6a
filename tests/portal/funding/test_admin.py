"""The curators' side in the admin: the queue and its filters, publishing, and the
fields of an imported aide a curator changes, remembered so that the next import
leaves them alone."""

import pytest
from django.urls import reverse

from observatories.models import DataSource
from portal.models import Funding
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:portal_funding_changelist"


@pytest.fixture
def curator(client):
    user = make_curator()
    client.force_login(user)
    return user


def change_form(funding: Funding, **changes) -> dict:
    data = {
        "name": funding.name,
        "slug": funding.slug,
        "summary": funding.summary,
        "description": funding.description,
        "kinds": funding.kinds,
        "beneficiaries": funding.beneficiaries,
        "recurrence": funding.recurrence,
        "funder_names": funding.funder_names,
        "territory_note": funding.territory_note,
        "departments": [d.pk for d in funding.departments.all()],
        "external_id": funding.external_id,
        "source": funding.source_id or "",
        "licence": funding.licence,
        "reviewed_at_0": "2026-01-01",
        "reviewed_at_1": "10:00:00",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_the_queue_and_its_filters_load(client, curator, small_region):
    make_funding("En attente", state="submitted")
    make_funding("Publiée")
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "En attente" in html and "Publiée" not in html
    for query in ({"nature": "subvention"}, {"dates": "cloturees"}, {"beneficiaire": "communes"},
                  {"verification": "a-verifier"}, {"etat": "tous"}):  # fmt: skip
        assert client.get(reverse(CHANGELIST), query).status_code == 200, query


def test_a_curator_publishes_from_the_decision_page(client, curator, small_region):
    funding = make_funding("En attente", state="submitted")
    url = reverse("admin:portal_funding_moderate", args=[funding.pk, "publier"])
    client.post(url, {})
    funding.refresh_from_db()
    assert funding.state == "published"
    assert funding.events.filter(action="published", by=curator).exists()


def test_changes_to_an_imported_aide_are_remembered(client, curator, small_region):
    source = DataSource.objects.create(
        slug="aides-territoires", name="Aides-territoires", publisher="ANCT", licence="ODbL",
        format="aides-territoires",
    )  # fmt: skip
    funding = make_funding("Importée", source=source, external_id="123", departments=["21"])
    url = reverse("admin:portal_funding_change", args=[funding.pk])
    data = change_form(funding, name="Nom corrigé", departments=["21", "25"])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    funding.refresh_from_db()
    assert funding.locally_edited == ["departments", "name"]
    assert funding.territory_keys == ["D21", "D25"]
    client.post(url, change_form(funding, summary="Résumé corrigé"))
    funding.refresh_from_db()
    assert funding.locally_edited == ["departments", "name", "summary"]
    html = client.get(url).content.decode()
    assert "champs modifiés localement" in html.lower()


def test_changes_to_a_local_aide_are_not_tracked(client, curator, small_region):
    funding = make_funding("Locale", owner=make_organisation("Région"))
    url = reverse("admin:portal_funding_change", args=[funding.pk])
    assert client.post(url, change_form(funding, name="Renommée")).status_code == 302
    funding.refresh_from_db()
    assert funding.name == "Renommée" and funding.locally_edited == []


def test_agents_have_no_admin(client, small_region):
    client.force_login(make_agent("agent@example.fr", make_organisation("Région")))
    assert client.get(reverse(CHANGELIST)).status_code == 302
