"""Writes of the site's search index (``portal.models.SearchEntry``): one item
re-indexed after the transaction that changed it commits, a whole kind rebuilt in
one transaction (the nightly job, ``manage.py rebuild_search_index``, the demo).

Only the rows of a kind's ``queryset()`` (published and public) are indexed: an
item unpublished, archived or made members-only leaves the index when it is saved.
"""

import logging
import time
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from scoran.lib.catalogues import SEARCHABLE_KINDS, SearchableKind

from ..models import SearchEntry

logger = logging.getLogger(__name__)

TITLE_LENGTH = 500
SUMMARY_LENGTH = 1_000
BODY_LENGTH = 20_000
BATCH = 1_000
# The excerpt's markers (selectors.py) never come from the indexed text.
MARKERS = str.maketrans("", "", "\ue000\ue001")


def _text(value, length: int) -> str:
    return str(value or "").translate(MARKERS)[:length]


def entry_for(kind: SearchableKind, obj) -> SearchEntry:
    """The (unsaved) entry of one item of ``kind``."""
    date = kind.date(obj)
    summary = _text(kind.summary(obj), SUMMARY_LENGTH)
    body = str(kind.body(obj) or "")
    if summary and body.startswith(summary):  # a summary cut from the text: once is enough
        body = body[len(summary) :]
    return SearchEntry(
        kind=kind.key,
        key=str(obj.pk),
        title=_text(kind.title(obj), TITLE_LENGTH),
        summary=summary,
        body=_text(body, BODY_LENGTH),
        url=kind.link(obj)[:500],
        departments=sorted({str(code) for code in kind.departments(obj) if code}),
        orientations=sorted({str(number) for number in kind.orientations(obj) if number}),
        date=date.date() if hasattr(date, "date") else date,
    )


FIELDS = ["title", "summary", "body", "url", "departments", "orientations", "date"]


def reindex_item(*, kind: str, pk) -> bool:
    """The item's entry written if it is public, deleted otherwise; True if indexed."""
    entry = SEARCHABLE_KINDS[kind]
    obj = entry.indexed().filter(pk=pk).first()
    if obj is None:
        SearchEntry.objects.filter(kind=kind, key=str(pk)).delete()
        return False
    SearchEntry.objects.bulk_create(
        [entry_for(entry, obj)],
        update_conflicts=True,
        unique_fields=["kind", "key"],
        update_fields=FIELDS,
    )
    return True


def reindex_after_commit(*, kind: str, pk) -> None:
    """Re-index the item once the current transaction commits (never on rollback)."""
    transaction.on_commit(partial(reindex_item, kind=kind, pk=pk))


@transaction.atomic
def rebuild_kind(*, kind: str) -> int:
    """Every public item of ``kind`` indexed anew, in one transaction: readers see
    the old entries until it commits."""
    entry = SEARCHABLE_KINDS[kind]
    SearchEntry.objects.filter(kind=kind).delete()
    count = 0
    batch = []
    for obj in entry.indexed().iterator(chunk_size=BATCH):
        batch.append(entry_for(entry, obj))
        if len(batch) == BATCH:
            count += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    count += len(SearchEntry.objects.bulk_create(batch))
    return count


def rebuild_index() -> dict[str, int]:
    """Every kind rebuilt (one transaction each), entries of kinds no longer
    searchable dropped; the count of entries per kind."""
    started = time.monotonic()
    SearchEntry.objects.exclude(kind__in=SEARCHABLE_KINDS.keys()).delete()
    counts = {kind.key: rebuild_kind(kind=kind.key) for kind in SEARCHABLE_KINDS}
    logger.info(
        "search index rebuilt: %s entries in %.1f s",
        sum(counts.values()),
        time.monotonic() - started,
    )
    return counts


# ---------- Keeping the index true as items change ----------


def _kinds_of(model) -> list[str]:
    return [kind.key for kind in SEARCHABLE_KINDS if kind.model is model]


def _saved_or_deleted(sender, instance, **kwargs) -> None:
    for kind in _kinds_of(sender):
        reindex_after_commit(kind=kind, pk=instance.pk)


def _links_changed(sender, instance, action, pk_set, model, **kwargs) -> None:
    """A many-to-many link (orientations, departments) added or removed, from the
    item's side or the other's."""
    if not action.startswith("post_"):
        return
    for kind in _kinds_of(type(instance)):
        reindex_after_commit(kind=kind, pk=instance.pk)
    for kind in _kinds_of(model):
        for pk in pk_set or ():
            reindex_after_commit(kind=kind, pk=pk)


def connect_signals() -> None:
    """Saves and deletions of every searchable kind's table re-index the item after
    commit, so that a moderation step or a switch to members-only shows at once.
    A signal, not a call in each service: items change through many services, the
    admin and imports, and the index must follow them all."""
    for kind in SEARCHABLE_KINDS:
        model = kind.model
        uid = f"search-{kind.key}"
        post_save.connect(_saved_or_deleted, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_saved_or_deleted, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _links_changed,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}-{field.name}",
            )
