"""E-mail digests of a followable list (``portal/subscriptions/``): a subscription
(an address, a list, its filters, daily or weekly), confirmed by its owner before
anything is sent, and the log of the items each subscription was sent.

No account is needed: the address is the owner. Links in e-mails carry the row's
random ``key`` (``secrets``), never its primary key.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

# The longest normalised query string a subscription keeps (a list's filters are a
# few short values; anything longer is refused, not cut).
QUERY_MAX_LENGTH = 1000


def new_key() -> str:
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    DAILY = "quotidien", "Chaque jour"
    WEEKLY = "hebdomadaire", "Chaque semaine"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def of_address(self, email: str):
        """An address's subscriptions, whatever the case it was typed in."""
        return self.filter(email__iexact=email)

    def due(self, frequency: str, *, now=None):
        """Confirmed subscriptions of ``frequency`` whose last run is old enough: a
        daily digest runs again after 20 hours, a weekly one after 6 days (a run that
        starts a little late does not skip a period)."""
        now = now or timezone.now()
        gap = (
            timezone.timedelta(hours=20)
            if frequency == Frequency.DAILY
            else (timezone.timedelta(days=6))
        )
        return (
            self.confirmed()
            .filter(frequency=frequency)
            .filter(models.Q(last_run_at__isnull=True) | models.Q(last_run_at__lte=now - gap))
        )


class Subscription(models.Model):
    list_key = models.CharField("liste", max_length=50)
    query = models.CharField("filtres", max_length=QUERY_MAX_LENGTH, blank=True)
    email = models.EmailField("adresse électronique")
    frequency = models.CharField(
        "fréquence", max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    key = models.CharField("clé des liens", max_length=64, unique=True, default=new_key)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    last_run_at = models.DateTimeField("dernier envoi calculé le", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "abonnement par courriel"
        verbose_name_plural = "abonnements par courriel"
        ordering = ["list_key", "pk"]
        constraints = [
            # One subscription per address, list and filters: subscribing again
            # reuses it (and says nothing about it).
            models.UniqueConstraint(
                Lower("email"), "list_key", "query", name="subscription_one_per_address"
            ),
        ]
        indexes = [models.Index(fields=["frequency", "last_run_at"], name="subscription_due")]

    def __str__(self) -> str:
        return f"{self.email} – {self.list_key}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Delivery(models.Model):
    """One item sent to one subscription: written in the transaction that sends the
    digest, so that an item is never sent twice and never skipped."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    item_key = models.CharField("élément", max_length=64)
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "envoi d'un abonnement"
        verbose_name_plural = "envois des abonnements"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "item_key"], name="delivery_once_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.item_key}"
