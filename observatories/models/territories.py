"""Territories keyed by their official codes (INSEE code, SIREN), as text.

Loaded from the published referential by ``manage.py load_territories``
(see ``observatories.referential.loader``).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from scoran.lib.geojson import distance_km
from scoran.lib.lists import search_words
from scoran.lib.text import normalise

INSEE_COMMUNE = r"^[0-9][0-9AB][0-9]{3}$"  # 21231, 2A004
INSEE_DEPARTMENT = r"^([0-9]{2}|2[AB]|9[78][0-9])$"
SIREN = r"^[0-9]{9}$"


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=2, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name="région"
    )
    chef_lieu = models.CharField("chef-lieu (code commune)", max_length=5, blank=True)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=INSEE_DEPARTMENT), name="department_code_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EPCI(models.Model):
    """An établissement public de coopération intercommunale à fiscalité propre."""

    class Kind(models.TextChoices):
        CC = "CC", "Communauté de communes"
        CA = "CA", "Communauté d'agglomération"
        CU = "CU", "Communauté urbaine"
        METRO = "METRO", "Métropole"

    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    population = models.PositiveIntegerField("population municipale", default=0)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(siren__regex=SIREN), name="epci_siren_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet):
    SEARCH = ("name__icontains", "code__startswith", "postcodes__0__startswith")

    def search(self, text: str):
        """Communes by name, INSEE code or (first) postcode, as the site's search
        lists them; the list of communes has its own box."""
        return search_words(self, text, self.SEARCH)

    def code_map(self) -> dict[str, str]:
        """Every code a commune answers to, current or former, mapped to its current code."""
        mapping = {}
        for code, former_codes in self.values_list("code", "former_codes"):
            for former in former_codes:
                mapping.setdefault(former, code)
        mapping.update({code: code for code in self.values_list("code", flat=True)})
        return mapping

    def successor_of(self, code: str) -> "Commune | None":
        """The commune a merged commune's ``code`` lives on in (its former codes)."""
        return self.filter(former_codes__contains=[code]).only("code").first()

    def postcode_name_map(self) -> dict[tuple[str, str], str]:
        """(postcode, normalised name) → code, for files that give no commune code."""
        return {
            (postcode, normalise(name)): code
            for code, name, postcodes in self.values_list("code", "name", "postcodes")
            for postcode in postcodes
        }


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name="département"
    )
    epci = models.ForeignKey(
        EPCI,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name="EPCI",
    )
    siren = models.CharField("SIREN", max_length=9, blank=True)
    postcodes = ArrayField(
        models.CharField(max_length=5), verbose_name="codes postaux", default=list
    )
    population = models.PositiveIntegerField("population municipale", default=0)
    former_codes = ArrayField(
        models.CharField(max_length=5),
        verbose_name="anciens codes",
        default=list,
        blank=True,
        help_text="Codes des communes fusionnées dans celle-ci.",
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    area = models.FloatField(
        "superficie (km²)",
        null=True,
        blank=True,
        help_text="Calculée sur le contour simplifié de la commune ; vide sans contour.",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["code"]
        indexes = [GinIndex(fields=["former_codes"], name="commune_former_codes_gin")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=INSEE_COMMUNE), name="commune_code_format"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="commune_latitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CommuneOutline(models.Model):
    """A commune's simplified outline (GeoJSON MultiPolygon, WGS84), kept apart so
    that lists of communes never load it."""

    commune = models.OneToOneField(
        Commune, on_delete=models.CASCADE, primary_key=True, related_name="outline"
    )
    geometry = models.JSONField("contour (GeoJSON)")

    class Meta:
        verbose_name = "contour de commune"
        verbose_name_plural = "contours de communes"

    def __str__(self) -> str:
        return f"Contour de {self.commune_id}"

    def distance_km(self, latitude: float, longitude: float) -> float:
        """How far (km) the point lies from the outline: 0 inside (``ValueError`` and
        the like on a geometry of another shape, see ``scoran.lib.geojson``)."""
        return distance_km(self.geometry, latitude, longitude)
