"""The information watch (veille, ``/veille/``): news items written by curators or
read from external RSS and Atom feeds (``portal/watch/imports.py``, a format of the
observatories' import pipeline read by their scheduled sources).

An item read from a feed is published at once (the source is curated), names its
source and links out; it is upserted on (source, guid), the GUID being the feed's
own id or, without one, the item's normalised link. Its summary is HTML cleaned by
``scoran.lib.html.clean_html`` (no script, style, handler, image…).
"""

from django.db import models
from django.db.models import Q

from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.html import clean_html
from scoran.lib.lists import search_words
from scoran.lib.moderation import Moderated
from strategy.models import Orientation


class WatchItemQuerySet(CuratedQuerySet):
    def published(self):
        return self.filter(state=WatchItem.State.PUBLISHED)

    SEARCH = ("title__icontains", "summary__icontains", "source_name__icontains")

    def search(self, text: str):
        """Words searched in the title, the summary and the source's name."""
        return search_words(self, text, self.SEARCH)

    def latest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-pk")

    def for_list(self):
        """Rows of the list: their orientations (2 queries)."""
        return self.prefetch_related(
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title"))
        )


class WatchItem(Moderated, Curated):
    """One news item: a title, a short summary, a link out to its source."""

    title = models.CharField("titre", max_length=300)
    summary = models.TextField("résumé", blank=True, help_text="HTML nettoyé (sans image).")
    link = models.URLField("lien", max_length=1000)
    source_name = models.CharField(
        "source", max_length=200, help_text="Le site ou le flux qui publie l'information."
    )
    source = models.ForeignKey(
        "observatories.DataSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="watch_items",
        verbose_name="flux de veille",
    )
    guid = models.CharField("identifiant dans le flux", max_length=1000, blank=True)
    published_on = models.DateTimeField("publiée le", null=True, blank=True, db_index=True)
    orientations = models.ManyToManyField(
        "strategy.Orientation", blank=True, related_name="watch_items", verbose_name="orientations"
    )
    created_at = models.DateTimeField("ajoutée le", auto_now_add=True)

    objects = WatchItemQuerySet.as_manager()

    class Meta:
        verbose_name = "information de veille"
        verbose_name_plural = "informations de veille"
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"],
                condition=Q(source__isnull=False),
                name="watch_item_unique_guid_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """An item has no page here: it is its source's page (search, feeds)."""
        return self.link

    def save(self, *args, **kwargs):
        # Whoever writes it (a curator, an import), the summary is kept clean.
        self.summary = clean_html(self.summary)
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class WatchRule(models.Model):
    """A keyword that attaches the new items of the feeds holding it (in their title
    or summary, case and accents as written) to an orientation, at import."""

    keyword = models.CharField("mot-clé", max_length=100)
    orientation = models.ForeignKey(
        "strategy.Orientation",
        on_delete=models.CASCADE,
        related_name="watch_rules",
        verbose_name="orientation",
    )

    class Meta:
        verbose_name = "règle de veille"
        verbose_name_plural = "règles de veille"
        ordering = ["keyword"]
        constraints = [
            models.UniqueConstraint(
                fields=["keyword", "orientation"], name="watch_rule_unique_keyword"
            )
        ]

    def __str__(self) -> str:
        return f"« {self.keyword} » → orientation {self.orientation_id}"

    @staticmethod
    def orientations_for(rules, text: str) -> set[int]:
        """The orientations (ids) of the ``rules`` whose keyword ``text`` holds."""
        lowered = text.casefold()
        return {rule.orientation_id for rule in rules if rule.keyword.casefold() in lowered}
