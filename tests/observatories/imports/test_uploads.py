"""An uploaded file always ends in a verdict the curator can read: imported,
refused, failed with a French message, or quarantined; a job delivered twice does
nothing twice."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import User
from observatories.imports import services
from observatories.imports.tasks import run_upload
from observatories.models import CommuneFixedStats, ImportRun, ImportUpload
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]


@pytest.fixture
def curator():
    return User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)


@pytest.fixture
def uploaded(settings, tmp_path, curator):
    """An upload of ``content`` as the admin stores it."""
    settings.MEDIA_ROOT = tmp_path

    def make(content: bytes, name: str = "communes.csv", **fields) -> ImportUpload:
        return ImportUpload.objects.create(
            file=SimpleUploadedFile(name, content), uploaded_by=curator, **fields
        )

    return make


def test_a_file_is_imported_and_its_attempt_counted(uploaded):
    upload = uploaded(SAMPLE_FIXED_STATS.read_bytes())
    assert run_upload(upload.pk) == ImportUpload.Status.DONE
    upload.refresh_from_db()
    assert upload.run.status == ImportRun.Status.SUCCEEDED
    assert (upload.attempts, upload.rows_done) == (1, 3)
    assert upload.started_at is not None


def test_an_unexpected_error_fails_the_upload_with_a_french_message(uploaded, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(services, "import_file", broken)
    upload = uploaded(SAMPLE_FIXED_STATS.read_bytes())
    assert run_upload(upload.pk) == ImportUpload.Status.FAILED
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.FAILED
    assert upload.error.startswith("Erreur interne pendant l'import ; l'équipe technique")
    assert upload.progress()["finished"]


def test_a_file_of_no_known_format_is_done_with_the_reason(uploaded):
    upload = uploaded(b"\xff\xfe\x00\x01")
    assert run_upload(upload.pk) == ImportUpload.Status.DONE
    upload.refresh_from_db()
    assert upload.error.startswith("Ligne 1 : fichier en UTF-16") and upload.run is None


def test_a_job_delivered_again_after_the_import_does_nothing(uploaded):
    upload = uploaded(SAMPLE_FIXED_STATS.read_bytes())
    run_upload(upload.pk)
    assert run_upload(upload.pk) == ImportUpload.Status.DONE
    upload.refresh_from_db()
    assert upload.attempts == 1 and ImportRun.objects.count() == 1


def test_a_file_interrupted_too_often_is_quarantined_and_not_imported(uploaded, settings):
    settings.IMPORT_UPLOAD_MAX_ATTEMPTS = 2
    upload = uploaded(
        SAMPLE_FIXED_STATS.read_bytes(), status=ImportUpload.Status.RUNNING, attempts=2
    )
    assert run_upload(upload.pk) == ImportUpload.Status.QUARANTINED
    upload.refresh_from_db()
    assert upload.error.startswith(
        "Fichier mis en quarantaine : son import a été interrompu 2 fois"
    )
    assert not ImportRun.objects.exists() and not CommuneFixedStats.objects.exists()
    assert run_upload(upload.pk) == ImportUpload.Status.QUARANTINED  # and stays so
    assert ImportUpload.objects.get().attempts == 3


def test_the_progress_says_when_to_stop_asking(client, uploaded, curator):
    upload = uploaded(SAMPLE_FIXED_STATS.read_bytes())
    client.force_login(curator)
    url = reverse("observatories:upload_progress", kwargs={"pk": upload.pk})
    assert client.get(url).json()["finished"] is False
    run_upload(upload.pk)
    state = client.get(url).json()
    assert state["finished"] is True and state["status"] == "done"


@pytest.mark.parametrize("status", [ImportUpload.Status.FAILED, ImportUpload.Status.QUARANTINED])
def test_the_upload_page_shows_a_failed_or_quarantined_upload(client, uploaded, curator, status):
    upload = uploaded(b"x", status=status, error="Fichier mis en quarantaine : motif.")
    client.force_login(curator)
    page = client.get(reverse("admin:observatories_importupload_change", args=[upload.pk]))
    assert page.status_code == 200
    assert ImportUpload.Status(status).label in page.content.decode()
    data = json.loads(
        client.get(reverse("observatories:upload_progress", kwargs={"pk": upload.pk})).content
    )
    assert data["error"] == "Fichier mis en quarantaine : motif."
