"""The shared agenda (``/agenda/``): the network's events (ateliers, webinaires,
comités…), proposed by the agents of their organiser organisation and published by
curators (``scoran.lib.moderation``, the table in ``portal/agenda/moderation.py``),
curated (``scoran.lib.freshness``).

Times are stored as aware datetimes and shown in Europe/Paris; an all-day event
keeps its start and end days (``start.date()``, ``end.date()`` in Paris).

Calendars: ``uid`` is set once and never changes, so that a calendar that imported
an event updates it instead of duplicating it; ``sequence`` is raised at each change
of a published event (RFC 5545 SEQUENCE), so that calendars take the new version.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from directory.models import GroupItemQuerySet, Organisation, Visibility, WorkingGroup
from observatories.models import Commune
from scoran.lib.fields import WebAddressField
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.lists import search_words
from scoran.lib.moderation import HistoryEntry, Moderated
from strategy.models import Orientation

from .resources import ChoiceArrayField

# What a calendar's VEVENT says of an event (``agenda.ical``).
CALENDAR_FIELDS = (
    "uid", "sequence", "slug", "title", "description", "kind", "status", "start", "end",
    "all_day", "address", "commune", "online_url", "registration_url", "organisation",
    "updated_at",
)  # fmt: skip


class EventQuerySet(GroupItemQuerySet, CuratedQuerySet):
    def upcoming(self, now=None):
        """Not over yet (running ones included), soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Over, latest first (the archives)."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def for_list(self):
        """Cards of the lists and the calendars: organiser, commune and working group
        (1 query)."""
        return self.select_related("organisation", "commune", "working_group")

    def for_calendar(self):
        """The calendars (``agenda.ical``): what a VEVENT says, with its organiser's
        and commune's names (1 query; a thousand events without loading every
        column of three tables)."""
        return self.select_related("organisation", "commune").only(
            *CALENDAR_FIELDS, "organisation__name", "commune__name"
        )

    def for_page(self):
        """An event's page: organiser, commune, orientations (2 queries)."""
        return self.for_list().prefetch_related(
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title"))
        )

    SEARCH = (
        "title__icontains",
        "description__icontains",
        "address__icontains",
        "organisation__name__icontains",
    )

    def search(self, text: str):
        """Words searched in the title, the description, the place and the organiser."""
        return search_words(self, text, self.SEARCH)


class Event(Moderated, Curated):
    """An event of the agenda; its moderation table is in ``portal/agenda/moderation.py``."""

    class Kind(models.TextChoices):
        WORKSHOP = "atelier", "Atelier"
        WEBINAR = "webinaire", "Webinaire"
        WORKING_GROUP = "groupe-de-travail", "Réunion de groupe de travail"
        COMMITTEE = "comite", "Comité"
        TRAINING = "formation", "Formation"
        FAIR = "salon", "Salon"
        RESTITUTION = "restitution", "Restitution"

    class Status(models.TextChoices):
        SCHEDULED = "programme", "Programmé"
        POSTPONED = "reporte", "Reporté"
        CANCELLED = "annule", "Annulé"

    class Audience(models.TextChoices):
        AUTHORITIES = "collectivites", "Collectivités"
        COMPANIES = "entreprises", "Entreprises"
        ASSOCIATIONS = "associations", "Associations"
        PUBLIC = "grand-public", "Grand public"

    # Fixed addresses under /agenda/ (``groupe``: the calendars of working groups):
    # never a slug.
    RESERVED_SLUGS = frozenset({"archives", "flux", "groupe", "mes-evenements", "nouveau"})
    # What a calendar shows: a change of these raises ``sequence``.
    CALENDAR_FIELDS = (
        "title",
        "description",
        "start",
        "end",
        "all_day",
        "address",
        "commune_id",
        "online_url",
        "status",
        "registration_url",
    )

    uid = models.UUIDField(
        "identifiant de calendrier", default=uuid.uuid4, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField("version de calendrier", default=0, editable=False)
    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("présentation", blank=True, help_text="Markdown.")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    status = models.CharField(
        "statut", max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    start = models.DateTimeField("début", help_text="Heure de Paris.")
    end = models.DateTimeField("fin", help_text="Heure de Paris.")
    all_day = models.BooleanField(
        "toute la journée", default=False, help_text="Les heures sont alors ignorées."
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_events",
        verbose_name="commune",
    )
    online_url = WebAddressField(
        "lien de connexion", max_length=500, blank=True, help_text="Pour un évènement en ligne."
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agenda_events",
        verbose_name="structure organisatrice",
    )
    orientations = models.ManyToManyField(
        Orientation, blank=True, related_name="agenda_events", verbose_name="orientations"
    )
    audiences = ChoiceArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name="publics",
        default=list,
        blank=True,
    )
    registration_url = WebAddressField("lien d'inscription", max_length=500, blank=True)
    capacity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        # Not SET_NULL: a members-only item without a group breaks its check
        # constraint. A group with meetings or documents is deleted once they left it.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="groupe de travail",
        help_text="Une réunion du groupe : ses membres sont prévenus de sa publication.",
    )
    visibility = models.CharField(
        "visibilité",
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text="« Réservé aux membres » ne vaut que pour une réunion de groupe de travail.",
    )
    is_demo = models.BooleanField(
        "démonstration", default=False, help_text="Évènement inventé pour la démonstration."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "évènement"
        verbose_name_plural = "évènements"
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="event_end_after_start",
                violation_error_message="La fin de l'évènement doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(visibility="public") | Q(working_group__isnull=False),
                name="event_members_only_in_group",
                violation_error_message="Un évènement réservé aux membres appartient à un "
                "groupe de travail.",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="event_review_queue"),
            models.Index(fields=["state", "end"], name="event_published_end"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {
            name: "Ce texte contient un caractère nul : retirez-le."
            for name in ("title", "description", "address")
            if "\x00" in getattr(self, name)
        }
        if self.slug in self.RESERVED_SLUGS:
            errors["slug"] = (
                f"« {self.slug} » est une adresse réservée du site : choisissez un autre "
                "identifiant."
            )
        if self.start and self.end and self.end < self.start:
            errors["end"] = "La fin de l'évènement doit suivre son début."
        if not (self.address or self.commune_id or self.online_url):
            errors["address"] = (
                "Indiquez un lieu (adresse ou commune) ou un lien de connexion en ligne."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """A change a calendar shows, on a published event, raises ``sequence``."""
        if self.pk is not None and self.is_published:
            before = (
                type(self).objects.filter(pk=self.pk).values(*self.CALENDAR_FIELDS, "state").first()
            )
            if before and (
                before["state"] != self.state
                or any(before[name] != getattr(self, name) for name in self.CALENDAR_FIELDS)
            ):
                self.sequence += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agenda:detail", kwargs={"slug": self.slug})

    def get_ical_url(self) -> str:
        return reverse("agenda:event_ical", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Seen by everyone: published and not reserved to a group's members (what
        caches and robots may keep)."""
        return self.is_published and not self.is_members_only

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def is_over(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not (self.address or self.commune_id)

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [labels.get(value, value) for value in self.audiences]

    @property
    def place(self) -> str:
        """« 12 rue…, Dijon », or « En ligne »."""
        parts = [self.address] if self.address else []
        if self.commune_id:
            parts.append(self.commune.name)
        return ", ".join(parts) or ("En ligne" if self.online_url else "")


class EventStep(HistoryEntry):
    """One step of an event's history: who did what, when, with which message."""

    class Action(models.TextChoices):
        CREATED = "created", "Brouillon créé"
        UPDATED = "updated", "Modifié"
        SUBMITTED = "submitted", "Soumis à relecture"
        PUBLISHED = "published", "Publié"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        REFUSED = "refused", "Refusé"
        UNPUBLISHED = "unpublished", "Dépublié"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="steps", verbose_name="évènement"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "étape d'évènement"
        verbose_name_plural = "historique des évènements"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["event", "-at"], name="eventstep_event_at")]

    def __str__(self) -> str:
        return f"{self.event} – {self.get_action_display()}"
