"""Field reports of poor mobile coverage (« remontées terrain », ``/remontees-terrain/``,
orientation 2 of the SCORAN: « le signalement des zones mal couvertes par les équipes
locales »).

An agent (a member of an organisation, signed in) reports a poorly covered zone: its
commune, a point on the map or an address, the operators and the technology concerned,
the usage (outdoors, indoors, on a road, on a railway), when it was observed, what was
seen and, optionally, measurements. Curators review it in the admin through the shared
moderation mechanism (``portal/field_reports/moderation.py``): nouveau → validé,
fusionné avec un doublon (``duplicate_of`` names the report kept) or rejeté with a
reason, each step kept in the history and e-mailed to the reporter. Only the
reporter's organisation and curators see a report; the public sees counts of the
validated ones per commune and operator (a merged report counts once, in its target).

The reporter (``reported_by``) is a person's data: declared in the personal-data
catalogue (``portal/field_reports/catalogues.py``).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from directory.models import Organisation
from observatories.models import Commune, Generation, Operator
from scoran.lib.fields import ChoiceArrayField
from scoran.lib.moderation import HistoryEntry

# Measurements a phone or a field tester gives: received power (RSRP/RSCP/RxLev) in
# dBm, and throughputs in Mbit/s (a 5G link stays far below 10 Gbit/s).
MIN_SIGNAL, MAX_SIGNAL = -150, -20
MAX_THROUGHPUT = 10_000
NUL = "Ce texte contient un caractère nul : retirez-le."


class FieldReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reports of the person's own organisations; all of them for curators
        (staff who may view reports); none for anyone else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff and user.has_perm("portal.view_fieldreport"):
            return self.all()
        return self.filter(organisation__memberships__user=user)

    def counted(self):
        """What the public counts: the validated reports (a merged one counts in its
        target, so not again; new and rejected ones do not count)."""
        return self.filter(state=FieldReport.State.VALIDATED)

    def annotate_duplicates(self):
        """Each report with ``duplicate_count``: the reports merged into it."""
        return self.annotate(duplicate_count=models.Count("duplicates", distinct=True))

    def for_list(self):
        """Rows of a list: the organisation and the commune (1 query)."""
        return self.select_related("organisation", "commune")

    def for_page(self):
        """A report's page: its organisation, reporter, commune and kept report, its
        history with who took each step (2 queries)."""
        return self.select_related(
            "organisation", "reported_by", "commune", "duplicate_of"
        ).prefetch_related(
            models.Prefetch(
                "steps", queryset=FieldReportStep.objects.select_related("by").order_by("at", "pk")
            )
        )

    def demo(self):
        return self.filter(is_demo=True)


class FieldReport(models.Model):
    """A zone of poor mobile coverage reported by an agent."""

    class State(models.TextChoices):
        NEW = "new", "Nouvelle"
        VALIDATED = "validated", "Validée"
        MERGED = "merged", "Fusionnée avec un doublon"
        REJECTED = "rejected", "Rejetée"

    class Usage(models.TextChoices):
        OUTDOOR = "outdoor", "Extérieur"
        INDOOR = "indoor", "Intérieur"
        ROAD = "road", "Axe routier"
        RAIL = "rail", "Voie ferrée"

    Operator = Operator
    Technology = Generation

    uuid = models.UUIDField("identifiant", default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="field_reports",
        verbose_name="structure",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="signalée par",
    )
    # SET_NULL: the territory loader deletes a commune merged into another; the report
    # must survive it (its address or point still says where the zone is).
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="field_reports",
        verbose_name="commune",
    )
    address = models.CharField(
        "adresse ou lieu-dit",
        max_length=300,
        blank=True,
        help_text="Numéro et voie, lieu-dit ou portion de route, sans la commune.",
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    operators = ChoiceArrayField(
        models.CharField(max_length=5, choices=Operator.choices),
        verbose_name="opérateurs concernés",
        help_text="Cochez chaque opérateur dont le réseau est absent ou insuffisant.",
    )
    technology = models.CharField("technologie", max_length=2, choices=Generation.choices)
    usage = models.CharField("usage", max_length=10, choices=Usage.choices)
    observed_on = models.DateField("constatée le")
    observed_time = models.TimeField(
        "heure", null=True, blank=True, help_text="Facultative, par exemple 14:30."
    )
    description = models.TextField(
        "description",
        max_length=5000,
        help_text="Ce que vous avez constaté : appels impossibles, données lentes, coupures…",
    )
    signal_dbm = models.SmallIntegerField(
        "niveau de signal (dBm)",
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_SIGNAL), MaxValueValidator(MAX_SIGNAL)],
        help_text=f"Facultatif, entre {MIN_SIGNAL} et {MAX_SIGNAL} (par exemple -110).",
    )
    download_mbps = models.DecimalField(
        "débit descendant (Mbit/s)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_THROUGHPUT)],
        help_text="Facultatif, mesuré par une application de test de débit.",
    )
    upload_mbps = models.DecimalField(
        "débit montant (Mbit/s)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_THROUGHPUT)],
        help_text="Facultatif.",
    )
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.NEW)
    # PROTECT: a report kept with its duplicates cannot be deleted from under them.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="doublon de",
        help_text="La remontée conservée, pour une remontée fusionnée.",
    )
    is_demo = models.BooleanField(
        "démonstration", default=False, help_text="Remontée inventée pour la démonstration."
    )
    created_at = models.DateTimeField("signalée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = FieldReportQuerySet.as_manager()

    class Meta:
        verbose_name = "remontée terrain"
        verbose_name_plural = "remontées terrain"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["new", "validated", "merged", "rejected"]),
                name="field_report_state_known",
            ),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(duplicate_of__isnull=False),
                name="field_report_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("pk")),
                name="field_report_not_its_own_duplicate",
            ),
            models.CheckConstraint(condition=~Q(operators=[]), name="field_report_operators_named"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="field_report_point",
            ),
            models.CheckConstraint(
                condition=Q(signal_dbm__isnull=True)
                | Q(signal_dbm__gte=MIN_SIGNAL, signal_dbm__lte=MAX_SIGNAL),
                name="field_report_signal_range",
            ),
            models.CheckConstraint(
                condition=(Q(download_mbps__isnull=True) | Q(download_mbps__gte=0))
                & (Q(upload_mbps__isnull=True) | Q(upload_mbps__gte=0)),
                name="field_report_throughputs_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="field_report_org"),
            models.Index(fields=["state", "commune"], name="field_report_state"),
        ]

    def __str__(self) -> str:
        commune = f" – {self.commune.name}" if self.commune_id else ""
        return f"Remontée n° {self.pk}{commune}"

    def get_absolute_url(self) -> str:
        return reverse("field_reports:detail", kwargs={"uuid": self.uuid})

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def operator_labels(self) -> list[str]:
        labels = dict(Operator.choices)
        return [labels.get(code, code) for code in self.operators]

    @property
    def place(self) -> str:
        """« Route de Beaune, Dijon (21231) »."""
        parts = [self.address] if self.address else []
        if self.commune_id:
            parts.append(str(self.commune))
        return ", ".join(parts)

    def clean(self):
        super().clean()
        errors = {name: NUL for name in ("address", "description") if "\x00" in getattr(self, name)}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Indiquez la latitude et la longitude, ou aucune des deux."
        if not self.address.strip() and not self.has_point:
            errors["address"] = (
                "Indiquez une adresse ou un lieu-dit, ou placez le point sur la carte."
            )
        if errors:
            raise ValidationError(errors)


class FieldReportStep(HistoryEntry):
    """One step of a report's history: who moved it, when, with which reason."""

    class Action(models.TextChoices):
        FILED = "filed", "Remontée signalée"
        VALIDATED = "validated", "Validée"
        MERGED = "merged", "Fusionnée avec un doublon"
        REJECTED = "rejected", "Rejetée"

    report = models.ForeignKey(
        FieldReport, on_delete=models.CASCADE, related_name="steps", verbose_name="remontée"
    )
    action = models.CharField("étape", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "étape d'une remontée terrain"
        verbose_name_plural = "historique des remontées terrain"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["report", "at"], name="field_report_step_at")]

    def __str__(self) -> str:
        return f"{self.report} – {self.get_action_display()}"
