"""The digests' run: new items only, each at most once per subscription, never a
members-only or unpublished one, in batches over one connection; a batch the mail
server refuses is rolled back and sent by the next run, nothing twice."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Place
from portal.models import Delivery, Subscription
from portal.subscriptions.digests import send_digests
from tests.directory.factories import make_place
from tests.directory.groups.factories import make_group
from tests.portal.watch.factories import make_watch_item

from .backends import FailingSecondBatch
from .conftest import confirmed, new_resource

pytestmark = pytest.mark.django_db


def test_no_digest_when_nothing_is_new(outbox, author):
    new_resource("Publiée avant l'abonnement", author,
                 published_at=timezone.now() - datetime.timedelta(days=3))  # fmt: skip
    subscription = confirmed()
    run = send_digests(frequency="quotidien")
    assert (run.subscriptions, run.sent) == (1, 0)
    assert outbox == []
    subscription.refresh_from_db()
    assert subscription.last_run_at is not None


def test_no_item_twice_across_two_runs(outbox, author):
    confirmed()
    new_resource("Première", author)
    send_digests(frequency="quotidien")
    assert len(outbox) == 1
    Subscription.objects.update(last_run_at=timezone.now() - datetime.timedelta(days=1))
    new_resource("Deuxième", author)
    send_digests(frequency="quotidien")
    assert len(outbox) == 2
    assert "Deuxième" in outbox[1].body and "Première" not in outbox[1].body
    Subscription.objects.update(last_run_at=timezone.now() - datetime.timedelta(days=1))
    send_digests(frequency="quotidien")
    assert len(outbox) == 2


def test_a_subscription_not_due_yet_or_unconfirmed_or_weekly_gets_nothing(outbox, author):
    confirmed(last_run_at=timezone.now() - datetime.timedelta(hours=2))
    confirmed("b@example.fr", confirmed_at=None)
    confirmed("c@example.fr", frequency="hebdomadaire")
    new_resource("Nouvelle", author)
    assert send_digests(frequency="quotidien").sent == 0
    assert [m.to for m in outbox] == []
    assert send_digests(frequency="hebdomadaire").sent == 1
    assert outbox[0].to == ["c@example.fr"]


def test_members_only_and_unpublished_items_are_never_sent(outbox, author):
    confirmed()
    group = make_group("Groupe fermé")
    new_resource("Réservée aux membres", author, visibility="members", working_group=group)
    new_resource("Brouillon", author, state="draft", published_at=None)
    new_resource("Publique", author)
    send_digests(frequency="quotidien")
    (digest,) = outbox
    assert "Publique" in digest.body
    assert "Réservée" not in digest.body and "Brouillon" not in digest.body


def test_the_filters_of_each_subscription_are_honoured(outbox, author):
    confirmed("guides@example.fr", query="type=guide")
    confirmed("kits@example.fr", query="type=kit")
    new_resource("Un guide", author, kind="guide")
    send_digests(frequency="quotidien")
    (digest,) = outbox
    assert digest.to == ["guides@example.fr"]
    assert "Type de ressource : Guide méthodologique" in digest.body


def test_places_dated_by_day_are_sent_the_day_they_appear(outbox, small_region):
    confirmed(list_key="lieux", confirmed_at=timezone.now() - datetime.timedelta(minutes=1))
    today = make_place("Tiers-lieu du jour")
    Place.objects.filter(pk=today.pk).update(updated_on=timezone.localdate())
    make_place("Tiers-lieu ancien")  # dated 2025-01-01
    send_digests(frequency="quotidien")
    (digest,) = outbox
    assert "Tiers-lieu du jour" in digest.body and "ancien" not in digest.body


def test_a_crash_midway_sends_nothing_twice_and_skips_nothing(outbox, author, settings):
    settings.EMAIL_BACKEND = "tests.portal.subscriptions.backends.FailingSecondBatch"
    FailingSecondBatch.calls = 0
    for index in range(6):
        confirmed(f"abonne{index}@example.fr")
    new_resource("Nouvelle ressource", author)

    first = send_digests(frequency="quotidien", batch_size=2)
    assert first.failed_batches == 1
    assert len(outbox) == 4  # batches 1 and 3; batch 2 refused and rolled back
    refused = {f"abonne{index}@example.fr" for index in (2, 3)}
    assert not Delivery.objects.filter(subscription__email__in=refused).exists()
    assert Subscription.objects.filter(email__in=refused, last_run_at__isnull=True).count() == 2

    second = send_digests(frequency="quotidien", batch_size=2)
    assert second.failed_batches == 0
    recipients = [message.to[0] for message in outbox]
    assert sorted(recipients) == sorted(f"abonne{index}@example.fr" for index in range(6))
    assert Delivery.objects.count() == 6


def test_batches_go_over_one_connection_with_send_messages(outbox, author, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    batches, opened = [], []
    original = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "open", lambda self: opened.append(self) or True)
    monkeypatch.setattr(
        EmailBackend,
        "send_messages",
        lambda self, messages: batches.append(len(messages)) or original(self, messages),
    )
    for index in range(5):
        confirmed(f"abonne{index}@example.fr")
    new_resource("Nouvelle ressource", author)
    send_digests(frequency="quotidien", batch_size=2)
    assert batches == [2, 2, 1]
    assert len(opened) == 1


def test_queries_per_batch_do_not_grow_with_subscriptions(author):
    for index in range(3):
        new_resource(f"Ressource {index}", author)

    def queries(count: int, offset: int) -> int:
        for index in range(count):
            confirmed(f"abonne{offset + index}@example.fr", query="type=guide")
        with CaptureQueriesContext(connection) as captured:
            send_digests(frequency="quotidien", batch_size=1000)
        Subscription.objects.update(last_run_at=timezone.now())
        return len(captured.captured_queries)

    # due ids, savepoint pair, lock, candidates, delivered keys, insert, update, …
    few = queries(2, 0)
    many = queries(40, 100)
    assert few == many <= 10


def test_a_watch_item_is_new_when_published_here_whatever_its_sources_date(outbox):
    """The watch dates its items by their sources; a digest by their publication on
    the portal: an article of last month published today is new, and among the
    candidates even behind a hundred items of more recent sources."""
    confirmed(list_key="veille", confirmed_at=timezone.now() - datetime.timedelta(minutes=1))
    long_ago = timezone.now() - datetime.timedelta(days=30)
    before = timezone.now() - datetime.timedelta(days=2)
    for index in range(100):  # recent sources, published here before the subscription
        make_watch_item(f"Déjà là {index}", published_on=timezone.now(), published_at=before)
    make_watch_item("Article du mois dernier", published_on=long_ago, published_at=timezone.now())
    send_digests(frequency="quotidien")
    (digest,) = outbox
    assert "Article du mois dernier" in digest.body
    assert "Déjà là" not in digest.body


def test_a_busy_list_sends_every_new_item_of_the_week(outbox, author):
    """Every item that came since the last run, however many (a week of a busy list
    holds more than a page of it)."""
    confirmed(frequency="hebdomadaire", last_run_at=timezone.now() - datetime.timedelta(days=7))
    for index in range(150):
        new_resource(f"Ressource n° {index:03d}", author)
    assert send_digests(frequency="hebdomadaire").items == 150
    (digest,) = outbox
    assert all(f"Ressource n° {index:03d}" in digest.body for index in range(150))


def test_items_are_looked_for_since_the_oldest_last_run_of_the_list(outbox, author):
    """An item that came before a subscription's last run was looked at by that run:
    a later run looks only at what came since (the day of the oldest last run of the
    subscriptions sharing the list and filters, or their confirmation if later)."""
    confirmed(confirmed_at=timezone.now() - datetime.timedelta(days=30),
              last_run_at=timezone.now() - datetime.timedelta(days=3))  # fmt: skip
    new_resource("Venue avant le dernier passage", author,
                 published_at=timezone.now() - datetime.timedelta(days=10))  # fmt: skip
    new_resource("Venue depuis", author)
    send_digests(frequency="quotidien")
    (digest,) = outbox
    assert "Venue depuis" in digest.body and "avant le dernier passage" not in digest.body
