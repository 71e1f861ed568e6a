"""What every curated item knows of its freshness: when it last changed ("mis à jour
le", shown to everyone) and when a curator or its owner last confirmed it ("vérifié
le"). An item not confirmed for ``settings.REVIEW_AFTER_DAYS`` is "à vérifier".

A curated model inherits ``Curated`` and gives its queryset ``CuratedQuerySet``;
the admin filter, the owners' weekly reminder and the link checker build on them.

- ``mark_reviewed(obj=…)``: an owner confirmed or edited the item, or a curator
  saved it (``updated_at`` is left as it is: a confirmation changes no content);
- ``CuratedAdminMixin``: a curator's save marks the item reviewed, and the list
  gets the « à vérifier » filter (``ReviewFilter``);
- the catalogues ``CURATED_KINDS`` (owners' weekly reminder) and ``CHECKED_LINKS``
  (external links checked weekly) in ``scoran.lib.catalogues``.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
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


def mark_reviewed(*, obj: Curated) -> None:
    """``obj`` was confirmed (by its owner or a curator) now; its "mis à jour le"
    stays (an update() leaves ``auto_now`` fields alone)."""
    now = timezone.now()
    type(obj)._default_manager.filter(pk=obj.pk).update(reviewed_at=now)
    obj.reviewed_at = now


class ReviewFilter(admin.SimpleListFilter):
    """« À vérifier »: items not confirmed for ``REVIEW_AFTER_DAYS``."""

    title = "vérification"
    parameter_name = "verification"
    DUE, REVIEWED = "a-verifier", "verifie"

    def lookups(self, request, model_admin):
        return [(self.DUE, "À vérifier"), (self.REVIEWED, "Vérifié récemment")]

    def queryset(self, request, queryset):
        if self.value() == self.DUE:
            return queryset.due_for_review()
        if self.value() == self.REVIEWED:
            return queryset.reviewed()
        return queryset


class CuratedAdminMixin:
    """For the admin of a curated model (before ``admin.ModelAdmin`` in its bases):
    the « à vérifier » filter, and a curator's save (add or change) confirms the
    item. ``save_related`` runs after every save of the form, whatever the admin's
    own ``save_model`` does."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ReviewFilter]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in ("reviewed_at",) if name not in fields]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mark_reviewed(obj=form.instance)
