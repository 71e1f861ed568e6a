"""RSS and Atom feeds in the observatories' import pipeline (format ``rss``), for the
information watch. A scheduled source of this format (``add_source --format rss``,
``fetch_source``, the Celery job of ``observatories.sources``) is fetched by
``download``: the plain conditional GET of the sources (ETag, Last-Modified,
timeouts, capped retries on network errors, a source switched off after repeated
failures with the curators told), then the document is parsed with feedparser. A
document that is not a well-formed RSS or Atom feed (an HTML page, a truncated
file) is refused in French before anything is written. The feed's items are
written as a JSON export which the pipeline imports with ``load_items``: upserted
on (source, guid), the GUID being the item's id or its normalised link, an item
whose normalised link is already known under another GUID updated, not repeated.
"""

import calendar
import datetime
import html
import json
import logging
import re
import tempfile
import urllib.parse
from pathlib import Path

import feedparser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator

from observatories.importing.base import Format, RowError, SourceDefaults, Target
from observatories.importing.reading import ImportRefused
from observatories.models import DataSource
from observatories.sources.services import Download
from observatories.sources.services import download as conditional_get
from scoran.lib.fields import validate_web_address
from scoran.lib.html import clean_html

from ..models import WatchItem, WatchRule

log = logging.getLogger(__name__)

SUMMARY_MAX_CHARS = 4000
# Query parameters that only say where a reader came from: not part of the address.
TRACKING = re.compile(r"^(utm_[a-z]+|xtor|fbclid|gclid)$", re.IGNORECASE)


def _without_nul(text) -> str:
    """PostgreSQL stores no NUL character."""
    return str(text or "").replace("\x00", "")


def normalise_link(url: str) -> str:
    """``url`` as one address: scheme and host in lower case, no fragment, no
    tracking parameter, no trailing slash (``HTTP://Ex.fr/a/?utm_source=x#top`` →
    ``http://ex.fr/a``)."""
    parts = urllib.parse.urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING.match(key)
    ]
    path = parts.path.rstrip("/")
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urllib.parse.urlencode(query), "")
    )


def _plain(text) -> str:
    """A title as plain text: tags dropped, entities read, spaces collapsed."""
    cleaned = re.sub(r"<[^>]*>", " ", clean_html(_without_nul(text)))
    return " ".join(html.unescape(cleaned).split())


def _date(entry) -> str:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return ""
    return datetime.datetime.fromtimestamp(calendar.timegm(moment), tz=datetime.UTC).isoformat()


def parse_feed(data: bytes) -> tuple[str, list[dict]]:
    """The feed's title and its items as records, or ImportRefused in French."""
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        raise ImportRefused(
            "Le document n'est pas un flux RSS ou Atom bien formé (page HTML, fichier "
            f"tronqué ?) : {_without_nul(problem)[:200]}. Rien n'a été modifié."
        )
    if not parsed.get("version"):
        raise ImportRefused(
            "Le document n'est pas un flux RSS ou Atom (aucun flux reconnu). Rien n'a été modifié."
        )
    feed_title = _plain(parsed.feed.get("title", ""))
    records = []
    for entry in parsed.entries:
        summary = entry.get("summary", "")
        if not summary and entry.get("content"):
            summary = entry.content[0].get("value", "")
        records.append(
            {
                "watch_guid": _without_nul(entry.get("id", "")).strip(),
                "watch_title": _plain(entry.get("title", "")),
                "watch_link": _without_nul(entry.get("link", "")).strip(),
                "watch_summary": _without_nul(summary)[: SUMMARY_MAX_CHARS * 2],
                "watch_published": _date(entry),
                "watch_feed": feed_title,
            }
        )
    if not records:
        raise ImportRefused("Le flux ne contient aucun article. Rien n'a été modifié.")
    return feed_title, records


def download(source: DataSource, dest_dir: Path) -> Download:
    """The source's feed, fetched conditionally, parsed and written as an export."""
    fetched = conditional_get(source, dest_dir)
    if fetched.path is None:
        return fetched
    try:
        _, records = parse_feed(fetched.path.read_bytes())
    finally:
        fetched.path.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=dest_dir, prefix="source-", suffix="-veille.json",
        delete=False,
    ) as handle:  # fmt: skip
        json.dump(records, handle, ensure_ascii=False)
    return Download(Path(handle.name), etag=fetched.etag, last_modified=fetched.last_modified)


def parse_item(item: dict, source: DataSource) -> dict:
    """One item as the fields of a WatchItem; RowError in French."""
    link = _without_nul(item.get("watch_link"))
    try:
        validate_web_address(link)
    except ValidationError as exc:
        reason = "lien absent ou qui n'est pas une adresse web."
        raise RowError("watch_link", link[:200], reason) from exc
    title = Truncator(_plain(item.get("watch_title"))).chars(300)
    if not title:
        raise RowError("watch_title", "", "article sans titre.")
    summary = clean_html(_without_nul(item.get("watch_summary")))
    published = None
    if value := item.get("watch_published"):
        try:
            published = datetime.datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise RowError("watch_published", str(value)[:50], "date illisible.") from exc
    return {
        "guid": _without_nul(item.get("watch_guid")).strip()[:1000] or normalise_link(link),
        "link": link,
        "normalised": normalise_link(link),
        "title": title,
        "summary": Truncator(summary).chars(SUMMARY_MAX_CHARS, html=True),
        "published_on": published,
        "source_name": Truncator(_plain(item.get("watch_feed")) or source.name).chars(200),
    }


FIELDS = ("title", "summary", "link", "published_on", "source_name")


def load_items(run, fmt, table, rejects, progress) -> None:
    """The pipeline's loader for feeds (inside the import's transaction): items
    upserted on (source, guid), or on their normalised link."""
    source = run.source
    existing = list(WatchItem.objects.filter(source=source))
    by_guid = {item.guid: item for item in existing}
    by_link = {normalise_link(item.link): item for item in existing}
    rules = list(WatchRule.objects.all())
    read = created = updated = 0
    seen = set()
    for line, raw in table.rows:
        read += 1
        try:
            record = parse_item(raw, source)
        except RowError as error:
            rejects.add(line, error.column, error.value, error.reason)
            continue
        if record["guid"] in seen or record["normalised"] in seen:
            continue  # the same item twice in the feed: read once
        seen |= {record["guid"], record["normalised"]}
        item = by_guid.get(record["guid"]) or by_link.get(record["normalised"])
        if item is None:
            item = WatchItem(
                source=source,
                guid=record["guid"],
                state=WatchItem.State.PUBLISHED,
                published_at=timezone.now(),
            )
            for name in FIELDS:
                setattr(item, name, record[name])
            item.save()
            if matched := WatchRule.orientations_for(rules, f"{item.title} {item.summary}"):
                item.orientations.set(matched)  # new items only: curators' choices stay
            by_guid[item.guid] = by_link[record["normalised"]] = item
            created += 1
            continue
        changed = [name for name in FIELDS if getattr(item, name) != record[name]]
        if changed:
            for name in changed:
                setattr(item, name, record[name])
            item.save()
            updated += 1
    # A feed is not a dataset: an unusable item is reported and left out, the
    # others are kept whatever their share (no reject-rate threshold).
    run.rows_read, run.rows_outside = read, 0
    run.rows_created, run.rows_updated = created, updated
    run.rows_unchanged = read - rejects.count - created - updated
    run.edition = f"flux du {timezone.localdate():%d/%m/%Y}"


REQUIRED = frozenset({"watch_guid", "watch_title", "watch_link", "watch_summary", "watch_feed"})


def _no_rows(row, context):  # pragma: no cover - the loader parses the items itself
    raise NotImplementedError


RSS = Format(
    key="rss",
    label="Veille – flux RSS ou Atom",
    required=REQUIRED,
    targets=(Target(WatchItem, ("source_id", "guid"), FIELDS),),
    source=SourceDefaults(
        slug="veille",
        name="Veille",
        publisher="Éditeur du flux",
        licence="Titres et résumés courts cités avec un lien vers la source",
        schedule="quotidienne",
    ),
    parse_row=_no_rows,
    loader=load_items,
    download=download,
)
