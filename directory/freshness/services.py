"""The weekly freshness jobs (``tasks.py``):

- ``send_review_reminders``: each owner gets one e-mail listing their items "à
  vérifier" of every curated kind (``CURATED_KINDS``), at most once a week;
- ``check_links``: the external links of every kind of ``CHECKED_LINKS`` are asked
  (``scoran.lib.links``), each answer stored in ``LinkCheck``; curators get one
  digest of the broken ones. Links are never removed from the items.
"""

import hashlib
import itertools
import logging
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from scoran.lib import links
from scoran.lib.catalogues import CHECKED_LINKS, CURATED_KINDS
from scoran.lib.mail import send_now, staff_emails

from ..models import LinkCheck

log = logging.getLogger(__name__)

REMINDED_FOR = 8 * 24 * 3600  # a person reminded this week is not reminded again
LINKS_PERMISSION = "directory.view_linkcheck"


# ---------- Owners' reminders ----------


def _items_due_per_owner() -> dict[str, list[dict]]:
    """address → [{"kind", "title", "link"}] of the items due for review."""
    per_owner: dict[str, list[dict]] = defaultdict(list)
    for kind in CURATED_KINDS:
        for item, email in kind.owners(kind.queryset().due_for_review()):
            per_owner[email.lower()].append(
                {
                    "kind": kind.label,
                    "title": kind.title(item),
                    "link": settings.SITE_URL + kind.link(item),
                }
            )
    return per_owner


def _reminded_key(email: str) -> str:
    year, week, _ = timezone.localdate().isocalendar()
    digest = hashlib.sha256(email.encode()).hexdigest()
    return f"review-reminder:{year}-{week}:{digest}"


def send_review_reminders() -> int:
    """One e-mail per owner listing all their items "à vérifier", unless they were
    already reminded this week (a job run twice sends nothing more). Returns how
    many people were e-mailed."""
    sent = 0
    for email, items in sorted(_items_due_per_owner().items()):
        if not cache.add(_reminded_key(email), 1, timeout=REMINDED_FOR):
            continue
        groups = [
            (kind, list(rows))
            for kind, rows in itertools.groupby(items, key=lambda item: item["kind"])
        ]
        if send_now(
            template="directory/emails/review_reminder.txt",
            to=[email],
            context={"groups": groups, "count": len(items)},
        ):
            sent += 1
        else:
            cache.delete(_reminded_key(email))  # try again at the next run
    log.info("review reminders sent to %d owner(s)", sent)
    return sent


# ---------- External links ----------


def _key(row: dict) -> tuple[str, str, str]:
    """What identifies a stored result (``LinkCheck``'s unique constraint)."""
    return row["kind"], row["object_key"], row["url"]


def _links_to_check() -> list[dict]:
    """One row per (kind, item, address): an address an item gives twice is checked
    and counted once."""
    rows = {}
    for kind in CHECKED_LINKS:
        for obj in kind.queryset():
            for name in kind.fields:
                value = getattr(obj, name)
                for url in value if isinstance(value, list | tuple) else [value]:
                    if url:
                        row = {
                            "kind": kind.key,
                            "object_key": str(obj.pk),
                            "object_title": kind.title(obj)[:300],
                            "object_url": kind.link(obj)[:300],
                            "url": url[:1000],
                        }
                        rows.setdefault(_key(row), row)
    return list(rows.values())


def _polite_order(urls: set[str]) -> list[str]:
    """One URL of each host in turn, so that the pause between two requests to the
    same host is spent on the others."""
    per_host = defaultdict(list)
    for url in sorted(urls):
        per_host[(urlsplit(url).hostname or "").lower()].append(url)
    rounds = itertools.zip_longest(*per_host.values())
    return [url for round_ in rounds for url in round_ if url]


def _record(row: dict, outcome: links.Outcome, now, check: LinkCheck | None) -> LinkCheck:
    """``check`` (the row's stored result, None for a new link) updated in memory."""
    check = check or LinkCheck(**row, last_checked_at=now)
    check.object_title, check.object_url = row["object_title"], row["object_url"]
    check.status_code, check.error, check.last_checked_at = outcome.status, outcome.error, now
    if outcome.ok:
        check.consecutive_failures, check.first_failure_at = 0, None
    else:
        check.consecutive_failures += 1
        check.first_failure_at = check.first_failure_at or now
    return check


RECORDED = ["object_title", "object_url", "status_code", "error", "last_checked_at"]
RECORDED += ["consecutive_failures", "first_failure_at"]


def _store(rows: list[dict], outcomes: dict, now) -> None:
    """Every row's result in a few queries, whatever their number; the results of
    links no longer on a published item (edited, unpublished) are forgotten."""
    stored = {_key(vars(check)): check for check in LinkCheck.objects.all()}
    checks = [_record(row, outcomes[row["url"]], now, stored.pop(_key(row), None)) for row in rows]
    LinkCheck.objects.filter(pk__in=[check.pk for check in stored.values()]).delete()
    LinkCheck.objects.bulk_update([c for c in checks if c.pk], RECORDED, batch_size=500)
    LinkCheck.objects.bulk_create([c for c in checks if not c.pk], batch_size=500)


CHECKING = "link-check:running"
CHECKING_FOR = 24 * 3600  # a run that died leaves the lock for a day at most


def check_links() -> dict:
    """Ask every external link once (one request per distinct address, spaced per
    host), store each item's result, forget the results of links that are gone, and
    send curators one digest of the broken links. Returns counts. A run started
    while another one goes on (a second worker) does nothing: each link would count
    two failures, sites would be asked twice and curators get two digests."""
    if not cache.add(CHECKING, 1, timeout=CHECKING_FOR):
        log.warning("links not checked: another check is running")
        return {"checked": 0, "broken": 0}
    try:
        return _check_links()
    finally:
        cache.delete(CHECKING)


def _check_links() -> dict:
    rows = _links_to_check()
    politeness = links.Politeness()
    outcomes = {}
    for url in _polite_order({row["url"] for row in rows}):
        politeness.wait(url)
        outcomes[url] = links.check(url)
    now = timezone.now()
    with transaction.atomic():
        _store(rows, outcomes, now)
    broken = list(LinkCheck.objects.broken().order_by("kind", "object_title", "url"))
    if broken:
        send_now(
            template="directory/emails/broken_links_to_curators.txt",
            to=staff_emails(permission=LINKS_PERMISSION),
            context={
                "broken": broken,
                "checks_url": settings.SITE_URL
                + reverse("admin:directory_linkcheck_changelist")
                + "?casse=oui",
            },
        )
    counts = {"checked": len(outcomes), "broken": len(broken)}
    log.info("links checked: %(checked)d addresses, %(broken)d broken", counts)
    return counts
