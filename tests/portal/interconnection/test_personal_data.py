"""A request's personal data: the person who filed it and its contact. The download
gives back the requests a person filed, those that name them as contact, and the
steps they took (a withdrawal with its reason); deleting the account keeps the
requests for their organisation, without the person (requester detached, contact
blanked, steps detached)."""

import pytest

from directory.accounts import services
from portal.interconnection import services as interconnection
from portal.models import InterconnectionRequest, InterconnectionStep
from scoran.lib.catalogues import declared_personal_fields
from tests.directory.factories import make_agent, make_curator
from tests.portal.interconnection.factories import make_request

pytestmark = pytest.mark.django_db


def test_every_personal_field_of_a_request_is_declared():
    declared = declared_personal_fields()
    for name in (
        "portal.InterconnectionRequest.requested_by",
        "portal.InterconnectionRequest.contact_email",
        "portal.InterconnectionStep.by",
    ):
        assert name in declared, name


def test_the_download_gives_back_my_requests_and_steps(org, small_region):
    agent = make_agent("agent@departement.fr", org)
    curator = make_curator("curatrice@region.fr")
    filed = make_request(org, by=agent, subject="Collèges", contact_email="autre@departement.fr")
    make_request(org, subject="Lycées", contact_email="Agent@Departement.fr")
    make_request(org, subject="Sans moi", contact_email="tiers@departement.fr")
    interconnection.move_request(request=filed, action="study", by=curator)
    interconnection.withdraw_request(request=filed, by=agent, reason="Plus utile.")

    part = services.export_personal_data(user=agent)["demandes_d_interconnexion"]
    assert [row["objet"] for row in part["deposees"]] == ["Collèges"]
    assert [(row["objet"], row["contact_courriel"]) for row in part["contact"]] == [
        ("Lycées", "Agent@Departement.fr")
    ]
    assert sorted((step["demande"], step["etape"], step["message"]) for step in part["etapes"]) == [
        (str(filed), "Demande reçue", ""),
        (str(filed), "Retirée", "Plus utile."),
    ]
    steps = services.export_personal_data(user=curator)["demandes_d_interconnexion"]["etapes"]
    assert [step["etape"] for step in steps] == ["Mise à l'étude"]


def test_deleting_an_account_keeps_the_requests_without_the_person(org, small_region):
    agent = make_agent("agent@departement.fr", org)
    curator = make_curator("curatrice@region.fr")
    filed = make_request(org, by=agent, subject="Collèges", contact_email="agent@departement.fr")
    other = make_request(org, subject="Lycées", contact_email="tiers@departement.fr")
    interconnection.move_request(request=filed, action="study", by=curator)

    services.delete_account(user=agent)
    filed.refresh_from_db()
    assert filed.requested_by is None and filed.subject == "Collèges"
    assert (filed.contact_name, filed.contact_email, filed.contact_phone) == ("", "", "")
    assert filed.steps.get(action="received").by is None
    other.refresh_from_db()
    assert other.contact_email == "tiers@departement.fr"

    services.delete_account(user=curator)
    assert InterconnectionStep.objects.get(action="studying").by is None
    assert InterconnectionRequest.objects.count() == 2
