"""Curators in the admin: the queue and publishing directly, files deposited there
checked as the agents' are, and the spreadsheet import with its preview (nothing
written before the confirmation nor when a row is wrong; a hostile cell stays text)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Resource, ResourceEvent, ResourceFile
from portal.resources.services import IMPORT_MESSAGE
from scoran.lib import roles
from scoran.lib.fields import validate_web_address
from tests.directory.factories import make_curator, make_organisation
from tests.portal.factories import make_resource_row, resource_pdf

pytestmark = pytest.mark.django_db

HEADER = [
    "identifiant", "titre", "résumé", "présentation", "type", "type de modèle", "licence",
    "structure autrice (identifiant ou SIREN)", "date", "orientations (numéros)",
    "pistes d'action (ex. 4.2)", "départements (codes)", "publics", "version",
    "lien externe", "publié",
]  # fmt: skip
CSV, XLSX = "0", "1"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def curator(client, small_region):
    user = make_curator()
    client.force_login(user)
    return user


@pytest.fixture
def author(curator):
    return make_organisation("Région", slug="region-bfc", siren="200053726")


def row(**values) -> list:
    cells = {
        "identifiant": "modele-cctp-fibre",
        "titre": "Modèle de CCTP fibre",
        "résumé": "Un modèle réutilisable.",
        "présentation": "",
        "type": "Modèle de contrat ou de cahier des charges",
        "type de modèle": "cctp",
        "licence": "Licence Ouverte 2.0",
        "structure autrice (identifiant ou SIREN)": "200053726",
        "date": "15/01/2025",
        "orientations (numéros)": "1, 4",
        "pistes d'action (ex. 4.2)": "1.2",
        "départements (codes)": "21, 25",
        "publics": "Collectivités, Entreprises",
        "version": "2025",
        "lien externe": "https://exemple.fr/cctp.odt",
        "publié": "",
        **values,
    }
    return [cells[column] for column in HEADER]


def xlsx(rows) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ressources.xlsx"
    return buffer


def csv_file(rows) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    upload = io.BytesIO(buffer.getvalue().encode("utf-8"))
    upload.name = "ressources.csv"
    return upload


def preview(client, upload, fmt=XLSX):
    return client.post(
        reverse("admin:portal_resource_import"), {"import_file": upload, "format": fmt}
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(reverse("admin:portal_resource_process_import"), form.initial)


def test_curators_hold_the_resources_permissions():
    codenames = set(roles.declared(roles.CURATORS, "portal").values_list("codename", flat=True))
    assert {"change_resource", "add_resourceversion", "view_resourceevent"} <= codenames


def test_the_import_previews_then_writes_with_its_version_by_link(client, author, curator):
    response = preview(client, xlsx([row()]))
    assert response.status_code == 200
    assert "Modèle de CCTP fibre" in response.content.decode()
    assert not Resource.objects.exists()
    assert confirm(client, response).status_code == 302
    resource = Resource.objects.get(slug="modele-cctp-fibre")
    assert resource.organisation == author  # by SIREN
    assert (resource.kind, resource.contract_kind) == ("modele", "cctp")
    assert resource.audiences == ["collectivites", "entreprises"]
    assert set(resource.orientations.values_list("number", flat=True)) == {1, 4}
    assert set(resource.departments.values_list("code", flat=True)) == {"21", "25"}
    assert resource.state == Resource.State.DRAFT  # « publié » empty: a draft
    version = resource.versions.get()
    assert (version.label, version.external_url) == ("2025", "https://exemple.fr/cctp.odt")
    assert IMPORT_MESSAGE in resource.events.values_list("message", flat=True)


def test_publie_oui_publishes_directly_and_non_withdraws(client, author, curator):
    confirm(client, preview(client, xlsx([row(**{"publié": "oui"})])))
    resource = Resource.objects.get()
    assert resource.is_published
    assert resource.events.filter(action=ResourceEvent.Action.PUBLISHED).exists()
    confirm(client, preview(client, xlsx([row(**{"publié": "non"})])))
    resource.refresh_from_db()
    assert resource.state == Resource.State.DRAFT
    assert resource.versions.count() == 1  # the same version is not added twice


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"licence": "GPL"}, "« GPL » n'est pas une valeur admise"),
        ({"type": "Étude", "type de modèle": "cctp"}, "Le type de modèle ne vaut que pour"),
        ({"structure autrice (identifiant ou SIREN)": "inconnue"}, "aucune structure"),
        ({"orientations (numéros)": "99"}, "Orientation inconnue : 99."),
        ({"publics": "Martiens"}, "« Martiens » n'est pas une valeur admise"),
        ({"lien externe": ""}, "Donnez à la fois le nom de la version et son lien externe"),
        ({"lien externe": "javascript:alert(1)"}, validate_web_address.message),
        ({"identifiant": "flux"}, "« flux » est une adresse réservée du site"),
    ],
)
def test_a_wrong_row_is_explained_in_french_and_nothing_is_written(client, author, values, message):
    good = row(identifiant="autre-modele", titre="Autre")
    response = preview(client, xlsx([good, row(**values)]))
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html or message in html
    assert response.context.get("confirm_form") is None
    assert not Resource.objects.exists()


def test_a_hostile_cell_is_kept_as_text(client, author):
    formula = '=HYPERLINK("https://evil.invalid","clic")'
    # In a CSV the formula is text (a workbook would hold a formula, not its text).
    confirm(client, preview(client, csv_file([row(titre=formula, **{"publié": "oui"})]), CSV))
    resource = Resource.objects.get()
    assert resource.title == formula
    response = client.get(reverse("resources:list"), {"format": "csv"})
    assert f"'{formula}".replace('"', '""') in response.content.decode("utf-8-sig")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "=HYPERLINK(&quot;https://evil.invalid&quot;" in page


def test_publishing_directly_from_the_change_page(client, curator):
    resource = make_resource_row(state="draft")
    change = client.get(reverse("admin:portal_resource_change", args=[resource.pk]))
    url = reverse("admin:portal_resource_moderate", args=[resource.pk, "publier-directement"])
    assert url in change.content.decode()
    client.post(url, {})
    resource.refresh_from_db()
    assert resource.is_published


def test_a_file_deposited_in_the_admin_is_checked(client, curator):
    resource = make_resource_row(link=None)
    version = resource.versions.create(label="1.0", date=datetime.date(2025, 1, 1))
    url = reverse("admin:portal_resourceversion_change", args=[version.pk])

    def post(upload):
        return client.post(
            url,
            {
                "resource": resource.pk,
                "label": "1.0",
                "date": "2025-01-01",
                "notes": "",
                "external_url": "",
                "files-TOTAL_FORMS": "1",
                "files-INITIAL_FORMS": "0",
                "files-MIN_NUM_FORMS": "0",
                "files-MAX_NUM_FORMS": "1000",
                "files-0-file": upload,
                "files-0-position": "0",
            },
        )

    svg = SimpleUploadedFile("carte.svg", b"<svg onload=alert(1)>", "image/svg+xml")
    response = post(svg)
    assert response.status_code == 200
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not ResourceFile.objects.exists()
    assert post(resource_pdf()).status_code == 302
    stored = ResourceFile.objects.get()
    assert (stored.original_name, stored.content_type) == ("guide.pdf", "application/pdf")


def _stored_file(resource, label="2.0"):
    from portal.resources.services import add_version

    version = add_version(
        resource=resource,
        by=None,
        label=label,
        day=datetime.date(2025, 6, 1),
        files=[resource_pdf()],
        check_author=False,
    )
    stored = version.files.get()
    return version, stored, stored.file.storage


def test_deleting_a_resource_in_the_admin_deletes_its_files_after_commit(
    client, curator, django_capture_on_commit_callbacks
):
    resource = make_resource_row()
    _version, stored, storage = _stored_file(resource)
    assert storage.exists(stored.file.name)
    url = reverse("admin:portal_resource_delete", args=[resource.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Resource.objects.filter(pk=resource.pk).exists()
    assert not storage.exists(stored.file.name)


def test_deleting_a_file_row_in_the_version_admin_deletes_the_file(
    client, curator, django_capture_on_commit_callbacks
):
    resource = make_resource_row()
    version, stored, storage = _stored_file(resource)
    url = reverse("admin:portal_resourceversion_change", args=[version.pk])
    data = {
        "resource": resource.pk,
        "label": "2.0",
        "date": "2025-06-01",
        "notes": "",
        "external_url": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "1",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-id": stored.pk,
        "files-0-version": version.pk,
        "files-0-position": "0",
        "files-0-DELETE": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert not ResourceFile.objects.exists()
    assert not storage.exists(stored.file.name)


def test_deleting_versions_in_bulk_deletes_their_files_but_not_others(
    client, curator, django_capture_on_commit_callbacks
):
    resource = make_resource_row()
    version, stored, storage = _stored_file(resource)
    _kept_version, kept, _ = _stored_file(make_resource_row("Autre"), label="3.0")
    url = reverse("admin:portal_resourceversion_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"}
        )
    assert response.status_code == 302
    assert not storage.exists(stored.file.name)
    assert storage.exists(kept.file.name)


def test_a_failed_deletion_keeps_the_files(client, curator, django_capture_on_commit_callbacks):
    from django.db import transaction

    from portal.resources.services import file_names, forget_files

    resource = make_resource_row()
    _version, stored, storage = _stored_file(resource)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                names = file_names(ResourceFile.objects.filter(version__resource=resource))
                resource.delete()
                forget_files(names)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert storage.exists(stored.file.name)


def test_deleting_resources_in_bulk_deletes_their_files(
    client, curator, django_capture_on_commit_callbacks
):
    resource = make_resource_row()
    _version, stored, storage = _stored_file(resource)
    url = reverse("admin:portal_resource_changelist") + "?etat=tous"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "delete_selected", "_selected_action": [resource.pk], "post": "yes"}
        )
    assert response.status_code == 302
    assert not Resource.objects.filter(pk=resource.pk).exists()
    assert not storage.exists(stored.file.name)


@pytest.mark.parametrize("slug", sorted(Resource.RESERVED_SLUGS))
def test_a_reserved_address_is_never_a_slug_whoever_sets_it(slug):
    """The admin's form and the import clean the model: the rule is its own."""
    from django.core.exceptions import ValidationError

    resource = make_resource_row()
    resource.slug = slug
    with pytest.raises(ValidationError) as error:
        resource.full_clean()
    assert error.value.message_dict["slug"] == [
        f"« {slug} » est une adresse réservée du site : choisissez un autre identifiant."
    ]


def test_a_version_added_in_the_admin_is_in_the_history(client, curator):
    resource = make_resource_row(link=None)
    response = client.post(
        reverse("admin:portal_resourceversion_add"),
        {
            "resource": resource.pk,
            "label": "2.0",
            "date": "2025-06-01",
            "notes": "",
            "external_url": "https://exemple.fr/v2",
            "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    event = resource.events.get(action=ResourceEvent.Action.NEW_VERSION)
    assert (event.by, event.message) == (curator, "Version 2.0")


def _change_form_data(response) -> dict:
    """The values of an admin change page's form and inline formsets, as posted."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        forms += list(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value if isinstance(value, list) else str(value)
    return data


def test_a_version_added_in_the_resource_page_inline_is_in_the_history(client, curator):
    resource = make_resource_row(link=None)
    url = reverse("admin:portal_resource_change", args=[resource.pk])
    data = _change_form_data(client.get(url))
    data.update(
        {
            "versions-TOTAL_FORMS": "1",
            "versions-0-label": "3.0",
            "versions-0-date": "2025-07-01",
            "versions-0-external_url": "https://exemple.fr/v3",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    event = resource.events.get(action=ResourceEvent.Action.NEW_VERSION)
    assert event.message == "Version 3.0"


def test_the_admin_stores_a_file_name_without_control_characters():
    from portal.resources.admin import ResourceFileForm

    resource = make_resource_row(link=None)
    version = resource.versions.create(label="1.0", date=datetime.date(2025, 1, 1))
    form = ResourceFileForm(
        {"position": "0"},
        {"file": resource_pdf("gui\nde\x07.pdf")},
        instance=ResourceFile(version=version),
    )
    assert form.is_valid(), form.errors
    assert form.instance.original_name == "guide.pdf"
