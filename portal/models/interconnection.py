"""Interconnection requests to the regional backbone, the Dorsale (``/dorsale/``,
orientation 1 of the SCORAN: « un point d'accès dédié … pour effectuer les demandes
d'interconnexion », analysed by the public networks (RIP) and the Region).

An agent of a public organisation (``PUBLIC_KINDS``) files a request for one to
``MAX_SITES`` sites; curators move it through its steps in the admin (reçue → à
l'étude → devis envoyé → raccordée, or refusée with a reason) by the shared
moderation mechanism (``scoran.lib.moderation``: the table in
``portal/interconnection/moderation.py``), each step kept in the history. Only the
requesting organisation's agents and curators see a request; the public sees counts.

Its contact (name, e-mail, telephone) is a person's data: declared in the
personal-data catalogue (``portal/interconnection/catalogues.py``).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from directory.models import Organisation
from observatories.models import Commune
from scoran.lib.moderation import HistoryEntry

# The organisations whose agents may file: collectivities and public bodies (the
# Dorsale links public sites). Companies, associations, operators, third places and
# « autre » may not.
PUBLIC_KINDS = frozenset(
    {
        Organisation.Kind.REGION,
        Organisation.Kind.DEPARTMENT,
        Organisation.Kind.EPCI,
        Organisation.Kind.COMMUNE,
        Organisation.Kind.SYNDICATE,
        Organisation.Kind.STATE,
        Organisation.Kind.CHAMBER,
        Organisation.Kind.RESEARCH,
    }
)
MAX_SITES = 20
# Capacity asked, in Mbit/s: from 1 Mbit/s to 100 Gbit/s.
MIN_CAPACITY, MAX_CAPACITY = 1, 100_000

PHONE = RegexValidator(
    r"^\+?[0-9][0-9 .\-]{5,22}[0-9]$",
    "Indiquez un numéro de téléphone : des chiffres, avec des espaces, points ou tirets "
    "si vous le souhaitez (par exemple 03 80 00 00 00 ou +33 3 80 00 00 00).",
)
NUL = "Ce texte contient un caractère nul : retirez-le."


class InterconnectionRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests of the person's own organisations; all of them for curators
        (staff who may view requests); none for anyone else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff and user.has_perm("portal.view_interconnectionrequest"):
            return self.all()
        return self.filter(organisation__memberships__user=user)

    def for_list(self):
        """Rows of a list: the organisation and the number of sites (1 query)."""
        return self.select_related("organisation").annotate(site_count=models.Count("sites"))

    def for_page(self):
        """A request's page: its organisation and requester, its sites with their
        communes, its history with who took each step (3 queries)."""
        return self.select_related("organisation", "requested_by").prefetch_related(
            models.Prefetch(
                "sites",
                queryset=InterconnectionSite.objects.select_related("commune").order_by("position"),
            ),
            models.Prefetch(
                "steps", queryset=InterconnectionStep.objects.select_related("by").order_by("at")
            ),
        )

    def demo(self):
        return self.filter(is_demo=True)


class InterconnectionRequest(models.Model):
    """A request to connect public sites to the Dorsale."""

    class State(models.TextChoices):
        RECEIVED = "received", "Reçue"
        STUDYING = "studying", "À l'étude"
        QUOTE_SENT = "quote_sent", "Devis envoyé"
        CONNECTED = "connected", "Raccordée"
        REFUSED = "refused", "Refusée"
        WITHDRAWN = "withdrawn", "Retirée"

    class Use(models.TextChoices):
        GFU = "gfu", "GFU (groupe fermé d'utilisateurs)"
        GIP = "gip", "GIP (groupement d'intérêt public)"
        OTHER = "autre", "Autre usage"

    OPEN_STATES = frozenset({State.RECEIVED, State.STUDYING, State.QUOTE_SENT})

    uuid = models.UUIDField("identifiant", default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="interconnection_requests",
        verbose_name="structure demandeuse",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposée par",
    )
    subject = models.CharField(
        "objet de la demande",
        max_length=200,
        help_text="Par exemple : raccordement des collèges du département.",
    )
    use = models.CharField("usage", max_length=10, choices=Use.choices)
    use_detail = models.CharField(
        "précision sur l'usage",
        max_length=200,
        blank=True,
        help_text="Obligatoire pour un autre usage.",
    )
    capacity_mbps = models.PositiveIntegerField(
        "débit souhaité (Mbit/s)",
        validators=[MinValueValidator(MIN_CAPACITY), MaxValueValidator(MAX_CAPACITY)],
        help_text="En mégabits par seconde : 1 000 pour 1 Gbit/s.",
    )
    desired_date = models.DateField("date de raccordement souhaitée")
    description = models.TextField(
        "précisions", blank=True, max_length=5000, help_text="Texte libre, facultatif."
    )
    contact_name = models.CharField("nom du contact", max_length=200)
    contact_email = models.EmailField("adresse électronique du contact")
    contact_phone = models.CharField(
        "téléphone du contact", max_length=30, blank=True, validators=[PHONE]
    )
    state = models.CharField("étape", max_length=20, choices=State.choices, default=State.RECEIVED)
    is_demo = models.BooleanField(
        "démonstration", default=False, help_text="Demande inventée pour la démonstration."
    )
    created_at = models.DateTimeField("déposée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = InterconnectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'interconnexion"
        verbose_name_plural = "demandes d'interconnexion"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_mbps__gte=MIN_CAPACITY, capacity_mbps__lte=MAX_CAPACITY),
                name="interconnection_capacity_range",
            ),
            models.CheckConstraint(
                condition=~Q(use="autre") | ~Q(use_detail=""),
                name="interconnection_other_use_detailed",
                violation_error_message="Précisez l'usage prévu.",
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "received",
                        "studying",
                        "quote_sent",
                        "connected",
                        "refused",
                        "withdrawn",
                    ]
                ),
                name="interconnection_state_known",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="interconnection_org"),
            models.Index(fields=["state", "created_at"], name="interconnection_state"),
        ]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} – {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("interconnection:detail", kwargs={"uuid": self.uuid})

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def capacity_label(self) -> str:
        """« 500 Mbit/s », « 1 Gbit/s », « 2,5 Gbit/s »."""
        if self.capacity_mbps >= 1000:
            gigabits = f"{self.capacity_mbps / 1000:g}".replace(".", ",")
            return f"{gigabits} Gbit/s"
        return f"{self.capacity_mbps} Mbit/s"

    @property
    def use_label(self) -> str:
        if self.use == self.Use.OTHER and self.use_detail:
            return f"{self.get_use_display()} : {self.use_detail}"
        return self.get_use_display()

    def clean(self):
        super().clean()
        errors = {
            name: NUL
            for name in (
                "subject",
                "use_detail",
                "description",
                "contact_name",
                "contact_email",
                "contact_phone",
            )
            if "\x00" in getattr(self, name)
        }
        if self.use == self.Use.OTHER and not self.use_detail.strip():
            errors["use_detail"] = "Précisez l'usage prévu."
        if errors:
            raise ValidationError(errors)


class InterconnectionSite(models.Model):
    """A site to connect: its commune, and its address or a point (or both)."""

    request = models.ForeignKey(
        InterconnectionRequest,
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name="demande",
    )
    position = models.PositiveSmallIntegerField("rang")
    name = models.CharField(
        "nom du site", max_length=200, help_text="Par exemple : mairie, collège Jean-Moulin."
    )
    address = models.CharField(
        "adresse", max_length=300, blank=True, help_text="Numéro et voie, sans la commune."
    )
    # SET_NULL: the territory loader deletes a commune merged into another; the request
    # must survive it (its address or point still says where the site is).
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interconnection_sites",
        verbose_name="commune",
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)

    class Meta:
        verbose_name = "site à raccorder"
        verbose_name_plural = "sites à raccorder"
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"], name="interconnection_site_rank"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="interconnection_site_point",
            ),
            models.CheckConstraint(
                condition=~Q(address="") | Q(latitude__isnull=False),
                name="interconnection_site_located",
                violation_error_message="Indiquez l'adresse du site ou placez-le sur la carte.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def place(self) -> str:
        """« 2 rue…, Dijon (21231) »."""
        parts = [self.address] if self.address else []
        if self.commune_id:
            parts.append(str(self.commune))
        return ", ".join(parts)

    def clean(self):
        super().clean()
        errors = {name: NUL for name in ("name", "address") if "\x00" in getattr(self, name)}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Indiquez la latitude et la longitude, ou aucune des deux."
        if not self.address.strip() and not self.has_point:
            errors["address"] = "Indiquez l'adresse du site ou placez-le sur la carte."
        if errors:
            raise ValidationError(errors)


class InterconnectionStep(HistoryEntry):
    """One step of a request's history: who moved it, when, with which message."""

    class Action(models.TextChoices):
        RECEIVED = "received", "Demande reçue"
        STUDYING = "studying", "Mise à l'étude"
        QUOTE_SENT = "quote_sent", "Devis envoyé"
        CONNECTED = "connected", "Raccordée"
        REFUSED = "refused", "Refusée"
        WITHDRAWN = "withdrawn", "Retirée"

    request = models.ForeignKey(
        InterconnectionRequest,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name="demande",
    )
    action = models.CharField("étape", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "étape d'une demande d'interconnexion"
        verbose_name_plural = "historique des demandes d'interconnexion"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["request", "at"], name="interconnectionstep_at")]

    def __str__(self) -> str:
        return f"{self.request} – {self.get_action_display()}"
