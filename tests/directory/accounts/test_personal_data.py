"""The personal-data download and the account deletion go through the catalogue
each feature fills (``PERSONAL_DATA``): the parts of places and imports included."""

import pytest
from django.urls import reverse

from directory.accounts import services
from directory.models import ErrorReport, User
from observatories.models import ImportRun
from scoran.lib.catalogues import PERSONAL_DATA, OnDelete, PersonalData
from tests.directory.factories import make_curator, make_place, make_user
from tests.observatories.factories import ftth_run

pytestmark = pytest.mark.django_db


def test_the_download_starts_with_the_account_and_keeps_its_keys(client):
    client.force_login(make_user("agent@example.fr"))
    data = client.get(reverse("accounts:personal_data")).json()
    assert list(data)[:9] == [
        "compte",
        "structures",
        "demandes_d_adhesion",
        "invitations_recues",
        "invitations_envoyees",
        "modifications_de_structures",
        "moderation_de_structures",
        "moderation_de_lieux",
        "etapes_de_projets",
    ]
    assert "imports_de_donnees" in data and "signalements_d_erreurs" in data


def test_error_reports_sent_with_my_address_are_mine_and_lose_it_with_my_account(
    small_region,
):
    place = make_place("Tiers-lieu de Dijon")
    user = make_user("agent@example.fr")
    about = {"kind": "lieux", "object_key": str(place.pk), "object_title": place.name}
    mine = ErrorReport.objects.create(**about, message="Fermé le lundi", email="Agent@example.fr")
    other = ErrorReport.objects.create(**about, message="Autre", email="autre@example.fr")

    reports = services.export_personal_data(user=user)["signalements_d_erreurs"]["envoyes"]
    assert [(r["element"], r["message"], r["etat"]) for r in reports] == [
        ("Tiers-lieu de Dijon", "Fermé le lundi", "Nouveau")
    ]

    services.delete_account(user=user)
    mine.refresh_from_db()
    assert (mine.email, mine.message) == ("", "Fermé le lundi")  # kept for curators
    other.refresh_from_db()
    assert other.email == "autre@example.fr"


def test_imports_a_curator_ran_are_theirs_and_stay_without_them(small_region):
    curator = make_curator()
    run = ftth_run()
    ImportRun.objects.filter(pk=run.pk).update(triggered_by=curator)
    part = services.export_personal_data(user=curator)["imports_de_donnees"]
    assert [i["fichier"] for i in part["imports_lances"]] == [run.file_name]
    services.delete_account(user=curator)
    run.refresh_from_db()
    assert run.triggered_by is None


def test_deletion_runs_every_features_erase_in_its_transaction():
    user = make_user("agent@example.fr")
    erased = []
    entry = PersonalData(
        key="essai",
        fields={"directory.User.email": OnDelete.ERASE},
        erase=lambda person: erased.append(User.objects.filter(pk=person.pk).exists()),
    )
    with PERSONAL_DATA.replaced("essai", entry):
        services.delete_account(user=user)
    assert erased == [True]  # called before the account row went
    assert not User.objects.filter(email="agent@example.fr").exists()


def test_a_curators_publication_decisions_are_in_their_download_and_stay_without_them(
    client, small_region
):
    from directory.models import OrganisationEvent, PlaceEvent
    from scoran.lib.moderation import transition
    from tests.directory.factories import make_organisation

    curator = make_curator()
    organisation = make_organisation("Syndicat en attente", is_published=False)
    place = make_place("Tiers-lieu en attente", published=False)
    transition(obj=organisation, action="publish", by=curator, message="Fiche complète")
    transition(obj=place, action="publish", by=curator)

    client.force_login(curator)
    data = client.get(reverse("accounts:personal_data")).json()
    assert [(s["structure"], s["message"]) for s in data["moderation_de_structures"]] == [
        ("Syndicat en attente", "Fiche complète")
    ]
    assert [s["lieu"] for s in data["moderation_de_lieux"]] == ["Tiers-lieu en attente"]

    services.delete_account(user=curator)
    assert OrganisationEvent.objects.get(organisation=organisation).by is None
    assert PlaceEvent.objects.get(place=place).by is None
