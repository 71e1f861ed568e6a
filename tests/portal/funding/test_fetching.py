"""The scheduled source of Aides-Territoires, fetched over real HTTP from a server on
loopback that behaves as its API: a bearer token for the API key, pages of aids."""

import json
import logging
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from observatories.models import DataSource, ImportRun
from observatories.sources.services import add_source
from observatories.sources.tasks import fetch_source
from portal.funding.imports import AIDES_TERRITOIRES
from portal.models import Funding
from tests.directory.factories import make_curator

from .conftest import EXPORT, aids_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referential")]

API_KEY = "cle-secrete-de-test-0123456789"
TOKEN = "jeton-porteur-de-test-abcdef"
AIDS = aids_of(EXPORT)
PAGE_SIZE = 3


class AidesTerritoires(BaseHTTPRequestHandler):
    """/api/connexion/ gives a token for the key; /api/aids/ serves pages of
    PAGE_SIZE aids to its bearer; other paths misbehave on purpose."""

    hits: Counter
    foreign_next: str = ""
    redirect_to: str = ""

    def do_POST(self):
        self.hits[self.path] += 1
        if self.path != "/api/connexion/":
            self.send_error(404)
        elif self.headers.get("X-AUTH-TOKEN") != API_KEY:
            self.send_error(401, "Unauthorized")
        else:
            self.reply({"token": TOKEN})

    def do_GET(self):
        url = urlsplit(self.path)
        self.hits[url.path] += 1
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send_error(401, "Unauthorized")
        elif url.path == "/api/aids/":
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            start = (page - 1) * PAGE_SIZE
            following = f"/api/aids/?page={page + 1}" if start + PAGE_SIZE < len(AIDS) else None
            if following and self.foreign_next:
                following = self.foreign_next
            elif following:
                host = f"http://{self.headers['Host']}"
                following = host + following
            self.reply(
                {
                    "count": len(AIDS),
                    "next": following,
                    "previous": None,
                    "results": AIDS[start : start + PAGE_SIZE],
                }
            )
        elif url.path == "/api/redirige/" and self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path == "/api/en-panne/":
            self.send_error(500, "Internal Server Error")
        elif url.path == "/api/sans-fin/":
            self.reply({"count": 1000, "next": self.path, "previous": None, "results": AIDS[:1]})
        elif url.path == "/api/html/":
            body = b"<html>maintenance</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def reply(self, document):
        body = json.dumps(document, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    handler = type("Handler", (AidesTerritoires,), {"hits": Counter()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def sources(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SOURCE_TIMEOUT = 2
    settings.SOURCE_RETRY_BACKOFF_BASE = 0
    settings.SOURCE_MAX_RETRIES = 2
    settings.SOURCE_MAX_FAILURES = 3
    settings.AIDES_TERRITOIRES_API_TOKEN = API_KEY
    make_curator("curatrice@example.fr")


def source_at(url: str) -> DataSource:
    return add_source(
        slug="aides-territoires-bfc", fmt=AIDES_TERRITOIRES.key, name="Aides-Territoires (BFC)",
        url=url,
    )  # fmt: skip


def run_job(source):
    return fetch_source.apply(args=[source.pk])


def test_the_source_follows_every_page_with_its_token_and_imports_them(api, caplog, tmp_path):
    base, handler = api
    source = source_at(f"{base}/api/aids/?perimeter=70973&itemsPerPage=3")
    assert source.publisher == "Aides-Territoires (ANCT)"
    with caplog.at_level(logging.DEBUG):
        assert run_job(source).result == ImportRun.Status.SUCCEEDED
    run = ImportRun.objects.get()
    assert run.trigger == ImportRun.Trigger.SCHEDULE and run.source == source, run.error
    assert (run.rows_read, run.rows_created) == (7, 7)
    assert handler.hits["/api/connexion/"] == 1 and handler.hits["/api/aids/"] == 3
    assert Funding.objects.published().count() == 7
    # Relative links of aids lead to the source's site.
    assert Funding.objects.get(external_id="160488").origin_url.startswith(base + "/aides/")
    # Neither the key nor the token is written anywhere.
    for secret in (API_KEY, TOKEN):
        assert secret not in caplog.text
        assert secret not in json.dumps(list(ImportRun.objects.values()), default=str)
    assert not list((tmp_path / "sources").iterdir())  # pages and export removed

    # The next night, the same aids: the export is the same file, skipped.
    assert run_job(source).result == ImportRun.Status.SKIPPED


def test_a_refused_key_is_a_failure_curators_are_told_of_without_the_key(api, settings):
    base, handler = api
    settings.AIDES_TERRITOIRES_API_TOKEN = "mauvaise-cle"
    source = source_at(f"{base}/api/aids/")
    assert run_job(source).result == "failed"
    assert handler.hits["/api/connexion/"] == 1  # not retried
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert "Aides-Territoires refuse la clé d'API" in mail.outbox[0].body
    assert "mauvaise-cle" not in mail.outbox[0].body
    assert not Funding.objects.exists()


def test_without_a_key_nothing_is_requested(api, settings):
    base, handler = api
    settings.AIDES_TERRITOIRES_API_TOKEN = ""
    assert run_job(source_at(f"{base}/api/aids/")).result == "failed"
    assert sum(handler.hits.values()) == 0
    assert "AIDES_TERRITOIRES_API_TOKEN" in mail.outbox[0].body


def test_a_server_error_is_retried_then_counted(api):
    base, handler = api
    source = source_at(f"{base}/api/en-panne/")
    assert run_job(source).result == "failed"
    assert handler.hits["/api/en-panne/"] == 3  # the first try and two retries
    assert "HTTP 500" in mail.outbox[0].body
    assert not ImportRun.objects.exists()


def test_pages_are_bounded(api, settings):
    base, handler = api
    settings.AIDES_TERRITOIRES_MAX_PAGES = 5
    assert run_job(source_at(f"{base}/api/sans-fin/")).result == "failed"
    assert handler.hits["/api/sans-fin/"] == 5
    assert "plus de 5 pages" in mail.outbox[0].body


def test_the_token_never_goes_to_another_site(api):
    base, handler = api
    handler.foreign_next = "http://localhost:9/api/aids/?page=2"
    assert run_job(source_at(f"{base}/api/aids/")).result == "failed"
    assert handler.hits["/api/aids/"] == 1
    assert "la page suivante mène à un autre site" in mail.outbox[0].body
    assert not Funding.objects.exists()


def test_a_page_that_is_not_the_api_json_is_refused(api):
    base, _ = api
    assert run_job(source_at(f"{base}/api/html/")).result == "failed"
    assert "Aides-Territoires : page 1 illisible" in mail.outbox[0].body


class Elsewhere(BaseHTTPRequestHandler):
    """Another site: records the secrets it is sent."""

    received: list

    def do_GET(self):
        self.received.append(self.headers.get("Authorization"))
        self.send_error(404)

    def log_message(self, *args):
        pass


def test_a_redirect_to_another_site_does_not_carry_the_token(api):
    base, handler = api
    elsewhere = type("Elsewhere", (Elsewhere,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), elsewhere)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        handler.redirect_to = f"http://127.0.0.1:{server.server_address[1]}/api/aids/"
        assert run_job(source_at(f"{base}/api/redirige/")).result == "failed"
    finally:
        server.shutdown()
        server.server_close()
    assert elsewhere.received == []
    assert "redirige vers un autre site" in mail.outbox[0].body
    assert not Funding.objects.exists()
