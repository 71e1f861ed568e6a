"""The periodic job that finds imports whose process died: PostgreSQL tells, by
the lock the process held, which is released with its connection."""

import datetime
import time

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from observatories.importing import liveness
from observatories.importing.formats import COMMUNE_FIXED_STATS
from observatories.imports.services import INTERRUPTED
from observatories.imports.tasks import reap_dead_imports
from observatories.models import CommuneFixedStats, ImportRun, ImportUpload
from scoran.celery import app as celery_app
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

LONG_AGO = timezone.now() - datetime.timedelta(hours=1)


def running_run(started_at=LONG_AGO) -> ImportRun:
    run = ImportRun.objects.create(
        source=COMMUNE_FIXED_STATS.default_source(), format=COMMUNE_FIXED_STATS.key,
        file_name="communes.csv", file_size=1, sha256="0" * 64,
        trigger=ImportRun.Trigger.UPLOAD,
    )  # fmt: skip
    ImportRun.objects.filter(pk=run.pk).update(started_at=started_at)
    return run


@pytest.fixture
def other_process():
    """A second connection to the database, as another worker would hold."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        yield other


def test_a_run_whose_process_is_gone_is_marked_failed(settings):
    run = running_run()
    recent = running_run(started_at=timezone.now())
    result = reap_dead_imports()
    assert result["runs"] == [run.pk]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.error == INTERRUPTED
    assert run.finished_at is not None
    recent.refresh_from_db()
    assert recent.status == ImportRun.Status.RUNNING  # maybe not locked yet: looked at later


def test_a_run_whose_process_holds_its_lock_is_left_running(other_process):
    run = running_run()
    other_process.execute("SELECT pg_advisory_lock(%s, %s)", [liveness.RUN, run.pk])
    assert reap_dead_imports()["runs"] == []
    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING
    pid = other_process.info.backend_pid
    other_process.close()  # the process dies
    locks_released(pid)
    assert reap_dead_imports()["runs"] == [run.pk]


def locks_released(pid: int) -> None:
    """Wait until the server has ended the closed session's backend: it frees its locks
    a moment after the client leaves (under load, after the reaper's next query)."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            assert time.monotonic() < deadline, f"backend {pid} still holds its locks"
            time.sleep(0.05)


def test_a_finished_run_is_never_touched():
    run = running_run()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, error="motif")
    assert reap_dead_imports()["runs"] == []
    run.refresh_from_db()
    assert run.error == "motif"


@pytest.fixture
def dead_upload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(attempts: int) -> ImportUpload:
        return ImportUpload.objects.create(
            file=SimpleUploadedFile("communes.csv", SAMPLE_FIXED_STATS.read_bytes()),
            status=ImportUpload.Status.RUNNING,
            attempts=attempts,
            started_at=LONG_AGO,
        )

    return make


def test_a_dead_upload_with_attempts_left_is_run_again(
    dead_upload, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    upload = dead_upload(attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = reap_dead_imports()
    assert result["retried"] == [upload.pk]
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DONE and upload.attempts == 2
    assert upload.run.status == ImportRun.Status.SUCCEEDED
    assert CommuneFixedStats.objects.count() == 3


def test_a_dead_upload_without_attempts_left_is_quarantined(dead_upload, settings):
    settings.IMPORT_UPLOAD_MAX_ATTEMPTS = 3
    upload = dead_upload(attempts=3)
    assert reap_dead_imports()["quarantined"] == [upload.pk]
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.QUARANTINED
    assert "interrompu 3 fois" in upload.error


def test_the_job_is_scheduled_every_five_minutes_for_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reap-dead-imports"]
    celery_app.loader.import_default_modules()
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 5))
