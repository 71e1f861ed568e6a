"""A curator (staff in the Curateurs group, nothing else) uploads an ARCEP file in
the admin and the import runs: the observatories declare their part of the role."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import User
from observatories.models import CommuneFixedStats, ImportRun, ImportUpload
from scoran.celery import app as celery_app
from scoran.lib import roles
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks(monkeypatch, settings, tmp_path):
    """The upload's task runs in this process once the upload is committed."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


def curator() -> User:
    user = User.objects.create_user(email="curatrice@example.fr", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CURATORS))
    return user


def test_a_curator_uploads_an_arcep_file_and_it_is_imported(
    client, small_region, eager_tasks, django_capture_on_commit_callbacks
):
    user = curator()
    client.force_login(user)
    add = reverse("admin:observatories_importupload_add")
    assert client.get(add).status_code == 200
    upload = SimpleUploadedFile("commune_debit_filaire.csv", SAMPLE_FIXED_STATS.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, {"file": upload, "source": ""})
    item = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:observatories_importupload_change", args=[item.pk]
    )
    assert item.status == ImportUpload.Status.DONE, item.error
    assert item.run.status == ImportRun.Status.SUCCEEDED, item.run.error
    assert item.run.triggered_by == user
    assert CommuneFixedStats.objects.count() == 3
    # The upload's page and the run are there to look at.
    assert client.get(response["Location"]).status_code == 200
    run = reverse("admin:observatories_importrun_change", args=[item.run.pk])
    assert client.get(run).status_code == 200


def test_staff_outside_the_role_may_not_upload(client, small_region):
    client.force_login(
        User.objects.create_user(email="staff@example.fr", password="x" * 16, is_staff=True)
    )
    assert client.get(reverse("admin:observatories_importupload_add")).status_code == 403
    assert not ImportUpload.objects.exists()


def test_a_curator_sees_the_sources_but_may_not_set_where_the_server_downloads_from(
    client, small_region
):
    """A source's address is fetched by the server: only administrators set it."""
    client.force_login(curator())
    assert client.get(reverse("admin:observatories_datasource_changelist")).status_code == 200
    data = {
        "slug": "interne", "name": "Interne", "publisher": "x", "licence": "x",
        "url": "http://127.0.0.1:6379/", "format": "mci_commune_debit_filaire",
        "schedule": "", "is_active": "on", "disabled_reason": "",
    }  # fmt: skip
    response = client.post(reverse("admin:observatories_datasource_add"), data)
    assert response.status_code == 403
    from observatories.models import DataSource

    assert not DataSource.objects.filter(slug="interne").exists()


@pytest.fixture
def unreachable_broker(monkeypatch):
    """The queue (Redis) at a closed port: the producers in use are set aside, and
    put back after the test."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(celery_app.conf, "broker_url", f"redis://127.0.0.1:{port}/0")
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)


@pytest.mark.django_db(transaction=True)
def test_an_upload_the_queue_cannot_take_fails_at_once_with_a_french_reason(
    client, small_region, settings, tmp_path, unreachable_broker
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(curator())
    upload = SimpleUploadedFile("communes.csv", SAMPLE_FIXED_STATS.read_bytes())
    add = reverse("admin:observatories_importupload_add")
    response = client.post(add, {"file": upload, "source": ""}, follow=True)
    assert response.status_code == 200
    (stored,) = ImportUpload.objects.all()
    assert stored.status == ImportUpload.Status.FAILED
    assert "la file de traitement ne répond pas" in stored.error
    assert "la file de traitement ne répond pas" in response.content.decode()
    assert not CommuneFixedStats.objects.exists()
