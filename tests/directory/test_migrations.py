"""Migrations of the directory that convert rows: tried on rows written in the
schema before them, forwards and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("directory", "0005_curators_group")
MODERATION = ("directory", "0006_moderation_of_organisations_and_places")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def _old_rows(apps) -> None:
    Organisation = apps.get_model("directory", "Organisation")
    for slug, published in (("publiee", True), ("brouillon", False)):
        Organisation.objects.create(slug=slug, name=slug, kind="other", is_published=published)
    Region = apps.get_model("observatories", "Region")
    Department = apps.get_model("observatories", "Department")
    Commune = apps.get_model("observatories", "Commune")
    region = Region.objects.create(code="27", name="Bourgogne-Franche-Comté")
    Department.objects.create(code="21", name="Côte-d'Or", region=region)
    Commune.objects.create(code="21231", name="Dijon", department_id="21")
    source = apps.get_model("observatories", "DataSource").objects.create(
        slug="lieux", name="Lieux", publisher="ANCT", licence="LO 2.0", format="x"
    )
    Place = apps.get_model("directory", "Place")
    for key, published in (("ouvert", True), ("ferme", False)):
        Place.objects.create(
            source=source,
            external_id=key,
            pivot="123456789",
            name=key,
            slug=key,
            commune_id="21231",
            address="1 rue",
            postcode="21000",
            updated_on=datetime.date(2025, 1, 1),
            is_published=published,
        )


@pytest.mark.django_db(transaction=True)
def test_publication_checkboxes_become_moderation_states_and_back():
    try:
        _old_rows(migrate(BEFORE))
        apps = migrate(MODERATION)
        organisations = apps.get_model("directory", "Organisation").objects
        places = apps.get_model("directory", "Place").objects
        assert dict(organisations.values_list("slug", "state")) == {
            "publiee": "published",
            "brouillon": "draft",
        }
        assert dict(places.values_list("external_id", "state")) == {
            "ouvert": "published",
            "ferme": "draft",
        }
        assert not apps.get_model("directory", "OrganisationEvent").objects.exists()

        apps = migrate(BEFORE)
        assert dict(
            apps.get_model("directory", "Organisation").objects.values_list("slug", "is_published")
        ) == {"publiee": True, "brouillon": False}
        assert dict(
            apps.get_model("directory", "Place").objects.values_list("external_id", "is_published")
        ) == {"ouvert": True, "ferme": False}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


REPORTS = ("directory", "0007_error_reports")


@pytest.mark.django_db(transaction=True)
def test_the_places_reports_become_reports_of_kind_lieux_and_back():
    try:
        _old_rows(migrate(BEFORE))
        apps = migrate(MODERATION)
        place = apps.get_model("directory", "Place").objects.get(external_id="ouvert")
        old = apps.get_model("directory", "ErrorReport").objects
        new_one = old.create(place=place, message="Fermé", email="a@example.fr")
        treated = old.create(
            place=place, message="Déménagé", email="b@example.fr", is_resolved=True
        )

        apps = migrate(REPORTS)
        reports = apps.get_model("directory", "ErrorReport").objects
        rows = {r.pk: r for r in reports.all()}
        assert (rows[new_one.pk].kind, rows[new_one.pk].object_key) == ("lieux", str(place.pk))
        assert rows[new_one.pk].object_title == "ouvert"
        assert (rows[new_one.pk].status, rows[new_one.pk].email) == ("nouveau", "a@example.fr")
        # A treated report loses its sender's address, as every closed report now does.
        assert (rows[treated.pk].status, rows[treated.pk].email) == ("traite", "")
        assert rows[treated.pk].treated_at is not None
        reports.create(kind="projets", object_key="1", object_title="P", message="x")

        apps = migrate(MODERATION)
        back = apps.get_model("directory", "ErrorReport").objects
        assert set(back.values_list("pk", "place_id", "is_resolved")) == {
            (new_one.pk, place.pk, False),
            (treated.pk, place.pk, True),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
