"""The rejects CSV and the upload progress JSON: for curators who hold a permission on
the import data, not for every staff member; the public page of an import for all."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import User
from observatories.importing.pipeline import import_file
from observatories.models import ImportRun, ImportUpload
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

BAD_ROW = "21231;Dijon;21;27;x;all;0;1;1;1;1;1;2025-12-31"


def staff(*codenames: str) -> User:
    """A staff member holding only ``codenames`` (observatories' permissions)."""
    email = f"curateur-{User.objects.count()}@example.fr"
    user = User.objects.create_user(email=email, password="x" * 16, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="observatories", codename__in=codenames)
    )
    return user


@pytest.fixture
def rejected_run(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 1
    header = SAMPLE_FIXED_STATS.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "communes.csv"
    path.write_text(f"{header}\n{BAD_ROW}\n", encoding="utf-8")
    return import_file(path, trigger=ImportRun.Trigger.COMMAND)


def test_curators_download_the_reject_report_and_the_public_cannot(client, rejected_run):
    url = reverse("observatories:import_rejects", kwargs={"pk": rejected_run.pk})
    assert client.get(url).status_code == 302  # to the sign-in page

    client.force_login(staff("view_importrun", "view_importreject"))
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines() == [
        "ligne;colonne;valeur;motif",
        "2;nbr;x;« x » n'est pas un nombre entier positif.",
    ]


def test_rejected_values_are_written_as_data_never_as_formulas(client, tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 1
    header = SAMPLE_FIXED_STATS.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "communes.csv"
    formula = '=HYPERLINK("https://evil.invalid/","x")'
    path.write_text(f"{header}\n{BAD_ROW.replace(';x;', f';{formula};')}\n", encoding="utf-8")
    run = import_file(path, trigger=ImportRun.Trigger.COMMAND)
    client.force_login(staff("view_importrun", "view_importreject"))
    response = client.get(reverse("observatories:import_rejects", kwargs={"pk": run.pk}))
    value = response.content.decode("utf-8-sig").splitlines()[1].split(";")[2]
    assert value.startswith("\"'=HYPERLINK(")


@pytest.mark.parametrize("codenames", [(), ("view_importrun",), ("view_importreject",)])
def test_staff_without_the_permissions_on_imports_cannot_download_rejects(
    client, rejected_run, codenames
):
    client.force_login(staff(*codenames))
    url = reverse("observatories:import_rejects", kwargs={"pk": rejected_run.pk})
    response = client.get(url)
    assert response.status_code == 403
    assert "n'est pas un nombre" not in response.content.decode()


def test_only_staff_allowed_to_see_uploads_follow_their_progress(client):
    item = ImportUpload.objects.create(file="imports/x.csv")
    url = reverse("observatories:upload_progress", kwargs={"pk": item.pk})
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(staff("view_importrun"))
    assert client.get(url).status_code == 403
    client.force_login(staff("view_importupload"))
    assert client.get(url).json()["status"] == "queued"
