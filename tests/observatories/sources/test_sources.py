"""Scheduled sources, fetched over real HTTP from a server on loopback."""

import gzip
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from directory.models import User
from observatories.importing.formats import COMMUNE_FIXED_STATS, FTTH_DEPLOYMENTS
from observatories.models import CommuneFixedStats, CommuneFtth, DataSource, ImportRun
from observatories.sources.tasks import FETCH_TASK, fetch_source
from tests.directory.factories import make_curator
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.ftth.test_import import SAMPLE as SAMPLE_FTTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

SAMPLE = SAMPLE_FIXED_STATS.read_bytes()
COMPRESSED = gzip.compress(SAMPLE)
TRUNCATED_GZIP = COMPRESSED[: len(COMPRESSED) // 2]
WORKBOOK = SAMPLE_FTTH.read_bytes()


class Publisher(BaseHTTPRequestHandler):
    """A data publisher: one path per behaviour; counts the requests it gets."""

    hits: Counter

    def do_GET(self):
        self.hits[self.path] += 1
        if self.path == "/communes.csv":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.reply(SAMPLE, etag='"v1"')
        elif self.path == "/en-panne.csv":
            self.send_error(500, "Internal Server Error")
        elif self.path == "/lent.csv":
            time.sleep(2)
            self.reply(SAMPLE)
        elif self.path == "/tronque.csv.gz":
            self.reply(TRUNCATED_GZIP)
        elif self.path == "/deploiement.xlsx":
            self.reply(WORKBOOK)
        elif self.path == "/autre.csv":
            self.reply(b"commune;population\n21231;156920\n")
        else:
            self.send_error(404)

    def reply(self, body: bytes, etag: str = ""):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def publisher():
    handler = type("Handler", (Publisher,), {"hits": Counter()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def fast_sources(settings):
    settings.SOURCE_TIMEOUT = 1
    settings.SOURCE_RETRY_BACKOFF_BASE = 0
    settings.SOURCE_MAX_RETRIES = 2
    settings.SOURCE_MAX_FAILURES = 2
    make_curator("curatrice@example.fr")
    # Staff who do not keep the sources are not told.
    User.objects.create_user(email="autre@example.fr", password="x" * 16, is_staff=True)


def source_at(url: str, fmt=COMMUNE_FIXED_STATS) -> DataSource:
    return DataSource.objects.create(
        slug="flux", name="Flux de test", publisher="Arcep", licence="Licence Ouverte 2.0",
        url=url, format=fmt.key,
    )  # fmt: skip


def run_job(source):
    """The job as beat starts it, executed here (retries included, without waiting)."""
    return fetch_source.apply(args=[source.pk])


def test_a_source_is_imported_then_not_downloaded_again_while_unchanged(publisher):
    base, hits = publisher
    source = source_at(f"{base}/communes.csv")

    run_job(source)
    source.refresh_from_db()
    run = ImportRun.objects.get()
    assert run.trigger == ImportRun.Trigger.SCHEDULE and run.status == ImportRun.Status.SUCCEEDED
    assert CommuneFixedStats.objects.count() == 3
    assert source.etag == '"v1"' and source.last_checked_at is not None

    assert run_job(source).result == "unchanged"  # 304 Not Modified: nothing downloaded
    assert hits["/communes.csv"] == 2
    assert ImportRun.objects.count() == 1


def test_a_workbook_source_is_imported_like_any_file(publisher):
    base, _ = publisher
    run_job(source_at(f"{base}/deploiement.xlsx", FTTH_DEPLOYMENTS))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.trigger == ImportRun.Trigger.SCHEDULE and run.edition == "T4 2025"
    assert CommuneFtth.objects.count() == 3


def test_a_server_error_is_retried_then_counted_and_curators_are_told(publisher):
    base, hits = publisher
    source = source_at(f"{base}/en-panne.csv")
    run_job(source)
    assert hits["/en-panne.csv"] == 3  # the first try and two retries
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and source.is_active
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["curatrice@example.fr"]
    assert "téléchargement impossible après 3 tentatives (HTTP 500" in mail.outbox[0].body


def test_a_timeout_is_a_network_failure_retried_like_the_others(publisher):
    base, hits = publisher
    source = source_at(f"{base}/lent.csv")
    run_job(source)
    assert hits["/lent.csv"] == 3
    assert not ImportRun.objects.exists()
    assert "timed out" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/tronque.csv.gz", "tronqué"), ("/autre.csv", "Format non reconnu")],
)
def test_a_refused_file_is_never_retried(publisher, path, reason):
    base, hits = publisher
    source = source_at(base + path)
    run_job(source)
    assert hits[path] == 1
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and reason in run.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert reason in mail.outbox[0].body


def test_repeated_failures_switch_the_source_off_until_a_curator_turns_it_on(publisher, client):
    base, hits = publisher
    source = source_at(f"{base}/autre.csv")
    run_job(source)
    run_job(source)
    source.refresh_from_db()
    assert not source.is_active
    assert "après 2 échecs consécutifs" in source.disabled_reason
    assert "La source a été désactivée." in mail.outbox[-1].body

    assert run_job(source).result == "inactive"
    assert hits["/autre.csv"] == 2

    admin = User.objects.create_superuser(email="admin@example.fr", password="x" * 16)
    client.force_login(admin)
    url = reverse("admin:observatories_datasource_change", args=[source.pk])
    data = {
        "slug": source.slug, "name": source.name, "publisher": source.publisher,
        "licence": source.licence, "url": f"{base}/communes.csv", "format": source.format,
        "schedule": "", "is_active": "on", "disabled_reason": source.disabled_reason,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.is_active and source.consecutive_failures == 0 and not source.disabled_reason


def test_each_source_with_an_address_gets_a_nightly_job_from_the_admin(client):
    admin = User.objects.create_superuser(email="admin@example.fr", password="x" * 16)
    client.force_login(admin)
    data = {
        "slug": "arcep-communes", "name": "Arcep communes", "publisher": "Arcep",
        "licence": "Licence Ouverte 2.0", "url": "https://example.org/communes.csv",
        "format": COMMUNE_FIXED_STATS.key, "schedule": "trimestrielle", "is_active": "on",
        "disabled_reason": "",
    }  # fmt: skip
    assert client.post(reverse("admin:observatories_datasource_add"), data).status_code == 302
    source = DataSource.objects.get(slug="arcep-communes")
    job = PeriodicTask.objects.get(task=FETCH_TASK)
    assert json.loads(job.args) == [source.pk] and job.enabled
    assert (job.crontab.hour, job.crontab.minute) == ("3", "15")
