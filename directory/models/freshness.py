"""The weekly check of the external links of curated items (organisations' and
projects' websites, and every kind in ``scoran.lib.catalogues.CHECKED_LINKS``):
one row per item and address, its last answer and how long it has been failing.
Broken links are shown to curators; nothing is ever removed from the items."""

from django.conf import settings
from django.db import models


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        """Failing at least ``LINK_CHECK_BROKEN_AFTER`` checks in a row."""
        return self.filter(consecutive_failures__gte=settings.LINK_CHECK_BROKEN_AFTER)


class LinkCheck(models.Model):
    kind = models.CharField("nature de l'élément", max_length=40)
    object_key = models.CharField("identifiant de l'élément", max_length=100)
    object_title = models.CharField("élément", max_length=300)
    object_url = models.CharField("page de l'élément", max_length=300)
    url = models.CharField("lien vérifié", max_length=1000)
    status_code = models.PositiveSmallIntegerField("code de réponse", null=True, blank=True)
    error = models.CharField("erreur", max_length=200, blank=True)
    consecutive_failures = models.PositiveIntegerField("échecs consécutifs", default=0)
    first_failure_at = models.DateTimeField("en échec depuis", null=True, blank=True)
    last_checked_at = models.DateTimeField("dernière vérification")

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "vérification de lien"
        verbose_name_plural = "vérifications de liens"
        ordering = ["-consecutive_failures", "kind", "object_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "url"], name="linkcheck_one_row_per_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url} ({self.object_title})"

    @property
    def outcome(self) -> str:
        """What the last check found, in French."""
        if self.error:
            return self.error
        return f"HTTP {self.status_code}"
