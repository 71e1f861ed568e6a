"""The funding guide (guichet unique des financements, SCORAN 9.5 and 9.6): aides
(``Funding``) with their application sessions, their funders and the territory
they cover, proposed by the agents of funder organisations and published by
curators (``scoran.lib.moderation``, the table in ``portal/funding/moderation.py``),
or imported from a national service (``source`` + ``external_id``).

Open or closed is a matter of dates, computed with the Paris local date
(``timezone.localdate()``): an aide without any session is permanent and always
open; otherwise it is open on a day one of its sessions covers, closed once every
session's deadline has passed, and "upcoming" in between.

Territory: an aide covers the whole country (``is_national``) or regions,
departments, EPCIs and communes of the referential. ``territory_keys`` holds them as
keys (``FR``, ``R27``, ``D21``, ``E242100410``, ``C21231``) under a GIN index so that a
commune finds the aides of its EPCI, department, region and the national ones with
one overlap (``Funding.objects.covering(...)``). It is kept by
``portal.funding.services.refresh_territory_keys``: call it after changing the
territory relations (services and the admin do).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from directory.models import Organisation
from observatories.models import Commune
from scoran.lib.fields import WebAddressField
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.html import clean_html
from scoran.lib.lists import search_words
from scoran.lib.markdown import markdown
from scoran.lib.moderation import HistoryEntry, Moderated
from strategy.models import Orientation

# "clôture dans moins de 30 jours" and the reminder to the owner's agents.
CLOSING_SOON_DAYS = 30
NATIONAL_KEY = "FR"


class Kind(models.TextChoices):
    SUBSIDY = "subvention", "Subvention"
    LOAN = "pret", "Prêt"
    RECOVERABLE_ADVANCE = "avance", "Avance remboursable"
    CALL_FOR_PROJECTS = "appel", "Appel à projets"
    TECHNICAL_ENGINEERING = "ingenierie-technique", "Ingénierie technique"
    FINANCIAL_ENGINEERING = "ingenierie-financiere", "Ingénierie financière"
    LEGAL_ENGINEERING = "ingenierie-juridique", "Ingénierie juridique"


class Beneficiary(models.TextChoices):
    COMMUNES = "communes", "Communes"
    EPCIS = "epci", "Intercommunalités"
    DEPARTMENTS = "departements", "Départements"
    REGION = "region", "Région"
    PUBLIC_BODIES = "etablissements-publics", "Établissements publics"
    ASSOCIATIONS = "associations", "Associations"
    COMPANIES = "entreprises", "Entreprises"
    FARMERS = "agriculteurs", "Agriculteurs"
    RESEARCH = "recherche", "Recherche"
    INDIVIDUALS = "particuliers", "Particuliers"


class Recurrence(models.TextChoices):
    ONCE = "ponctuelle", "Ponctuelle"
    PERMANENT = "permanente", "Permanente"
    RECURRING = "recurrente", "Récurrente"


def _sessions(**conditions) -> Exists:
    return Exists(FundingSession.objects.filter(funding=OuterRef("pk"), **conditions))


def _covering(day) -> Q:
    """A session covers ``day`` (a missing bound does not limit it)."""
    return (Q(opens_on__isnull=True) | Q(opens_on__lte=day)) & (
        Q(deadline__isnull=True) | Q(deadline__gte=day)
    )


def _open_condition(day) -> Q:
    """Open on ``day``: no session at all (permanent), or a session covering it."""
    covering = FundingSession.objects.filter(_covering(day), funding=OuterRef("pk"))
    return ~_sessions() | Exists(covering)


def _closed_condition(day) -> Q:
    """Closed on ``day``: it has sessions and every deadline is past."""
    running = FundingSession.objects.filter(
        Q(deadline__isnull=True) | Q(deadline__gte=day), funding=OuterRef("pk")
    )
    return _sessions() & ~Exists(running)


def public_funders(*fields: str) -> models.Prefetch:
    """The funders an aide names to the public: published organisations of the
    directory only (a draft one is neither named nor linked)."""
    return models.Prefetch("funders", queryset=Organisation.objects.published().only(*fields))


class FundingQuerySet(CuratedQuerySet):
    def published(self):
        return self.filter(state=Funding.State.PUBLISHED)

    def visible_to(self, user):
        """Published aides, plus those of the person's own organisations (all of them
        for curators)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if not user.is_authenticated:
            return self.published()
        mine = Organisation.objects.filter(pk=OuterRef("owner_id"), memberships__user=user)
        return self.filter(Q(state=Funding.State.PUBLISHED) | Exists(mine))

    def of_organisations(self, user):
        """Every aide owned by one of the person's organisations."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner__memberships__user=user).distinct()

    # Dates: ``day`` is a local (Paris) date, ``timezone.localdate()`` by default.
    def open_on(self, day=None):
        return self.filter(_open_condition(day or timezone.localdate()))

    def closed_on(self, day=None):
        return self.filter(_closed_condition(day or timezone.localdate()))

    def current(self, day=None):
        """Not closed: open or still to open (the default list)."""
        return self.exclude(_closed_condition(day or timezone.localdate()))

    def closed_last(self, day=None):
        """Ordered by name, the closed ones after the others."""
        closed = models.Case(
            models.When(_closed_condition(day or timezone.localdate()), then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )
        return self.alias(closed=closed).order_by("closed", "name", "pk")

    def closing_soon(self, day=None):
        """Open with a deadline in less than ``CLOSING_SOON_DAYS`` days."""
        day = day or timezone.localdate()
        soon = FundingSession.objects.filter(
            _covering(day),
            funding=OuterRef("pk"),
            deadline__lte=day + timedelta(days=CLOSING_SOON_DAYS - 1),
        )
        return self.filter(Exists(soon))

    def covering(self, keys: list[str]):
        """Aides whose territory holds one of ``keys`` (a commune's own key and its
        EPCI's, department's, region's and ``FR``: see ``territory_keys_of``)."""
        return self.filter(territory_keys__overlap=list(keys))

    SEARCH = ("name__icontains", "summary__icontains", "funder_names__icontains")

    def search(self, text: str):
        """Words searched in the name, the summary and the funders' names."""
        return search_words(self, text, self.SEARCH)

    def for_list(self):
        """Cards of the list: owner, funders and sessions (3 queries)."""
        return self.select_related("owner").prefetch_related(
            public_funders("slug", "name"),
            "sessions",
        )

    def for_page(self):
        """An aide's page: owner, source, funders, sessions, orientations and territory
        (8 queries)."""
        return self.select_related("owner", "source").prefetch_related(
            public_funders("slug", "name"),
            "sessions",
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title")),
            "regions",
            "departments",
            "epcis",
            models.Prefetch("communes", queryset=Commune.objects.only("code", "name")),
        )

    def for_export(self):
        """Rows of the CSV and XLSX exports (4 queries)."""
        return self.select_related("owner").prefetch_related(
            public_funders("name"),
            "sessions",
            models.Prefetch("orientations", queryset=Orientation.objects.only("number")),
        )


class Funding(Moderated, Curated):
    """An aide: a way to fund or support a project, with who funds it, for whom, where,
    how much and until when."""

    Kind = Kind
    Beneficiary = Beneficiary
    Recurrence = Recurrence

    # What the owner's agents write (the agents' form), and the relations among them.
    CONTENT_FIELDS = (
        "name",
        "summary",
        "description",
        "funder_names",
        "kinds",
        "beneficiaries",
        "is_national",
        "territory_note",
        "subsidy_rate_min",
        "subsidy_rate_max",
        "amount_min",
        "amount_max",
        "recurrence",
        "application_url",
        "information_url",
        "contact",
    )
    CONTENT_RELATIONS = ("funders", "orientations", "regions", "departments", "epcis", "communes")
    # What an import writes; a curator's change to one of them on an imported aide is
    # remembered in ``locally_edited`` so that the next import leaves it alone.
    IMPORTED_FIELDS = (
        *CONTENT_FIELDS,
        "origin_url",
        "licence",
        *(relation for relation in CONTENT_RELATIONS if relation != "orientations"),
    )

    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    name = models.CharField("nom", max_length=250)
    summary = models.CharField(
        "résumé", max_length=400, help_text="Une ou deux phrases, montrées dans les listes."
    )
    description = models.TextField(
        "description",
        blank=True,
        help_text="Markdown. Celle d'une aide importée est du HTML nettoyé à l'import.",
    )
    funders = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="funded_aids",
        verbose_name="financeurs de l'annuaire",
    )
    funder_names = models.TextField(
        "autres financeurs",
        blank=True,
        help_text="Ceux qui ne sont pas dans l'annuaire, un par ligne.",
    )
    kinds = ArrayField(
        models.CharField(max_length=30, choices=Kind.choices),
        verbose_name="natures de l'aide",
        default=list,
    )
    beneficiaries = ArrayField(
        models.CharField(max_length=30, choices=Beneficiary.choices),
        verbose_name="bénéficiaires",
        default=list,
        blank=True,
    )
    # Territory
    is_national = models.BooleanField("aide nationale", default=False)
    regions = models.ManyToManyField(
        "observatories.Region", blank=True, related_name="fundings", verbose_name="régions"
    )
    departments = models.ManyToManyField(
        "observatories.Department",
        blank=True,
        related_name="fundings",
        verbose_name="départements",
    )
    epcis = models.ManyToManyField(
        "observatories.EPCI", blank=True, related_name="fundings", verbose_name="intercommunalités"
    )
    communes = models.ManyToManyField(
        "observatories.Commune", blank=True, related_name="fundings", verbose_name="communes"
    )
    territory_note = models.CharField(
        "périmètre (texte)",
        max_length=250,
        blank=True,
        help_text="Le périmètre tel que la source le nomme, quand il n'est pas dans le "
        "référentiel.",
    )
    territory_keys = ArrayField(
        models.CharField(max_length=12),
        default=list,
        blank=True,
        editable=False,
        verbose_name="clés de territoire",
    )
    orientations = models.ManyToManyField(
        "strategy.Orientation", blank=True, related_name="fundings", verbose_name="orientations"
    )
    # How much
    subsidy_rate_min = models.PositiveSmallIntegerField(
        "taux de subvention minimal (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    subsidy_rate_max = models.PositiveSmallIntegerField(
        "taux de subvention maximal (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    amount_min = models.DecimalField(
        "montant minimal (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    amount_max = models.DecimalField(
        "montant maximal (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    recurrence = models.CharField(
        "récurrence", max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    # How to apply
    application_url = WebAddressField("adresse de dépôt", max_length=500, blank=True)
    information_url = WebAddressField("adresse d'information", max_length=500, blank=True)
    contact = models.TextField(
        "contact",
        blank=True,
        help_text="Un service ou une adresse de fonction : il est publié.",
    )
    # Who: the organisation whose agents keep it (none for an imported aide).
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_aids",
        verbose_name="structure qui la tient à jour",
    )
    # Provenance: null ``source`` for an aide written here.
    source = models.ForeignKey(
        "observatories.DataSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name="source",
    )
    external_id = models.CharField("identifiant dans la source", max_length=100, blank=True)
    origin_url = WebAddressField("page d'origine", max_length=500, blank=True)
    licence = models.CharField(
        "licence et provenance",
        max_length=300,
        blank=True,
        help_text="Sous quelle licence la source partage cette aide, et qui l'a publiée.",
    )
    locally_edited = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        verbose_name="champs modifiés localement",
        help_text="Champs d'une aide importée changés par l'équipe : l'import suivant ne "
        "les remplace pas.",
    )
    is_demo = models.BooleanField("démonstration", default=False, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = "aide"
        verbose_name_plural = "aides"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=Q(source__isnull=False),
                name="funding_source_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=True) | ~Q(external_id=""),
                name="funding_imported_has_external_id",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_rate_min__isnull=True) | Q(subsidy_rate_min__lte=100),
                name="funding_rate_min_percent",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_rate_max__isnull=True) | Q(subsidy_rate_max__lte=100),
                name="funding_rate_max_percent",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_rate_min__isnull=True)
                | Q(subsidy_rate_max__isnull=True)
                | Q(subsidy_rate_min__lte=models.F("subsidy_rate_max")),
                name="funding_rates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="funding_amounts_in_order",
            ),
        ]
        indexes = [
            GinIndex(fields=["territory_keys"], name="funding_territory_keys_gin"),
            GinIndex(fields=["kinds"], name="funding_kinds_gin"),
            GinIndex(fields=["beneficiaries"], name="funding_beneficiaries_gin"),
            models.Index(fields=["state", "submitted_at"], name="funding_review_queue"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        low, high = self.subsidy_rate_min, self.subsidy_rate_max
        if low is not None and high is not None and low > high:
            errors["subsidy_rate_max"] = "Le taux maximal ne peut pas être inférieur au minimal."
        low, high = self.amount_min, self.amount_max
        if low is not None and high is not None and low > high:
            errors["amount_max"] = "Le montant maximal ne peut pas être inférieur au minimal."
        if errors:
            raise ValidationError(errors)

    @property
    def public_owner(self) -> Organisation | None:
        """The owner organisation, if the public may see it."""
        owner = self.owner
        return owner if owner is not None and owner.is_published else None

    @property
    def is_imported(self) -> bool:
        return self.source_id is not None

    @property
    def description_html(self) -> str:
        """The description for a page: Markdown for an aide written here; for an
        imported one, its HTML (sanitised at import) sanitised once more on the way
        out, so that a hand edit in the admin cannot bring a script back."""
        if self.is_imported:
            cleaned = clean_html(self.description)  # the one list of what may stay
            return mark_safe(cleaned)  # noqa: S308 - sanitised just above
        return markdown(self.description)

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(Kind.choices)
        return [labels.get(kind, kind) for kind in self.kinds]

    @property
    def beneficiary_labels(self) -> list[str]:
        labels = dict(Beneficiary.choices)
        return [labels.get(value, value) for value in self.beneficiaries]

    @property
    def other_funders(self) -> list[str]:
        return [name.strip() for name in self.funder_names.splitlines() if name.strip()]

    @property
    def all_funder_names(self) -> list[str]:
        """Every funder's name: the directory's (prefetched), then the others."""
        return [funder.name for funder in self.funders.all()] + self.other_funders

    # Dates, on the sessions (prefetched by ``for_list`` / ``for_page``).
    def _sessions(self) -> list["FundingSession"]:
        return list(self.sessions.all())

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        sessions = self._sessions()
        return not sessions or any(session.covers(day) for session in sessions)

    def is_closed(self, day=None) -> bool:
        day = day or timezone.localdate()
        sessions = self._sessions()
        return bool(sessions) and all(
            session.deadline is not None and session.deadline < day for session in sessions
        )

    def next_deadline(self, day=None):
        """The nearest deadline of a session open on ``day``, if any."""
        day = day or timezone.localdate()
        deadlines = [s.deadline for s in self._sessions() if s.covers(day) and s.deadline]
        return min(deadlines, default=None)

    def next_opening(self, day=None):
        """When it opens, if it is not open yet."""
        day = day or timezone.localdate()
        openings = [s.opens_on for s in self._sessions() if s.opens_on and s.opens_on > day]
        return min(openings, default=None)

    def days_left(self, day=None) -> int | None:
        day = day or timezone.localdate()
        deadline = self.next_deadline(day)
        return None if deadline is None else (deadline - day).days

    def is_closing_soon(self, day=None) -> bool:
        left = self.days_left(day)
        return left is not None and left < CLOSING_SOON_DAYS


class FundingSession(models.Model):
    """One application session of an aide: when it opens, its deadline (either may
    be unknown). The reminder to the owner's agents is sent once per session."""

    funding = models.ForeignKey(
        Funding, on_delete=models.CASCADE, related_name="sessions", verbose_name="aide"
    )
    opens_on = models.DateField("ouverture", null=True, blank=True)
    deadline = models.DateField("date limite de dépôt", null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        "rappel envoyé le", null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "session de dépôt"
        verbose_name_plural = "sessions de dépôt"
        ordering = ["funding", models.F("deadline").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(deadline__isnull=True)
                | Q(opens_on__lte=models.F("deadline")),
                name="fundingsession_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["funding", "deadline"], name="fundingsession_deadline")]

    def __str__(self) -> str:
        return f"{self.funding} – {self.deadline or 'sans date limite'}"

    def clean(self):
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": "La date limite ne peut pas précéder l'ouverture."})

    def covers(self, day) -> bool:
        return (self.opens_on is None or self.opens_on <= day) and (
            self.deadline is None or self.deadline >= day
        )


class FundingEvent(HistoryEntry):
    """One step of an aide's history."""

    class Action(models.TextChoices):
        CREATED = "created", "Brouillon créé"
        UPDATED = "updated", "Modifiée"
        SUBMITTED = "submitted", "Soumise à relecture"
        PUBLISHED = "published", "Publiée"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        REFUSED = "refused", "Refusée"
        UNPUBLISHED = "unpublished", "Dépubliée"
        IMPORTED = "imported", "Importée"

    funding = models.ForeignKey(
        Funding, on_delete=models.CASCADE, related_name="events", verbose_name="aide"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "étape d'aide"
        verbose_name_plural = "historique des aides"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["funding", "-at"], name="fundingevent_funding_at")]

    def __str__(self) -> str:
        return f"{self.funding} – {self.get_action_display()}"
