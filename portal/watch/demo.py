"""The demo's watch: two feeds of invented items (``fixtures/watch/``) that the
portal serves itself at ``/veille/demo/<nom>.xml`` (no internet), added as
scheduled sources of format ``rss`` reading them from SITE_URL. ``setup_demo``
imports them once through the pipeline from the files (the server may not run
yet); the sources' job then fetches them over HTTP like any feed. An item proposed
by a demo organisation's agent waits for the curators' review."""

import json
import tempfile
from itertools import cycle
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from observatories.importing.pipeline import import_file
from observatories.models import DataSource, ImportRun
from observatories.sources.services import add_source
from observatories.sources.tasks import schedule_source
from strategy.models import Orientation

from ..models import WatchItem
from . import services
from .imports import RSS, parse_feed

FEEDS_DIR = settings.BASE_DIR / "fixtures" / "watch"
# name in the address -> (file, source slug, source name)
DEMO_FEEDS = {
    "actualites": ("actualites.rss.xml", "demo-veille-actualites", "Actualités (démonstration)"),
    "observatoire": (
        "observatoire.atom.xml",
        "demo-veille-observatoire",
        "Observatoire national (démonstration)",
    ),
}


@require_GET
def demo_feed(request, name: str):
    """One of the demo's feed files (a fixed list: no path from the request)."""
    if name not in DEMO_FEEDS:
        raise Http404
    path = FEEDS_DIR / DEMO_FEEDS[name][0]
    return FileResponse(path.open("rb"), content_type="application/xml; charset=utf-8")


def create_demo_watch() -> list[ImportRun]:
    """The two demo sources, their items imported and spread over the orientations."""
    runs = []
    for name, (filename, slug, label) in DEMO_FEEDS.items():
        url = settings.SITE_URL + reverse("watch:demo_feed", args=[name])
        source = DataSource.objects.filter(slug=slug).first() or add_source(
            slug=slug, fmt=RSS.key, name=label, url=url
        )
        schedule_source(source)  # the job reads it from SITE_URL once the portal runs
        _, records = parse_feed((FEEDS_DIR / filename).read_bytes())
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", suffix="-veille.json", delete=False
        ) as handle:
            json.dump(records, handle, ensure_ascii=False)
        try:
            runs.append(
                import_file(Path(handle.name), trigger=ImportRun.Trigger.COMMAND, source=source)
            )
        finally:
            Path(handle.name).unlink(missing_ok=True)
    orientations = cycle(list(Orientation.objects.order_by("number")) or [None])
    for item in WatchItem.objects.filter(source__slug__startswith="demo-veille-").order_by("pk"):
        orientation = next(orientations)
        if orientation is not None:
            item.orientations.set([orientation])
    return runs


DEMO_PROPOSAL = {
    "title": "Un appel à projets pour les tiers-lieux ruraux (démonstration)",
    "link": "https://region.demo.scoran.invalid/appel-tiers-lieux-ruraux",
    "source_name": "Région (démonstration)",
    "summary_text": "Un appel à projets **inventé** pour la démonstration : équiper les "
    "tiers-lieux des communes rurales et former leurs médiateurs numériques.",
}


def create_demo_proposal(*, organisation, by) -> WatchItem:
    """An item proposed by an agent of ``organisation`` and submitted, waiting in the
    curators' queue (made once: a later run finds it)."""
    existing = WatchItem.objects.filter(
        organisation=organisation, title=DEMO_PROPOSAL["title"]
    ).first()
    if existing is not None:
        return existing
    item = services.propose_item(
        organisation=organisation,
        by=by,
        values={**DEMO_PROPOSAL, "published_on": timezone.now()},
        orientations=Orientation.objects.filter(number=12),
    )
    services.submit_item(item=item, by=by)
    item.refresh_from_db()
    return item
