"""What every curated item knows of its freshness: when it last changed ("mis à jour
le", shown to everyone) and when a curator or its owner last confirmed it ("vérifié
le"). An item not confirmed for ``settings.REVIEW_AFTER_DAYS`` is "à vérifier".

A curated model inherits ``Curated`` and gives its queryset ``CuratedQuerySet``;
the admin filter, the owners' weekly reminder and the link checker build on them.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


def review_deadline():
    """Items confirmed before this moment are due for review."""
    return timezone.now() - timedelta(days=settings.REVIEW_AFTER_DAYS)


class CuratedQuerySet(models.QuerySet):
    def due_for_review(self):
        """Not confirmed for ``REVIEW_AFTER_DAYS``: "à vérifier"."""
        return self.filter(reviewed_at__lt=review_deadline())

    def reviewed(self):
        return self.filter(reviewed_at__gte=review_deadline())


class Curated(models.Model):
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    reviewed_at = models.DateTimeField(
        "vérifié le",
        default=timezone.now,
        db_index=True,
        help_text="Dernière confirmation par l'équipe ou le propriétaire que le contenu "
        "est juste ; au-delà du délai de vérification, il est signalé « à vérifier ».",
    )

    class Meta:
        abstract = True

    @property
    def needs_review(self) -> bool:
        return self.reviewed_at < review_deadline()
