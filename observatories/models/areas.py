"""What every territory sum shares: the territory it is about and the import that
last rebuilt it. Sums are written after each import and read by the pages."""

from django.db import models

from .imports import ImportRun


class Level(models.TextChoices):
    REGION = "region", "Région"
    DEPARTMENT = "department", "Département"
    EPCI = "epci", "EPCI"


class AreaSum(models.Model):
    Level = Level

    level = models.CharField("échelon", max_length=20, choices=Level.choices)
    code = models.CharField("code", max_length=9)
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="dernier import pris en compte",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code}"
