"""Curators import projects and organisations from a spreadsheet in the admin: a
preview shows every row and its errors in French; nothing is written before the
confirmation, nor when one row is wrong."""

import copy
import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import Organisation, Project, ProjectEvent, User
from directory.projects.spreadsheets import IMPORT_MESSAGE
from tests.directory.factories import make_organisation, make_project_row, make_user
from tests.directory.places.test_places import complete_small_region

pytestmark = pytest.mark.django_db

PROJECT_HEADER = [
    "identifiant", "titre", "résumé", "description", "porteur (identifiant ou SIREN)",
    "partenaires (identifiants ou SIREN)", "autres partenaires", "communes (codes INSEE)",
    "orientations (numéros)", "pistes d'action (ex. 4.2)", "avancement", "début", "fin",
    "budget (€)", "résultats", "courriel de contact", "site du projet", "publié",
]  # fmt: skip


@pytest.fixture
def curator(client, small_region):
    complete_small_region()
    user = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(user)
    return user


@pytest.fixture
def carriers(curator):
    return {
        "syndicat": make_organisation("Syndicat", slug="syndicat", siren="732829320"),
        "ville": make_organisation("Ville de Dijon", slug="ville-de-dijon", commune_id="21231"),
    }


def project_row(**values) -> list:
    row = {
        "identifiant": "fibre-hameaux",
        "titre": "Fibre des hameaux",
        "résumé": "Raccorder les hameaux.",
        "description": "Un **projet**.",
        "porteur (identifiant ou SIREN)": "732829320",
        "partenaires (identifiants ou SIREN)": "ville-de-dijon",
        "autres partenaires": "",
        "communes (codes INSEE)": "21231, 25056",
        "orientations (numéros)": "1, 4",
        "pistes d'action (ex. 4.2)": "1.2",
        "avancement": "En cours",
        "début": "15/01/2025",
        "fin": "",
        "budget (€)": "12 500,50",
        "résultats": "",
        "courriel de contact": "fibre@example.fr",
        "site du projet": "",
        "publié": "",
        **values,
    }
    return [row[column] for column in PROJECT_HEADER]


def csv_upload(header, rows, name="projets.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode("utf-8"))
    upload.name = name
    return upload


def xlsx_upload(header, rows, name="projets.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


CSV, XLSX = "0", "1"  # the formats offered, in this order


def preview(client, model: str, upload, fmt=CSV):
    return client.post(
        reverse(f"admin:directory_{model}_import"), {"import_file": upload, "format": fmt}
    )


def confirm(client, model: str, response):
    form = response.context["confirm_form"]
    return client.post(reverse(f"admin:directory_{model}_process_import"), form.initial)


def test_the_preview_shows_the_rows_and_writes_nothing_until_confirmed(client, carriers):
    response = preview(client, "project", csv_upload(PROJECT_HEADER, [project_row()]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fibre des hameaux" in html
    assert response.context["confirm_form"] is not None
    assert not Project.objects.exists()

    response = confirm(client, "project", response)
    assert response.status_code == 302
    project = Project.objects.get(slug="fibre-hameaux")
    assert project.organisation == carriers["syndicat"]  # found by SIREN
    assert list(project.partners.all()) == [carriers["ville"]]  # by identifier
    assert set(project.communes.values_list("code", flat=True)) == {"21231", "25056"}
    assert set(project.orientations.values_list("number", flat=True)) == {1, 4}
    assert [track.code for track in project.action_tracks.all()] == ["1.2"]
    assert project.status == Project.Status.ONGOING
    assert str(project.start_date) == "2025-01-15"
    assert str(project.budget) == "12500.50"
    assert project.department_codes == ["21", "25"]
    # No « publié » column value: a draft, whoever imports it.
    assert project.state == Project.State.DRAFT and not project.is_public
    assert project.created_by.email == "curatrice@example.fr"
    assert list(project.events.values_list("action", "message")) == [
        (ProjectEvent.Action.CREATED, IMPORT_MESSAGE)
    ]


def test_publie_oui_publishes_and_an_update_keeps_the_natural_key(client, carriers):
    existing = make_project_row(
        "Ancien titre", carriers["ville"], slug="fibre-hameaux", state="draft"
    )
    upload = xlsx_upload(PROJECT_HEADER, [project_row(**{"publié": "oui", "début": ""})])
    confirm(client, "project", preview(client, "project", upload, XLSX))
    project = Project.objects.get()
    assert project.pk == existing.pk
    assert project.title == "Fibre des hameaux"
    assert project.state == Project.State.PUBLISHED and project.published_at is not None
    actions = set(project.events.values_list("action", flat=True))
    assert actions == {ProjectEvent.Action.UPDATED, ProjectEvent.Action.PUBLISHED}
    html = client.get(reverse("projects:list")).content.decode()
    assert "Fibre des hameaux" in html


def test_a_revision_is_never_the_target_of_an_import(client, carriers):
    from tests.directory.factories import make_revision_row

    published = make_project_row("Publié", carriers["ville"], slug="fibre-hameaux")
    make_revision_row(published)
    confirm(
        client, "project", preview(client, "project", csv_upload(PROJECT_HEADER, [project_row()]))
    )
    published.refresh_from_db()
    assert published.title == "Fibre des hameaux"
    assert published.state == Project.State.PUBLISHED  # « publié » left empty: kept
    assert Project.objects.filter(revision_of=published).get().title == "Publié (modifié)"


def test_errors_are_shown_in_french_row_by_row_and_nothing_is_written(client, carriers):
    rows = [
        project_row(identifiant="bon-projet"),
        project_row(
            identifiant="mauvais-projet",
            **{
                "porteur (identifiant ou SIREN)": "inconnu",
                "communes (codes INSEE)": "21231, 99999",
                "orientations (numéros)": "42",
                "pistes d'action (ex. 4.2)": "1.99",
                "avancement": "Presque fini",
                "début": "32/13/2025",
                "budget (€)": "beaucoup",
                "publié": "peut-être",
            },
        ),
        project_row(identifiant="sans-titre", titre=""),
        project_row(identifiant="flux"),
    ]
    response = preview(client, "project", csv_upload(PROJECT_HEADER, rows))
    html = response.content.decode()
    assert "confirm_form" not in response.context  # no way to confirm
    for message in (
        "« inconnu » : aucune structure de l&#x27;annuaire n&#x27;a cet identifiant ou ce SIREN.",
        "Code commune inconnu : 99999.",
        "Orientation inconnue : 42.",
        "Piste d&#x27;action inconnue : 1.99.",
        "« Presque fini » n&#x27;est pas une valeur admise (Idée, En cours, Réalisé, Abandonné).",
        "« 32/13/2025 » n&#x27;est pas une date au format jj/mm/aaaa.",
        "« beaucoup » n&#x27;est pas un montant en euros.",
        "« peut-être » : écrivez oui ou non.",
        "Ce champ ne peut pas être vide.",
        "« flux » est une adresse réservée du site : choisissez un autre identifiant.",
    ):
        assert message in html, message
    assert not Project.objects.exists()
    assert not ProjectEvent.objects.exists()


@pytest.fixture
def lenient_templates(settings):
    """import-export's form reads ``fields_list.0.1`` even when the file could not be
    read (no columns to list): not our template, rendered as in production."""
    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine["OPTIONS"].pop("string_if_invalid", None)
    settings.TEMPLATES = templates


def test_a_file_that_is_not_a_spreadsheet_writes_nothing(client, carriers, lenient_templates):
    upload = io.BytesIO(b"\x00\x01 ceci n'est pas un tableur")
    upload.name = "projets.xlsx"
    response = preview(client, "project", upload, XLSX)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Project.objects.exists()


def test_a_file_without_the_identifier_column_writes_nothing(client, carriers):
    header = [column for column in PROJECT_HEADER if column != "identifiant"]
    row = project_row()[1:]
    response = preview(client, "project", csv_upload(header, [row]))
    assert "confirm_form" not in response.context
    assert "identifiant" in response.content.decode()
    assert not Project.objects.exists()


def test_only_curators_who_may_add_and_change_import(client, small_region):
    staff = make_user("agent-staff@example.fr", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_project"))
    client.force_login(staff)
    url = reverse("admin:directory_project_import")
    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="add_project"))
    assert client.get(url).status_code == 200


ORGANISATION_HEADER = [
    "identifiant", "nom", "nature", "SIREN", "SIRET", "adresse", "commune (code INSEE)",
    "site internet", "présentation", "orientations", "courriel", "publiée",
]  # fmt: skip


def test_organisations_are_imported_with_a_preview_and_french_errors(client, curator):
    good = ["sieeen", "SIEEEN", "Syndicat mixte", "732829320", "", "", "21231", "", "", "2, 3",
            "contact@sieeen.example.fr", "oui"]  # fmt: skip
    bad = ["mauvaise", "Mauvaise", "Planète", "123", "", "", "00000", "", "", "", "", ""]
    response = preview(client, "organisation", csv_upload(ORGANISATION_HEADER, [good, bad]))
    html = response.content.decode()
    assert "confirm_form" not in response.context
    assert "« Planète » n&#x27;est pas une valeur admise" in html
    assert "« 00000 » n&#x27;est pas un code commune connu." in html
    assert "SIREN" in html and not Organisation.objects.exists()

    response = preview(client, "organisation", csv_upload(ORGANISATION_HEADER, [good]))
    assert not Organisation.objects.exists()
    confirm(client, "organisation", response)
    organisation = Organisation.objects.get()
    assert (organisation.slug, organisation.kind, organisation.commune_id) == (
        "sieeen",
        Organisation.Kind.SYNDICATE,
        "21231",
    )
    assert set(organisation.themes.values_list("number", flat=True)) == {2, 3}
    assert organisation.is_published
