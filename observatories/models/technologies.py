"""Premises by the best technology that reaches them ("Ma connexion internet",
``commune_meilleure_techno_thd``)."""

from django.db import models
from django.db.models import F, Q

from .areas import AreaSum
from .imports import ImportRun
from .territories import Commune


class TechnologyStatsQuerySet(models.QuerySet):
    def latest_with_source(self):
        """The most recent edition of these rows, with its import and source (1 query)."""
        return self.select_related("run__source").order_by("-edition").first()


class TechnologyFields(models.Model):
    """Each premises eligible to at least 8 Mbit/s is counted once, under its best
    technology: the THD ones (≥ 30 Mbit/s) first, then those giving 8 to 30 Mbit/s.
    The counts are exclusive, so they add up to at most the premises."""

    edition = models.DateField("édition (date des données)")
    premises = models.PositiveIntegerField("locaux")
    eligible_8 = models.PositiveIntegerField("éligibles ≥ 8 Mbit/s (toutes technologies)")
    ftth = models.PositiveIntegerField("fibre optique (FttH)")
    coax = models.PositiveIntegerField("câble (coaxial)")
    copper_30 = models.PositiveIntegerField("cuivre ≥ 30 Mbit/s (VDSL2)")
    thd_radio = models.PositiveIntegerField("THD radio")
    copper_8 = models.PositiveIntegerField("cuivre ≥ 8 Mbit/s")
    fixed_4g = models.PositiveIntegerField("4G fixe")
    hd_radio = models.PositiveIntegerField("HD radio")
    satellite = models.PositiveIntegerField("satellite")

    # Best first: a premises counts under the first of these that reaches it.
    TECHNOLOGIES = [
        "ftth", "coax", "copper_30", "thd_radio", "copper_8", "fixed_4g", "hd_radio", "satellite",
    ]  # fmt: skip

    objects = TechnologyStatsQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def constraints_for(cls, prefix: str) -> list[models.BaseConstraint]:
        """Database checks of the rule the importer applies to each row."""
        total = sum((F(name) for name in cls.TECHNOLOGIES[1:]), F(cls.TECHNOLOGIES[0]))
        return [
            models.CheckConstraint(
                condition=Q(eligible_8__lte=F("premises")) & Q(premises__gte=total),
                name=f"{prefix}_within_premises",
            ),
        ]

    def technologies(self) -> list[dict]:
        """Each technology with its premises and their share of all premises (%)."""
        return [
            {
                "label": self._meta.get_field(name).verbose_name,
                "premises": getattr(self, name),
                "share": 100 * getattr(self, name) / self.premises if self.premises else None,
            }
            for name in self.TECHNOLOGIES
        ]

    @property
    def share_eligible_8(self) -> float | None:
        return 100 * self.eligible_8 / self.premises if self.premises else None


class CommuneTechnologyStats(TechnologyFields):
    """A commune's premises by best technology, for one edition."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="technology_stats", verbose_name="commune"
    )
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    class Meta:
        verbose_name = "meilleure technologie des locaux d'une commune"
        verbose_name_plural = "meilleure technologie des locaux des communes"
        ordering = ["commune", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "edition"], name="technologystats_key"),
            *TechnologyFields.constraints_for("technologystats"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} – {self.edition:%d/%m/%Y}"


class AreaTechnologyStats(TechnologyFields, AreaSum):
    """The same figures summed over a department, an EPCI or the region: written by
    ``refresh_area_technologies`` after each import, read by the pages."""

    communes = models.PositiveIntegerField("communes couvertes")

    class Meta:
        verbose_name = "meilleure technologie des locaux d'un territoire"
        verbose_name_plural = "meilleure technologie des locaux des territoires"
        ordering = ["level", "code", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "edition"], name="areatechnologystats_key"
            ),
            *TechnologyFields.constraints_for("areatechnologystats"),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {self.edition:%d/%m/%Y}"
