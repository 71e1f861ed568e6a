"""Writes of the subscriptions: subscribe (double opt-in), confirm, change the
frequency, unsubscribe, purge the unconfirmed ones. The digests' run is
``digests.py``."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from scoran.lib.mail import send_after_commit

from ..models import Subscription
from ..models.subscriptions import Frequency
from .selectors import filters_label, followable, list_url, normalise_query
from .tokens import ExpiredToken, InvalidToken, confirmation_token, key_of_confirmation

logger = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    """One spelling per address: trimmed, lower case."""
    return BaseUserManager.normalize_email(email.strip()).lower()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def subscribe(*, list_key: str, query: str, email: str, frequency: str) -> None:
    """Subscribe ``email`` to the list with these filters (a French
    ``ValidationError`` for filters the list refuses). A new or unconfirmed
    subscription is sent its confirmation link; a confirmed one is left as it is and
    sent a reminder that it exists, with its unsubscribe link: the caller answers the
    same either way, and an e-mail leaves either way, so that neither the page nor its
    time tells who is subscribed."""
    entry = followable(list_key)
    if entry is None:
        raise LookupError(list_key)
    query = normalise_query(entry, query)
    email = normalise_email(email)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(email__iexact=email, list_key=list_key, query=query)
            .first()
        )
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        email=email, list_key=list_key, query=query, frequency=frequency
                    )
            except IntegrityError:  # the same request twice at once: one row
                return
        elif subscription.is_confirmed:
            _remind(entry, subscription)
            return
        else:
            # A new link, valid ``SUBSCRIPTION_CONFIRM_DAYS``: the purge counts from it.
            subscription.frequency = frequency
            subscription.created_at = timezone.now()
            subscription.save(update_fields=["frequency", "created_at"])
        link = reverse(
            "subscriptions:confirm", kwargs={"token": confirmation_token(subscription.key)}
        )
        send_after_commit(
            template="portal/subscriptions/emails/confirm.txt",
            to=[email],
            context={
                "list_title": entry.title,
                "filters": filters_label(entry, query),
                "list_url": absolute(list_url(entry, query)),
                "frequency": subscription.get_frequency_display().lower(),
                "confirm_url": absolute(link),
                "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            },
        )


def _remind(entry, subscription: Subscription) -> None:
    """A confirmed subscription asked for again: its owner is told it already exists
    (its frequency unchanged: only its owner changes it), with its unsubscribe link."""
    send_after_commit(
        template="portal/subscriptions/emails/already.txt",
        to=[subscription.email],
        context={
            "list_title": entry.title,
            "filters": filters_label(entry, subscription.query),
            "list_url": absolute(list_url(entry, subscription.query)),
            "frequency": subscription.get_frequency_display().lower(),
            "unsubscribe_url": absolute(
                reverse("subscriptions:unsubscribe", kwargs={"key": subscription.key})
            ),
            "account_url": absolute(reverse("subscriptions_account:mine")),
        },
    )


class UnknownSubscription(Exception):
    """No subscription answers this link (forged, or already gone)."""


def subscription_of_confirmation(token: str) -> Subscription:
    """The subscription a confirmation link names, or ``InvalidToken`` /
    ``ExpiredToken`` / ``UnknownSubscription``."""
    key = key_of_confirmation(token)
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        raise UnknownSubscription
    return subscription


def confirm(*, token: str) -> Subscription:
    """Confirm the subscription of this link (a confirmed one stays as it is)."""
    with transaction.atomic():
        subscription = subscription_of_confirmation(token)
        if not subscription.is_confirmed:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(*, key: str) -> bool:
    """Delete the subscription of this key, its delivery log with it, at once;
    False when there was none."""
    deleted, _ = Subscription.objects.filter(key=key).delete()
    return deleted > 0


def change_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])
    return subscription


def purge_unconfirmed(*, now=None) -> int:
    """Delete the subscriptions left unconfirmed for ``SUBSCRIPTION_CONFIRM_DAYS``."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    deleted, _ = Subscription.objects.unconfirmed().filter(created_at__lt=limit).delete()
    if deleted:
        logger.info("purged %d unconfirmed subscription row(s)", deleted)
    return deleted


__all__ = [
    "ExpiredToken",
    "InvalidToken",
    "UnknownSubscription",
    "change_frequency",
    "confirm",
    "purge_unconfirmed",
    "subscribe",
    "unsubscribe",
]
