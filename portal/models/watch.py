"""The information watch (veille, ``/veille/``): news items written by curators,
proposed by the agents of an organisation (reviewed by curators: the table in
``portal/watch/moderation.py``), or read from external RSS and Atom feeds
(``portal/watch/imports.py``, a format of the observatories' import pipeline read by
their scheduled sources).

An item read from a feed is published at once (the source is curated), names its
source and links out; it is upserted on (source, guid), the GUID being the feed's
own id or, without one, the item's normalised link. Its summary is HTML cleaned by
``scoran.lib.html.clean_html`` (no script, style, handler, image…). An item written
on the portal keeps its text (``summary_text``, plain text or Markdown, raw HTML
escaped), from which the summary is rendered, then cleaned the same way.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from directory.models import Organisation
from scoran.lib.fields import WebAddressField
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.html import clean_html
from scoran.lib.lists import search_words
from scoran.lib.markdown import render as render_markdown
from scoran.lib.moderation import HistoryEntry, Moderated
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

    def of_organisations(self, user):
        """The items proposed by the person's organisations (their agents' list)."""
        return self.filter(organisation__memberships__user=user)


class WatchItem(Moderated, Curated):
    """One news item: a title, a short summary, a link out to its source."""

    # Fields whose text is typed by people: no NUL character (PostgreSQL stores none).
    TYPED = ("title", "summary_text", "source_name")

    title = models.CharField("titre", max_length=300)
    summary = models.TextField(
        "résumé",
        blank=True,
        help_text="HTML nettoyé (sans image) ; tiré du texte du résumé quand il est écrit.",
    )
    summary_text = models.TextField(
        "texte du résumé",
        blank=True,
        help_text="Texte simple ou Markdown (le HTML est affiché tel quel, jamais "
        "interprété) ; laissé vide pour une information lue dans un flux.",
    )
    link = WebAddressField("lien", max_length=1000)  # never javascript:, data:, file: or ftp:
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
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="watch_items",
        verbose_name="structure qui la propose",
        help_text="Vide pour une information écrite par l'équipe ou lue dans un flux.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposée par",
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
            ),
            # An item read from a feed belongs to its source, never to an organisation
            # whose agents would then rewrite what the next import updates.
            models.CheckConstraint(
                condition=Q(source__isnull=True) | Q(organisation__isnull=True),
                name="watch_item_feed_or_organisation",
                violation_error_message="Une information lue dans un flux n'est proposée "
                "par aucune structure.",
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="watch_review_queue")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {
            name: "Ce texte contient un caractère nul : retirez-le."
            for name in self.TYPED
            if "\x00" in getattr(self, name)
        }
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        """An item has no page here: it is its source's page (search, feeds)."""
        return self.link

    def save(self, *args, **kwargs):
        # Whoever writes it (a curator, an agent, an import), the summary is kept
        # clean; written on the portal, it is rendered from its text (raw HTML escaped).
        if self.summary_text:
            self.summary = render_markdown(self.summary_text)
        self.summary = clean_html(self.summary)
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class WatchItemStep(HistoryEntry):
    """One step of a watch item's history: who did what, when, with which message."""

    class Action(models.TextChoices):
        CREATED = "created", "Brouillon créé"
        UPDATED = "updated", "Modifiée"
        SUBMITTED = "submitted", "Soumise à relecture"
        PUBLISHED = "published", "Publiée"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        REFUSED = "refused", "Refusée"
        UNPUBLISHED = "unpublished", "Dépubliée"

    item = models.ForeignKey(
        WatchItem, on_delete=models.CASCADE, related_name="steps", verbose_name="information"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "étape d'information de veille"
        verbose_name_plural = "historique des informations de veille"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["item", "-at"], name="watchitemstep_item_at")]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_action_display()}"


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
