"""Curators upload a file in the admin; a real Celery worker imports it."""

import gzip
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from directory.models import User
from observatories.models import CommuneFixedStats, CommuneFtth, ImportRun, ImportUpload
from scoran.celery import app as celery_app
from tests.observatories.factories import DATA_DIR, SAMPLE_FIXED_STATS

SAMPLE_FTTH = DATA_DIR / "obs-hd-thd-deploiement.xlsx"

BASE_DIR = Path(__file__).resolve().parents[3]
ADD_URL = reverse("admin:observatories_importupload_add")


@pytest.fixture
def curator(client):
    user = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(user)
    return user


def upload(client, name, content):
    return client.post(ADD_URL, {"file": SimpleUploadedFile(name, content), "source": ""})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("donnees.xls", b"code_insee;nbr\n", "Extension non acceptée"),
        ("donnees.csv.gz", b"code_insee;nbr\n", "n&#x27;est pas compressé en gzip"),
        ("donnees.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "n&#x27;est pas un fichier texte CSV"),
        ("donnees.csv", b"", "Le fichier soumis est vide"),
        ("classeur.xlsx", b"code_insee;nbr\n", "n&#x27;est pas un classeur XLSX"),
        ("classeur.xlsx", b"PK\x03\x04" + b"\x00" * 64, "Classeur illisible"),
    ],
)
def test_a_wrong_upload_is_refused_in_french_and_nothing_is_queued(
    client, curator, name, content, message
):
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(client, curator, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    response = upload(client, "gros.csv", SAMPLE_FIXED_STATS.read_bytes())
    assert "Fichier trop volumineux" in response.content.decode()
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_a_workbook_that_would_unpack_too_large_is_refused_unopened(client, curator, settings):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 1000
    response = upload(client, "classeur.xlsx", SAMPLE_FTTH.read_bytes())
    assert "Classeur refusé : il occuperait" in response.content.decode()
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_only_curators_see_the_progress_of_an_upload(client, curator):
    item = ImportUpload.objects.create(file="imports/x.csv", uploaded_by=curator)
    url = reverse("observatories:upload_progress", kwargs={"pk": item.pk})
    assert client.get(url).json()["status"] == "queued"
    client.logout()
    assert client.get(url).status_code == 302


def worker_database_url() -> str:
    """The test database, for a worker in another process."""
    params = connection.settings_dict
    host = params["HOST"] or "localhost"
    host = quote(host, safe="") if host.startswith("/") else host
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgresql://{params['USER']}@{host}{port}/{params['NAME']}"


@pytest.fixture
def worker(tmp_path, settings, monkeypatch):
    """A worker process on a queue of its own, reading the test database and files."""
    queue = f"test-upload-{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "scoran", "worker", "--pool", "solo",
         "--queues", queue, "--hostname", f"{queue}@%h", "--without-mingle",
         "--without-gossip", "--loglevel", "INFO"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield tmp_path / "worker.log"
    process.terminate()
    try:
        process.wait(timeout=30)
    finally:
        log.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("name", "content", "imported"),
    [
        (
            "commune_debit_filaire.csv.gz",
            gzip.compress(SAMPLE_FIXED_STATS.read_bytes()),
            CommuneFixedStats.objects.count,
        ),
        ("2025t4-obs-hd-thd-deploiement.xlsx", SAMPLE_FTTH.read_bytes(), CommuneFtth.objects.count),
    ],
)
def test_an_uploaded_file_is_imported_by_a_worker_and_its_page_shows_the_result(
    client, curator, small_region, worker, name, content, imported
):
    response = upload(client, name, content)
    item = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:observatories_importupload_change", args=[item.pk]
    )

    deadline = time.monotonic() + 90
    while item.status != ImportUpload.Status.DONE:
        assert time.monotonic() < deadline, worker.read_text()
        time.sleep(0.5)
        item.refresh_from_db()

    run = item.run
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.trigger == ImportRun.Trigger.UPLOAD and run.triggered_by == curator
    assert (run.rows_read, run.rows_created) == (3, 3)
    assert imported() == 3
    state = client.get(reverse("observatories:upload_progress", kwargs={"pk": item.pk})).json()
    assert state["status"] == "done" and state["counts"]["créées"] == 3
    page = client.get(response["Location"]).content.decode()
    assert "Terminé" in page and "Réussi" in page
