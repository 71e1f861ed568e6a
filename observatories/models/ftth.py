"""FttH deployment: premises connectable to fibre per commune and quarter (Arcep,
"Le marché du haut et très haut débit fixe, déploiements")."""

from django.db import models
from django.db.models import Case, F, OuterRef, Subquery, When

from .areas import AreaSum
from .imports import ImportRun
from .territories import Commune


class Zone(models.TextChoices):
    """Who deploys fibre in the commune (regulatory zones)."""

    ZTD = "ZTD", "Zone très dense"
    AMII = "AMII", "Zone d'initiative privée (AMII)"
    AMEL = "AMEL", "Zone d'initiative privée (AMEL)"
    RIP = "RIP", "Réseau d'initiative publique"


def latest_profile(commune: str = "commune"):
    """For a subquery: the latest profile of the outer row's commune."""
    return CommuneFtth.objects.filter(commune=OuterRef(commune)).order_by("-edition")


def coverage(connectable: str, premises: str) -> Case:
    """Connectable premises over premises (%), None without premises."""
    return Case(
        When(**{f"{premises}__gt": 0}, then=F(connectable) * 100.0 / F(premises)),
        default=None,
        output_field=models.FloatField(),
    )


class FtthDeploymentQuerySet(models.QuerySet):
    def latest_quarter(self):
        """Only the rows of the most recent quarter (of any commune)."""
        latest = FtthDeployment.objects.order_by("-quarter").values("quarter")[:1]
        return self.filter(quarter=Subquery(latest))

    def with_coverage(self):
        """With the premises and zone of the commune's latest profile (best estimate)
        and the coverage (%): connectable premises over those premises, None when the
        commune has no profile or no premises."""
        profile = latest_profile()
        return self.annotate(
            premises=Subquery(profile.values("premises")[:1]),
            zone=Subquery(profile.values("zone")[:1]),
        ).annotate(coverage=coverage("connectable", "premises"))


class FtthDeployment(models.Model):
    """Premises connectable to FttH in a commune at the end of a quarter."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="ftth_deployments", verbose_name="commune"
    )
    quarter = models.DateField("fin du trimestre")
    connectable = models.PositiveIntegerField("locaux raccordables")
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    objects = FtthDeploymentQuerySet.as_manager()

    class Meta:
        verbose_name = "déploiement FttH d'une commune"
        verbose_name_plural = "déploiements FttH des communes"
        ordering = ["commune", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "quarter"], name="ftthdeployment_key"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} – {self.quarter:%d/%m/%Y}"


class CommuneFtth(models.Model):
    """What an edition of the workbook says of a commune besides its quarters: the
    best estimate of its premises, its zone and its infrastructure operators."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="ftth_profiles", verbose_name="commune"
    )
    edition = models.DateField("édition (fin du dernier trimestre)")
    premises = models.PositiveIntegerField("locaux (meilleure estimation)")
    premises_source = models.CharField("source de l'estimation", max_length=100, blank=True)
    zone = models.CharField("zone", max_length=4, choices=Zone.choices)
    commitments = models.CharField("engagements L. 33-13 et AMEL", max_length=255, blank=True)
    operators = models.CharField("opérateurs d'infrastructure", max_length=255, blank=True)
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    class Meta:
        verbose_name = "profil FttH d'une commune"
        verbose_name_plural = "profils FttH des communes"
        ordering = ["commune", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "edition"], name="communeftth_key"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} – {self.edition:%d/%m/%Y}"


class AreaFtth(AreaSum):
    """Connectable premises summed over a territory for one quarter, over the premises
    of the latest edition."""

    quarter = models.DateField("fin du trimestre")
    connectable = models.PositiveIntegerField("locaux raccordables")
    premises = models.PositiveIntegerField("locaux (meilleure estimation)")
    # None for sums written before it was counted: unknown, never an anomaly
    communes = models.PositiveIntegerField("communes déclarées", null=True, blank=True)

    class Meta:
        verbose_name = "déploiement FttH d'un territoire"
        verbose_name_plural = "déploiements FttH des territoires"
        ordering = ["level", "code", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "quarter"], name="areaftth_key"),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {self.quarter:%d/%m/%Y}"

    @property
    def coverage(self) -> float | None:
        """FttH coverage (%): connectable premises over all premises. It may exceed
        100 where the operators count more premises than the best estimate."""
        return 100 * self.connectable / self.premises if self.premises else None


class AreaFtthZone(AreaSum):
    """A territory's communes and premises in one FttH zone, with the infrastructure
    operators named there, in the latest edition."""

    edition = models.DateField("édition (fin du dernier trimestre)")
    zone = models.CharField("zone", max_length=4, choices=Zone.choices)
    communes = models.PositiveIntegerField("communes")
    premises = models.PositiveIntegerField("locaux (meilleure estimation)")
    operators = models.TextField("opérateurs d'infrastructure", blank=True)

    class Meta:
        verbose_name = "zone FttH d'un territoire"
        verbose_name_plural = "zones FttH des territoires"
        ordering = ["level", "code", "zone"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "zone"], name="areaftthzone_key"),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {self.zone}"
