"""The digests' run: for each confirmed subscription due (daily or weekly), the
items of its list with its filters dated since its confirmation and not yet sent,
in one e-mail with a link back to each, and none when nothing is new.

Each item is sent at most once per subscription: the subscriptions are taken in
batches of ``SUBSCRIPTION_DIGEST_BATCH``, and for each batch, in one transaction,
the rows are locked (``SKIP LOCKED``: two runs at once share the work, never an
item), the delivery log is written, the batch is sent over the run's one connection
(``send_messages``), then the transaction commits. A batch the mail server refuses
rolls back its delivery rows and its run time: the next run sends it, and nothing of
a committed batch is sent again. One window is left, as in any mailer that is not a
two-phase transaction: a process killed after the server accepted a batch and before
the commit sends that batch again on the next run.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from email.header import Header
from functools import cached_property

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from scoran.lib.mail import NOT_SENT, render_email

from ..models import Delivery, Subscription
from .selectors import (
    candidates,
    filters_label,
    followable,
    item_key,
    list_url,
    new_items,
)
from .services import absolute

logger = logging.getLogger(__name__)

TEMPLATE = "portal/subscriptions/emails/digest.txt"


# Stands for each subscription's own unsubscribe address in a digest rendered once
# for every subscription of the same list, filters, frequency and items.
UNSUBSCRIBE = "\x00unsubscribe\x00"


@dataclass
class DigestRun:
    subscriptions: int = 0  # due and looked at
    sent: int = 0  # e-mails sent
    items: int = 0  # items sent, all e-mails together
    failed_batches: int = 0
    # (list, filters) → the oldest last run or confirmation of the due subscriptions
    # sharing them: their items are looked for since then.
    since: dict = field(default_factory=dict, repr=False)
    _candidates: dict = field(default_factory=dict, repr=False)
    _texts: dict = field(default_factory=dict, repr=False)

    def candidates(self, list_key: str, query: str) -> tuple:
        """(the list, its newest items with these filters, the filters in words),
        read once per run for all the subscriptions of the same list and filters."""
        if (list_key, query) not in self._candidates:
            entry = followable(list_key)
            since = self.since.get((list_key, query))
            found = candidates(entry, query, since=since) if entry else []
            labels = filters_label(entry, query) if entry else []
            self._candidates[list_key, query] = (entry, found, labels)
        return self._candidates[list_key, query]

    def text(self, subscription: Subscription, entry, items: list, filters: list[str]):
        """(subject, body) of a digest, rendered once for every subscription of the
        same list, filters, frequency and items (10,000 subscriptions share a few
        dozen digests), the unsubscribe address put in afterwards."""
        key = (
            subscription.list_key,
            subscription.query,
            subscription.frequency,
            tuple(item_key(item) for item in items),
        )
        if key not in self._texts:
            subject, body = render_email(
                TEMPLATE,
                {
                    "list_title": entry.title,
                    "filters": filters,
                    "items": [
                        {
                            "title": entry.item_title(item),
                            "summary": entry.item_summary(item),
                            "url": absolute(entry.item_link(item)),
                        }
                        for item in items
                    ],
                    "list_url": absolute(list_url(entry, subscription.query)),
                    "frequency": subscription.get_frequency_display().lower(),
                    "unsubscribe_url": UNSUBSCRIBE,
                    "account_url": absolute(reverse("subscriptions_account:mine")),
                },
            )
            # Encoded once (RFC 2047) rather than by every message of the run.
            self._texts[key] = (Header(subject, "utf-8", maxlinelen=998).encode(), body)
        return self._texts[key]

    @cached_property
    def unsubscribe_address(self) -> str:
        """The unsubscribe address with ``KEY`` for a subscription's key (reversed
        once per run, not once per e-mail)."""
        return absolute(reverse("subscriptions:unsubscribe", kwargs={"key": "KEY"}))


def digest_message(
    subscription: Subscription, subject: str, body: str, *, unsubscribe: str
) -> EmailMessage:
    """The digest for ``subscription``, with the one-click unsubscribe headers of
    RFC 8058 (the address answers a POST without a session)."""
    return EmailMessage(
        subject,
        body.replace(UNSUBSCRIBE, unsubscribe),
        None,
        [subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send_batch(run: DigestRun, ids: list[int], *, frequency: str, now, connection) -> None:
    """One batch in one transaction: lock, log, send, commit (or roll back all)."""
    with transaction.atomic():
        subscriptions = list(
            Subscription.objects.due(frequency, now=now)
            .filter(pk__in=ids)
            .select_for_update(skip_locked=True)
            .order_by("pk")
        )
        found = {sub.pk: run.candidates(sub.list_key, sub.query) for sub in subscriptions}
        keys = {item_key(item) for _, items, _ in found.values() for item in items}
        delivered = defaultdict(set)
        for subscription_id, key in Delivery.objects.filter(
            subscription__in=subscriptions, item_key__in=keys
        ).values_list("subscription_id", "item_key"):
            delivered[subscription_id].add(key)
        messages, rows = [], []
        for subscription in subscriptions:
            entry, items, filters = found[subscription.pk]
            if entry is None:
                continue  # a list no longer offered: nothing to send
            fresh = new_items(
                entry, items, since=subscription.confirmed_at, delivered=delivered[subscription.pk]
            )
            if not fresh:
                continue
            rows += [Delivery(subscription=subscription, item_key=item_key(i)) for i in fresh]
            subject, body = run.text(subscription, entry, fresh, filters)
            unsubscribe = run.unsubscribe_address.replace("/KEY/", f"/{subscription.key}/")
            messages.append(digest_message(subscription, subject, body, unsubscribe=unsubscribe))
        Delivery.objects.bulk_create(rows)
        Subscription.objects.filter(pk__in=[sub.pk for sub in subscriptions]).update(
            last_run_at=now
        )
        if messages:
            connection.send_messages(messages)
    run.subscriptions += len(subscriptions)
    run.sent += len(messages)
    run.items += len(rows)


def oldest_runs(frequency: str, *, now) -> dict:
    """(list, filters) → the oldest moment from which the due subscriptions sharing
    them may lack an item: each one's last run, or its confirmation if later (or if
    it never ran). An item that came before has been looked at by an earlier run
    (1 query)."""
    rows = (
        Subscription.objects.due(frequency, now=now)
        .values("list_key", "query")
        .annotate(since=Min(Greatest("confirmed_at", Coalesce("last_run_at", "confirmed_at"))))
    )
    return {(row["list_key"], row["query"]): row["since"] for row in rows}


def send_digests(*, frequency: str, now=None, batch_size: int | None = None) -> DigestRun:
    """Send the digests of ``frequency`` due now, batch by batch (see the module)."""
    now = now or timezone.now()
    batch_size = batch_size or settings.SUBSCRIPTION_DIGEST_BATCH
    ids = list(
        Subscription.objects.due(frequency, now=now).order_by("pk").values_list("pk", flat=True)
    )
    run = DigestRun(since=oldest_runs(frequency, now=now))
    connection = get_connection()
    with connection:
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            try:
                _send_batch(run, batch, frequency=frequency, now=now, connection=connection)
            except NOT_SENT as error:
                run.failed_batches += 1
                logger.error(
                    "digest batch of %d subscription(s) not sent, rolled back: %r",
                    len(batch),
                    error,
                )
    logger.info(
        "digests %s: %d subscription(s), %d e-mail(s), %d item(s), %d batch(es) failed",
        frequency,
        run.subscriptions,
        run.sent,
        run.items,
        run.failed_batches,
    )
    return run
