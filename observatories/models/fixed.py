"""Measured facts about fixed networks."""

from django.db import models
from django.db.models import F, Q

from scoran.lib.text import quarter_label

from .areas import AreaSum
from .ftth import FtthDeployment, Zone, coverage, latest_profile
from .imports import ImportRun
from .territories import Commune


class FixedStatsFields(models.Model):
    """Premises by the best fixed speed available: ``eligible_*`` count the premises
    eligible to at least that speed."""

    edition = models.DateField("édition (date des données)")
    premises = models.PositiveIntegerField("locaux")
    ineligible_hd = models.PositiveIntegerField("inéligibles au haut débit")
    eligible_3 = models.PositiveIntegerField("éligibles ≥ 3 Mbit/s")
    eligible_8 = models.PositiveIntegerField("éligibles ≥ 8 Mbit/s")
    eligible_30 = models.PositiveIntegerField("éligibles ≥ 30 Mbit/s")
    eligible_100 = models.PositiveIntegerField("éligibles ≥ 100 Mbit/s")
    eligible_1000 = models.PositiveIntegerField("éligibles ≥ 1 Gbit/s")

    SPEED_CLASSES = [  # field, label, short label for table headers
        ("eligible_8", "≥ 8 Mbit/s (bon haut débit)", "≥ 8 Mbit/s"),
        ("eligible_30", "≥ 30 Mbit/s (très haut débit)", "≥ 30 Mbit/s"),
        ("eligible_100", "≥ 100 Mbit/s", "≥ 100 Mbit/s"),
        ("eligible_1000", "≥ 1 Gbit/s", "≥ 1 Gbit/s"),
    ]

    class Meta:
        abstract = True

    @property
    def edition_label(self) -> str:
        """The figures' own quarter (``T4 2025``); an area sum's run may be the import
        of another edition that rebuilt it."""
        return quarter_label(self.edition)

    def share(self, field: str) -> float | None:
        """Premises counted in ``field`` as a share (%) of all premises."""
        return 100 * getattr(self, field) / self.premises if self.premises else None

    def shares(self) -> list[dict]:
        """Each speed class with its premises and their share of all premises (%)."""
        return [
            {
                "label": label,
                "short": short,
                "premises": getattr(self, name),
                "share": self.share(name),
            }
            for name, label, short in self.SPEED_CLASSES
        ]


class CommuneFixedStatsQuerySet(models.QuerySet):
    def latest_edition(self):
        """Only the figures of the most recent edition."""
        latest = CommuneFixedStats.objects.order_by("-edition").values("edition")[:1]
        return self.filter(edition=models.Subquery(latest))

    def for_ranking(self):
        """With the commune, its department and EPCI, and the shares (%) to rank on."""

        def share(field):
            return models.Case(
                models.When(premises=0, then=None),
                default=models.F(field) * 100.0 / models.F("premises"),
                output_field=models.FloatField(),
            )

        return (
            self.select_related("commune__department", "commune__epci")
            .annotate(share_30=share("eligible_30"), share_1000=share("eligible_1000"))
            .with_ftth()
        )

    def with_ftth(self):
        """With the commune's FttH coverage (%) at the latest quarter, over the premises
        of its latest profile, and its zone."""
        connectable = (
            FtthDeployment.objects.latest_quarter()
            .filter(commune=models.OuterRef("commune"))
            .values("connectable")[:1]
        )
        profile = latest_profile()
        return self.annotate(
            ftth_connectable=models.Subquery(connectable),
            ftth_premises=models.Subquery(profile.values("premises")[:1]),
            zone=models.Subquery(profile.values("zone")[:1]),
        ).annotate(ftth_coverage=coverage("ftth_connectable", "ftth_premises"))


class CommuneFixedStats(FixedStatsFields):
    """A commune's premises by speed class, for one edition ("Ma connexion
    internet", ``commune_debit_filaire``)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="fixed_stats", verbose_name="commune"
    )
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    objects = CommuneFixedStatsQuerySet.as_manager()

    class Meta:
        verbose_name = "éligibilité fixe d'une commune"
        verbose_name_plural = "éligibilité fixe des communes"
        ordering = ["commune", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "edition"], name="fixedstats_natural_key"),
            models.CheckConstraint(
                condition=Q(eligible_1000__lte=F("premises"))
                & Q(eligible_100__lte=F("premises"))
                & Q(eligible_30__lte=F("premises"))
                & Q(eligible_8__lte=F("premises"))
                & Q(eligible_3__lte=F("premises")),
                name="fixedstats_eligible_within_premises",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} – {self.edition:%d/%m/%Y}"

    @property
    def zone_label(self) -> str:
        """The FttH zone's name, on rows annotated by ``with_ftth()``."""
        return Zone(self.zone).label if getattr(self, "zone", None) else ""


class AreaFixedStats(FixedStatsFields, AreaSum):
    """The same figures summed over a department, an EPCI or the region
    (``refresh_area_fixed_stats``)."""

    communes = models.PositiveIntegerField("communes couvertes")

    class Meta:
        verbose_name = "éligibilité fixe d'un territoire"
        verbose_name_plural = "éligibilité fixe des territoires"
        ordering = ["level", "code", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "edition"], name="areafixedstats_key"),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {self.edition:%d/%m/%Y}"
