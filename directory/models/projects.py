"""Innovative projects (the annuaire des projets innovants): what an organisation
carries, its moderation by curators, its history, and the follow-up of the projects
that are SCORAN actions (section 9.4).

Moderation states: an agent writes a ``DRAFT`` → ``SUBMITTED`` → a curator
publishes it (``PUBLISHED``), asks for changes (``CHANGES_REQUESTED``, back to the
agent) or refuses it (``REFUSED``). Only published projects are public.

Updating a published project: when ``PROJECTS_REVIEW_UPDATES`` is on, the agent edits
a *revision* (a row with ``revision_of`` set, never public) that goes through the same
review; once published, its content replaces the original's and the revision goes.
The public keeps seeing the published version meanwhile. When the setting is off,
edits of a published project are public at once (and kept in the history).
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from observatories.models import Commune
from scoran.lib.fields import WebAddressField
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.lists import search_words
from scoran.lib.moderation import HistoryEntry, Moderated
from strategy.models import ActionTrack, Orientation

from .organisations import Organisation


class ProjectQuerySet(CuratedQuerySet):
    def published(self):
        """What the public sees: published originals, never a revision."""
        return self.filter(state=Project.State.PUBLISHED, revision_of__isnull=True)

    # Public reads (directory/projects/selectors.py holds those of other apps).
    def for_list(self):
        """Cards of the list: carrier with its commune, orientations (2 queries)."""
        return self.select_related("organisation__commune").prefetch_related(
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title"))
        )

    def for_page(self):
        """A project's page: carrier, partners, territory, strategy, images, documents
        and fundings (10 queries, whatever their number)."""
        return self.select_related("organisation__commune__department").prefetch_related(
            models.Prefetch("partners", queryset=Organisation.objects.only("slug", "name")),
            models.Prefetch(
                "communes", queryset=Commune.objects.only("code", "name").order_by("name")
            ),
            "epcis",
            "departments",
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title")),
            models.Prefetch(
                "action_tracks",
                queryset=ActionTrack.objects.select_related("orientation").only(
                    "position", "title", "orientation__number", "orientation__title"
                ),
            ),
            "images",
            "documents",
            "fundings",
        )

    def for_export(self):
        """Rows of the CSV and XLSX exports: what the list shows and more (7 queries)."""
        return self.select_related("organisation__commune").prefetch_related(
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title")),
            models.Prefetch("partners", queryset=Organisation.objects.only("name")),
            models.Prefetch("communes", queryset=Commune.objects.only("code", "name")),
            models.Prefetch(
                "action_tracks",
                queryset=ActionTrack.objects.select_related("orientation").only(
                    "position", "orientation__number"
                ),
            ),
            "fundings",
        )

    SEARCH = (
        "title__icontains",
        "summary__icontains",
        "description__icontains",
        "organisation__name__icontains",
    )

    def search(self, text: str):
        """Words searched in the title, the summary, the description and the carrier's
        name (``icontains``, as the directory: hundreds of rows, acronyms typed)."""
        return search_words(self, text, self.SEARCH)

    def originals(self):
        return self.filter(revision_of__isnull=True)

    def of_organisations(self, user):
        """Every project (drafts and revisions included) of the person's organisations."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def visible_to(self, user):
        """Published projects, plus those of the person's own organisations (all of
        them for curators). Revisions are reached through their original."""
        originals = self.originals()
        if user.is_authenticated and user.is_staff:
            return originals
        if not user.is_authenticated:
            return self.published()
        mine = Organisation.objects.filter(
            pk=models.OuterRef("organisation_id"), memberships__user=user
        )
        return originals.filter(Q(state=Project.State.PUBLISHED) | models.Exists(mine))

    # The steering rules, in SQL; ``Project.is_late`` / ``is_over_budget`` say the
    # same of one project in Python (a test holds the two spellings together).
    def late(self, today=None):
        """SCORAN actions past their planned end and not finished."""
        return self.filter(_late_condition(today or timezone.localdate()))

    def over_budget(self):
        """SCORAN actions that spent more than planned."""
        return self.filter(_over_budget_condition())

    def for_steering(self, today=None):
        """Late or over-budget SCORAN actions (originals), with their carrier, flagged
        ``late`` / ``over_budget``, the latest planned end first."""
        today = today or timezone.localdate()
        late, over = _late_condition(today), _over_budget_condition()
        return (
            self.originals()
            .filter(late | over)
            .select_related("organisation")
            .annotate(
                late=models.ExpressionWrapper(late, output_field=models.BooleanField()),
                over_budget=models.ExpressionWrapper(over, output_field=models.BooleanField()),
            )
            .order_by(models.F("planned_end").asc(nulls_last=True), "title", "pk")
        )

    def for_agents(self, user):
        """The originals of the person's organisations for their list: carrier, pending
        revision and the latest message of a curator, in one query."""
        curators_say = (
            ProjectEvent.objects.filter(
                project=models.OuterRef("pk"), action__in=ProjectEvent.CURATOR_ACTIONS
            )
            .exclude(message="")
            .order_by("-at", "-pk")
        )
        return (
            self.originals()
            .of_organisations(user)
            .select_related("organisation", "revision")
            .annotate(
                curator_message=models.Subquery(curators_say.values("message")[:1]),
                curator_message_at=models.Subquery(curators_say.values("at")[:1]),
            )
            .order_by("organisation__name", "-updated_at", "pk")
        )


def _late_condition(today) -> Q:
    return Q(is_scoran_action=True, planned_end__lt=today, actual_end__isnull=True) & ~Q(
        status__in=[Project.Status.DONE, Project.Status.ABANDONED]
    )


def _over_budget_condition() -> Q:
    return Q(is_scoran_action=True, budget_spent__gt=models.F("budget_planned"))


class Project(Curated, Moderated):
    """A project; its moderation (``state``, ``submitted_at``, ``published_at``) is
    that of ``scoran.lib.moderation``, its table in ``directory/projects/moderation.py``."""

    class Status(models.TextChoices):
        IDEA = "idea", "Idée"
        ONGOING = "ongoing", "En cours"
        DONE = "done", "Réalisé"
        ABANDONED = "abandoned", "Abandonné"

    class Evaluation(models.TextChoices):
        MAINTAIN = "maintain", "Maintenir"
        EXTEND = "extend", "Étendre"
        ABANDON = "abandon", "Abandonner"

    # What the organisation writes (and a revision carries).
    CONTENT_FIELDS = (
        "title",
        "summary",
        "description",
        "partner_names",
        "status",
        "start_date",
        "end_date",
        "budget",
        "results",
        "contact_email",
        "website",
    )
    CONTENT_RELATIONS = (
        "partners",
        "communes",
        "epcis",
        "departments",
        "orientations",
        "action_tracks",
    )

    slug = models.SlugField("identifiant dans l'adresse", max_length=120)
    title = models.CharField("titre", max_length=200)
    summary = models.CharField(
        "résumé", max_length=300, help_text="Une ou deux phrases, montrées dans les listes."
    )
    description = models.TextField("description", help_text="Markdown.")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="structure porteuse",
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_projects",
        verbose_name="partenaires de l'annuaire",
    )
    partner_names = models.TextField(
        "autres partenaires",
        blank=True,
        help_text="Ceux qui ne sont pas dans l'annuaire, un par ligne.",
    )
    communes = models.ManyToManyField(
        "observatories.Commune", blank=True, related_name="projects", verbose_name="communes"
    )
    epcis = models.ManyToManyField(
        "observatories.EPCI", blank=True, related_name="projects", verbose_name="intercommunalités"
    )
    departments = models.ManyToManyField(
        "observatories.Department", blank=True, related_name="projects", verbose_name="départements"
    )
    # Departments the project touches, from its territory (communes, EPCI, departments)
    # or else its carrier's commune: kept by ``services.refresh_department_codes`` for
    # the department filter and the map, so that neither joins four tables.
    department_codes = ArrayField(
        models.CharField(max_length=3),
        default=list,
        blank=True,
        editable=False,
        verbose_name="départements concernés",
    )
    orientations = models.ManyToManyField(
        "strategy.Orientation", blank=True, related_name="projects", verbose_name="orientations"
    )
    action_tracks = models.ManyToManyField(
        "strategy.ActionTrack", blank=True, related_name="projects", verbose_name="pistes d'action"
    )
    status = models.CharField(
        "avancement", max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    budget = models.DecimalField(
        "budget total (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    results = models.TextField("résultats", blank=True, help_text="Markdown.")
    contact_email = models.EmailField(
        "adresse de contact publique",
        blank=True,
        help_text="Une adresse de fonction, pas celle d'une personne : elle est publiée.",
    )
    website = WebAddressField("site du projet", max_length=300, blank=True)

    # Moderation (the state and its dates come from ``Moderated``)
    revision_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revision",
        verbose_name="modification du projet publié",
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
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    # Follow-up of a SCORAN action (section 9.4), kept by curators and the carrier.
    is_scoran_action = models.BooleanField(
        "action de la SCORAN", default=False, help_text="Suivie par le comité de pilotage."
    )
    progress = models.PositiveSmallIntegerField(
        "avancement (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    planned_start = models.DateField("début prévu", null=True, blank=True)
    planned_end = models.DateField("fin prévue", null=True, blank=True)
    actual_start = models.DateField("début réel", null=True, blank=True)
    actual_end = models.DateField("fin réelle", null=True, blank=True)
    budget_planned = models.DecimalField(
        "budget prévu (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    budget_spent = models.DecimalField(
        "dépenses engagées (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    evaluation = models.CharField(
        "dernière évaluation", max_length=10, choices=Evaluation.choices, blank=True
    )
    evaluated_on = models.DateField("évaluée le", null=True, blank=True)
    evaluation_comment = models.TextField("commentaire de l'évaluation", blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "projet"
        verbose_name_plural = "projets"
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(revision_of__isnull=True), name="project_slug_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="project_planned_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="project_progress_percent",
            ),
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True) | ~Q(state="published"),
                name="project_revision_never_published",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="project_review_queue"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        original = self.revision_of or self
        return reverse("projects:detail", kwargs={"slug": original.slug})

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED and self.revision_of_id is None

    def clean(self):
        errors = {}
        pairs = (
            ("start_date", "end_date", "La fin ne peut pas précéder le début."),
            ("planned_start", "planned_end", "La fin prévue ne peut pas précéder le début prévu."),
            ("actual_start", "actual_end", "La fin réelle ne peut pas précéder le début réel."),
        )
        for start, end, message in pairs:
            if (
                getattr(self, start)
                and getattr(self, end)
                and getattr(self, end) < getattr(self, start)
            ):
                errors[end] = message
        if errors:
            raise ValidationError(errors)

    @property
    def pending_revision(self) -> "Project | None":
        """The revision of this published project under way, if any (preloaded by
        ``select_related("revision")``)."""
        try:
            return self.revision
        except Project.DoesNotExist:
            return None

    @property
    def other_partners(self) -> list[str]:
        """The partners that are not in the directory, one per line of ``partner_names``."""
        return [name.strip() for name in self.partner_names.splitlines() if name.strip()]

    def is_late(self, today=None) -> bool:
        """A SCORAN action past its planned end and not finished."""
        today = today or timezone.localdate()
        return bool(
            self.is_scoran_action
            and self.planned_end
            and self.planned_end < today
            and self.actual_end is None
            and self.status not in (self.Status.DONE, self.Status.ABANDONED)
        )

    def is_over_budget(self) -> bool:
        return bool(
            self.is_scoran_action
            and self.budget_planned is not None
            and self.budget_spent is not None
            and self.budget_spent > self.budget_planned
        )


def project_file_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/{instance.project_id}/{secrets.token_hex(8)}.{extension}"


class ProjectImage(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="images", verbose_name="projet"
    )
    image = models.ImageField("image", upload_to=project_file_path)
    alt_text = models.CharField(
        "texte alternatif",
        max_length=250,
        help_text="Ce que montre l'image, pour les personnes qui ne la voient pas.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "image de projet"
        verbose_name_plural = "images de projets"
        ordering = ["project", "position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


# What a document is, for its link ("PDF, 1,2 Mo"): its type as checked on upload.
DOCUMENT_KINDS = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "text/csv": "CSV",
}


class ProjectDocument(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="documents", verbose_name="projet"
    )
    file = models.FileField("fichier", upload_to=project_file_path)
    title = models.CharField("titre", max_length=200)
    content_type = models.CharField("type", max_length=100, editable=False)
    size = models.PositiveIntegerField("taille (octets)", editable=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "document de projet"
        verbose_name_plural = "documents de projets"
        ordering = ["project", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return DOCUMENT_KINDS.get(self.content_type, "fichier")


class ProjectFunding(models.Model):
    """One funding source of a project and, when known, its amount."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="fundings", verbose_name="projet"
    )
    funder = models.CharField(
        "financeur", max_length=200, help_text="Par exemple : Région, FEDER, DETR…"
    )
    amount = models.DecimalField(
        "montant (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = "financement de projet"
        verbose_name_plural = "financements de projets"
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.funder


class ProjectEvent(HistoryEntry):
    """One step of a project's history: who did what, when, with which message. The
    person is removed when their account is deleted; the step stays."""

    class Action(models.TextChoices):
        CREATED = "created", "Brouillon créé"
        UPDATED = "updated", "Modifié"
        SUBMITTED = "submitted", "Soumis à relecture"
        PUBLISHED = "published", "Publié"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        REFUSED = "refused", "Refusé"
        UNPUBLISHED = "unpublished", "Dépublié"
        FOLLOW_UP = "follow_up", "Suivi mis à jour"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="events", verbose_name="projet"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)
    on_revision = models.BooleanField("sur une modification du projet publié", default=False)

    class Meta:
        verbose_name = "étape de projet"
        verbose_name_plural = "historique des projets"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["project", "-at"], name="projectevent_project_at")]

    # Steps a curator takes, whose message the agents read.
    CURATOR_ACTIONS = (
        Action.CHANGES_REQUESTED,
        Action.REFUSED,
        Action.UNPUBLISHED,
        Action.PUBLISHED,
    )

    def __str__(self) -> str:
        return f"{self.project} – {self.get_action_display()}"
