"""Open data of the region's collectivités (orientation 13), from OpenDataFrance's
observatory of local open data: one row per collectivité and edition, and the sums
of the indicator per department and for the region, rebuilt after each import."""

from django.db import models

from scoran.lib.fields import WebAddressField, web_address_constraint

from .areas import AreaSum
from .imports import ImportRun
from .territories import SIREN, Department

# The law (CGCT, art. L1112-23) obliges the collectivités "de plus de 3 500
# habitants" to open their data: strictly more, 3,500 inhabitants do not count.
OPEN_DATA_THRESHOLD = 3500
OPEN_DATA_THRESHOLD_LABEL = "3 500"  # as the pages and the indicator's note write it


class CollectivityKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "Intercommunalité (EPCI)"
    DEPARTMENT = "department", "Département"
    REGION = "region", "Région"


class CollectivityOpenDataQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("department", "run__source")

    def over_threshold(self):
        return self.filter(population__gt=OPEN_DATA_THRESHOLD)

    def publishing(self):
        return self.filter(models.Q(platform_datasets__gt=0) | models.Q(datagouv_datasets__gt=0))


class CollectivityOpenData(models.Model):
    """What a collectivité of the region publishes as open data, in one edition of
    the observatory (the edition is the day the file was taken)."""

    Kind = CollectivityKind

    edition = models.DateField("édition")
    siren = models.CharField("SIREN", max_length=9)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=CollectivityKind.choices)
    population = models.PositiveIntegerField("population INSEE")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
        help_text="Vide pour la région.",
    )
    platform_url = WebAddressField("plateforme open data", max_length=500, blank=True)
    platform_datasets = models.PositiveIntegerField("jeux de données sur la plateforme")
    datagouv_datasets = models.PositiveIntegerField("jeux de données sur data.gouv.fr")
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    objects = CollectivityOpenDataQuerySet.as_manager()

    class Meta:
        verbose_name = "données ouvertes d'une collectivité"
        verbose_name_plural = "données ouvertes des collectivités"
        ordering = ["-edition", "name", "siren"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "siren"], name="collectivityopendata_key"),
            models.CheckConstraint(
                condition=models.Q(siren__regex=SIREN), name="collectivityopendata_siren_format"
            ),
            web_address_constraint("platform_url", name="collectivityopendata_platform_url"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.siren}) – {self.edition:%d/%m/%Y}"

    @property
    def platform_link(self) -> str:
        """The platform's address when a page may make it a link (http or https, as
        the database holds it; checked again for a row built without it), else ""."""
        url = self.platform_url.strip()
        return url if url.lower().startswith(("http://", "https://")) else ""

    @property
    def datasets(self) -> int:
        return self.platform_datasets + self.datagouv_datasets

    @property
    def publishes(self) -> bool:
        return self.datasets > 0

    @property
    def over_threshold(self) -> bool:
        return self.population > OPEN_DATA_THRESHOLD


class AreaOpenData(AreaSum):
    """The collectivités of a department (or the region) in one edition: all of them,
    those over the threshold, and how many of each publish at least one dataset."""

    edition = models.DateField("édition")
    collectivities = models.PositiveIntegerField("collectivités")
    publishing = models.PositiveIntegerField("collectivités publiant")
    over_threshold = models.PositiveIntegerField(f"collectivités de plus de {OPEN_DATA_THRESHOLD}")
    over_threshold_publishing = models.PositiveIntegerField(
        f"collectivités de plus de {OPEN_DATA_THRESHOLD} publiant"
    )

    class Meta:
        verbose_name = "ouverture des données d'un territoire"
        verbose_name_plural = "ouverture des données des territoires"
        ordering = ["level", "code", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "edition"], name="areaopendata_key"),
            models.CheckConstraint(
                condition=models.Q(publishing__lte=models.F("collectivities"))
                & models.Q(over_threshold__lte=models.F("collectivities"))
                & models.Q(over_threshold_publishing__lte=models.F("over_threshold")),
                name="areaopendata_counts",
            ),
        ]

    @property
    def share(self) -> float | None:
        """Share (%) of the collectivités over the threshold that publish; None if none."""
        if not self.over_threshold:
            return None
        return 100 * self.over_threshold_publishing / self.over_threshold
