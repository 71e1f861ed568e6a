"""Watch feeds fetched by the scheduled sources over real HTTP, from a server on
loopback: RSS, Atom, a 500, a timeout, a truncated document, an HTML page, a 304;
by the Celery job and from the command line (``add_source --format rss``,
``fetch_source``)."""

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from observatories.models import DataSource, ImportRun
from observatories.sources.services import add_source
from observatories.sources.tasks import FETCH_TASK, fetch_source
from portal.models import WatchItem, WatchRule
from portal.watch.imports import RSS as RSS_FORMAT
from portal.watch.imports import normalise_link, parse_item
from strategy.models import Orientation
from tests.directory.factories import make_curator

from . import feeds

pytestmark = pytest.mark.django_db

ETAG = '"v1"'


class FeedServer(BaseHTTPRequestHandler):
    hits: Counter
    documents: dict

    def do_GET(self):
        self.hits[self.path] += 1
        if self.path == "/en-panne.xml":
            self.send_error(500, "Internal Server Error")
            return
        if self.path == "/lent.xml":
            time.sleep(1.5)
        if self.path == "/conditionnel.xml" and self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        body = self.documents.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", ETAG)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    documents = {
        "/rss.xml": feeds.RSS,
        "/atom.xml": feeds.ATOM,
        "/conditionnel.xml": feeds.RSS,
        "/lent.xml": feeds.RSS,
        "/tronque.xml": feeds.TRUNCATED,
        "/page.html": feeds.HTML,
        "/hostile.xml": feeds.HOSTILE,
    }
    handler = type("Handler", (FeedServer,), {"hits": Counter(), "documents": documents})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def sources(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SOURCE_TIMEOUT = 0.5
    settings.SOURCE_RETRY_BACKOFF_BASE = 0
    settings.SOURCE_MAX_RETRIES = 2
    settings.SOURCE_MAX_FAILURES = 3
    make_curator("curatrice@example.fr")


def source_at(url: str, slug: str = "flux") -> DataSource:
    return add_source(slug=slug, fmt=RSS_FORMAT.key, name="Flux de test", url=url)


def run_job(source):
    return fetch_source.apply(args=[source.pk]).result


def test_an_rss_feed_is_imported_published_naming_its_source(server):
    base, _ = server
    source = source_at(f"{base}/rss.xml")
    run_job(source)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    items = {item.title: item for item in WatchItem.objects.all()}
    assert set(items) == {"La fibre arrive à Dole", "Sans identifiant"}
    fibre = items["La fibre arrive à Dole"]
    assert fibre.is_published and fibre.source == source
    assert fibre.source_name == "Actualités du numérique"
    assert fibre.guid == "https://exemple.fr/?p=1"
    assert fibre.summary == "<p>Le déploiement <strong>avance</strong>.</p>"
    assert fibre.published_on.isoformat() == "2026-12-01T08:00:00+00:00"
    # Without a GUID, the normalised link stands for it.
    assert items["Sans identifiant"].guid == "https://exemple.fr/sans-id"


def test_an_atom_feed_is_imported(server):
    base, _ = server
    run_job(source_at(f"{base}/atom.xml"))
    item = WatchItem.objects.get()
    assert (item.title, item.link, item.guid) == (
        "Rapport sur l'inclusion",
        "https://observatoire.example/inclusion",
        "urn:uuid:1",
    )


def test_a_refetch_updates_and_does_not_duplicate(server):
    base, handler = server
    source = source_at(f"{base}/rss.xml")
    run_job(source)
    changed = feeds.RSS.replace(b"La fibre arrive", "La fibre est arrivée".encode())
    handler.documents["/rss.xml"] = changed
    source.refresh_from_db()
    run_job(source)
    assert WatchItem.objects.count() == 2
    assert WatchItem.objects.filter(title="La fibre est arrivée à Dole").exists()


def test_an_item_whose_guid_changed_is_found_by_its_normalised_link(server):
    base, handler = server
    source = source_at(f"{base}/rss.xml")
    run_job(source)
    handler.documents["/rss.xml"] = feeds.RSS.replace(
        b"<guid>https://exemple.fr/?p=1</guid>", b"<guid>autre-guid</guid>"
    ).replace(b"https://exemple.fr/fibre-dole", b"HTTPS://EXEMPLE.FR/fibre-dole/?utm_medium=rss")
    source.refresh_from_db()
    run_job(source)
    assert WatchItem.objects.count() == 2


def test_a_duplicate_within_the_feed_is_read_once(server):
    base, handler = server
    item = feeds.RSS.split(b"<item>")[1].split(b"</item>")[0]
    handler.documents["/rss.xml"] = feeds.RSS.replace(
        b"</channel>", b"<item>" + item + b"</item></channel>"
    )
    run_job(source_at(f"{base}/rss.xml"))
    assert WatchItem.objects.count() == 2
    assert ImportRun.objects.get().rows_rejected == 0


def test_a_304_on_conditional_get_changes_nothing(server):
    base, handler = server
    source = source_at(f"{base}/conditionnel.xml")
    run_job(source)
    source.refresh_from_db()
    assert source.etag == ETAG
    assert run_job(source) == "unchanged"
    assert ImportRun.objects.count() == 1
    assert handler.hits["/conditionnel.xml"] == 2
    assert WatchItem.objects.count() == 2


@pytest.mark.parametrize("path", ["/page.html", "/tronque.xml"])
def test_a_document_that_is_not_a_feed_is_refused_in_french_and_nothing_changes(server, path):
    base, handler = server
    source = source_at(f"{base}/rss.xml")
    run_job(source)
    before = list(WatchItem.objects.values_list("pk", "title", "summary"))
    source.refresh_from_db()
    source.url, source.etag = f"{base}{path}", ""
    source.save()
    assert run_job(source) == "failed"
    assert list(WatchItem.objects.values_list("pk", "title", "summary")) == before
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert "n'est pas un flux RSS ou Atom" in mail.outbox[-1].body
    assert handler.hits[path] == 1  # a refused document is not fetched again


def test_a_server_error_is_retried_then_counted_and_the_source_switched_off(server):
    base, handler = server
    source = source_at(f"{base}/en-panne.xml")
    for _ in range(3):
        assert run_job(source) == "failed"
        source.refresh_from_db()
    assert handler.hits["/en-panne.xml"] == 9  # three runs of a try and two retries
    assert not source.is_active
    assert "HTTP 500" in mail.outbox[0].body
    assert not WatchItem.objects.exists()


def test_a_timeout_is_a_network_error(server):
    base, handler = server
    source = source_at(f"{base}/lent.xml")
    assert run_job(source) == "failed"
    assert handler.hits["/lent.xml"] == 3
    assert not WatchItem.objects.exists()


def test_hostile_items_are_sanitised(server):
    base, _ = server
    run_job(source_at(f"{base}/hostile.xml"))
    item = WatchItem.objects.get()  # the javascript: link is rejected
    assert item.title == "Titre"
    for forbidden in ("script", "alert", "onclick", "onerror", "style", "<img", "iframe",
                      "tiers.example", "javascript:"):  # fmt: skip
        assert forbidden not in item.summary
    assert '<a href="https://ok.example/" rel="noopener nofollow">bon</a>' in item.summary
    run = ImportRun.objects.get()
    assert run.rows_rejected == 1


def test_nul_characters_are_dropped():
    source = DataSource(name="Flux")
    record = parse_item(
        {
            "watch_guid": "a\x00b",
            "watch_title": "Ti\x00tre",
            "watch_link": "https://exemple.fr/x",
            "watch_summary": "<p>r\x00\u00e9sum\u00e9</p>",
            "watch_feed": "F\x00",
        },
        source,
    )
    assert (record["guid"], record["title"], record["summary"], record["source_name"]) == (
        "ab", "Titre", "<p>résumé</p>", "F",
    )  # fmt: skip


def test_links_are_normalised():
    assert normalise_link("HTTP://Ex.FR/a/?utm_source=x&id=2#top") == "http://ex.fr/a?id=2"


def test_keyword_rules_attach_new_items_to_orientations(server):
    base, handler = server
    orientation = Orientation.objects.get(number=1)
    WatchRule.objects.create(keyword="FIBRE", orientation=orientation)
    source = source_at(f"{base}/rss.xml")
    run_job(source)
    fibre = WatchItem.objects.get(guid="https://exemple.fr/?p=1")
    assert list(fibre.orientations.all()) == [orientation]
    assert not WatchItem.objects.get(title="Sans identifiant").orientations.exists()
    # A curator's choice on a known item is not undone by the next import.
    fibre.orientations.clear()
    handler.documents["/rss.xml"] = feeds.RSS.replace(b"avance", b"progresse")
    source.refresh_from_db()
    run_job(source)
    assert not fibre.orientations.exists()


# ---------- From the command line: the generic commands of the sources ----------


def test_a_feed_is_added_and_fetched_from_the_command_line(server, capsys):
    base, _ = server
    call_command("add_source", "--slug", "actualites", "--format", "rss",
                 "--name", "Actualités", "--url", f"{base}/rss.xml")  # fmt: skip
    source = DataSource.objects.get(slug="actualites")
    assert source.format == RSS_FORMAT.key
    assert PeriodicTask.objects.filter(task=FETCH_TASK, args=f"[{source.pk}]").exists()
    call_command("fetch_source", "actualites")
    assert "Import n°" in capsys.readouterr().out
    assert WatchItem.objects.filter(source=source, state=WatchItem.State.PUBLISHED).count() == 2
    call_command("fetch_source", "actualites")  # the same document: skipped by its SHA-256
    assert "Rien à faire : Fichier identique" in capsys.readouterr().out
    assert WatchItem.objects.count() == 2


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/en-panne.xml", "Téléchargement impossible"),
        ("/lent.xml", "Téléchargement impossible"),
        ("/tronque.xml", "Fichier refusé, aucune donnée modifiée. Le document n'est pas un flux"),
        ("/page.html", "Fichier refusé, aucune donnée modifiée. Le document n'est pas un flux"),
    ],
    ids=["500", "timeout", "truncated", "html"],
)
def test_a_failed_fetch_from_the_command_line_says_why_and_changes_nothing(server, path, reason):
    base, _ = server
    call_command("add_source", "--slug", "flux", "--format", "rss", "--name", "Flux",
                 "--url", f"{base}/rss.xml")  # fmt: skip
    call_command("fetch_source", "flux")
    before = list(WatchItem.objects.values_list("pk", "title", "summary"))
    DataSource.objects.filter(slug="flux").update(url=f"{base}{path}", etag="", last_modified="")
    with pytest.raises(CommandError, match=reason):
        call_command("fetch_source", "flux")
    assert list(WatchItem.objects.values_list("pk", "title", "summary")) == before
