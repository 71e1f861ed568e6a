"""Measured facts about fixed networks."""

from django.db import models
from django.db.models import F, Q

from .imports import ImportRun
from .territories import Commune


class CommuneFixedStats(models.Model):
    """Premises of a commune by best fixed speed class available, for one edition
    ("Ma connexion internet", ``commune_debit_filaire``). ``eligible_*`` count the
    premises eligible to at least that speed."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="fixed_stats", verbose_name="commune"
    )
    edition = models.DateField("édition (date des données)")
    premises = models.PositiveIntegerField("locaux")
    ineligible_hd = models.PositiveIntegerField("inéligibles au haut débit")
    eligible_3 = models.PositiveIntegerField("éligibles ≥ 3 Mbit/s")
    eligible_8 = models.PositiveIntegerField("éligibles ≥ 8 Mbit/s")
    eligible_30 = models.PositiveIntegerField("éligibles ≥ 30 Mbit/s")
    eligible_100 = models.PositiveIntegerField("éligibles ≥ 100 Mbit/s")
    eligible_1000 = models.PositiveIntegerField("éligibles ≥ 1 Gbit/s")
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

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
