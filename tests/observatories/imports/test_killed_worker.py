"""A real Celery worker (prefork, one child) is killed with SIGKILL in the middle of
an import: its job goes back to the queue and runs again; a file that kills the
worker every time is quarantined; the runs the dead children left "running" are
marked failed by the periodic job; the data never changes half-way.

The import is held in the middle by a lock this test takes on the table it
writes, so that the kill always lands during the import."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from observatories.imports.services import INTERRUPTED, reap_dead_imports
from observatories.imports.tasks import run_upload
from observatories.models import CommuneFixedStats, ImportRun, ImportUpload
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.imports.test_upload import worker_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("small_region")]


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A prefork worker with one child, on a queue of its own, allowed 2 attempts per upload."""
    with django_db_blocker.unblock():
        database_url = worker_database_url()
    media = tmp_path_factory.mktemp("media")
    queue = f"test-killed-{uuid.uuid4().hex[:8]}"
    log_path = media / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media),
           "IMPORT_UPLOAD_MAX_ATTEMPTS": "2"}  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "scoran", "worker", "--pool", "prefork",
             "--concurrency", "1", "--queues", queue, "--hostname", f"{queue}@%h",
             "--without-mingle", "--without-gossip", "--loglevel", "INFO"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield process, queue, media, log_path
        finally:
            process.send_signal(signal.SIGQUIT)  # cold shutdown: no job is left to finish
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def child_of(process) -> int:
    """The pid of the worker's pool process (its only child)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        if len(children) == 1:
            return int(children[0])
        time.sleep(0.1)
    raise AssertionError("the worker has no pool process")


def wait_for(condition, log_path, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, log_path.read_text()[-3000:]
        time.sleep(0.1)


@pytest.fixture
def table_locked():
    """The table the import writes, locked by another session until released."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        other.execute("LOCK TABLE observatories_communefixedstats IN ACCESS EXCLUSIVE MODE")
        yield other.rollback
        other.rollback()


def attempt_started(upload: ImportUpload, attempts: int):
    """The upload is on its ``attempts``-th attempt, its run created (then held)."""

    def started() -> bool:
        upload.refresh_from_db()
        runs = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).count()
        return upload.attempts == attempts and runs == attempts

    return started


def upload_in(media, settings) -> ImportUpload:
    settings.MEDIA_ROOT = media
    return ImportUpload.objects.create(
        file=SimpleUploadedFile("communes.csv", SAMPLE_FIXED_STATS.read_bytes())
    )


def reaped_runs(settings, log_path, expected: int) -> list[int]:
    """Reap until the dead children's runs are found (their sessions end within a second)."""
    settings.IMPORT_REAP_AFTER_SECONDS = 0
    found = []
    wait_for(lambda: found.extend(reap_dead_imports().runs) or len(found) == expected, log_path)
    return found


def test_a_worker_killed_during_an_import_hands_it_to_the_next_one(worker, table_locked, settings):
    process, queue, media, log_path = worker
    upload = upload_in(media, settings)
    run_upload.apply_async(args=[upload.pk], queue=queue)
    wait_for(attempt_started(upload, 1), log_path)

    os.kill(child_of(process), signal.SIGKILL)
    wait_for(attempt_started(upload, 2), log_path)  # the job came back
    table_locked()  # the second attempt goes on
    wait_for(lambda: upload.refresh_from_db() or upload.status == "done", log_path)

    assert upload.run.status == ImportRun.Status.SUCCEEDED and upload.attempts == 2
    assert CommuneFixedStats.objects.count() == 3
    (dead,) = reaped_runs(settings, log_path, 1)
    run = ImportRun.objects.get(pk=dead)
    assert run.status == ImportRun.Status.FAILED and run.error == INTERRUPTED


def test_a_file_that_kills_the_worker_every_time_is_quarantined(worker, table_locked, settings):
    process, queue, media, log_path = worker
    upload = upload_in(media, settings)
    run_upload.apply_async(args=[upload.pk], queue=queue)
    for attempt in (1, 2):
        wait_for(attempt_started(upload, attempt), log_path)
        os.kill(child_of(process), signal.SIGKILL)

    wait_for(lambda: upload.refresh_from_db() or upload.status == "quarantined", log_path)
    assert upload.error.startswith("Fichier mis en quarantaine : son import a été interrompu 2 ")
    table_locked()
    assert len(reaped_runs(settings, log_path, 2)) == 2
    assert set(ImportRun.objects.values_list("status", flat=True)) == {ImportRun.Status.FAILED}
    assert not CommuneFixedStats.objects.exists()
