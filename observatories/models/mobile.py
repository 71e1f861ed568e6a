"""Mobile networks (Arcep "Mon réseau mobile" and ANFR): coverage per commune,
operator and technology, sites, the targeted-coverage scheme (New Deal mobile) and
ANFR's weekly observatory of stations.

Each quarterly file is an edition (``edition``: the last day of its quarter); a new
edition adds rows and never changes an older one, so every figure keeps its history.
The territory sums (``Area*``) are rebuilt for the edition an import touched, so that
pages read a few precomputed rows whatever the number of quarters or sites.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from scoran.lib.text import quarter_label

from .areas import AreaSum
from .imports import ImportRun
from .territories import Commune, Department


def commune_key(related_name: str) -> models.ForeignKey:
    """The commune of a row of a national file. Its code is checked by the import
    (against the referential's codes) before any row is written: a database
    constraint would check each of the tens of thousands of rows again, and its index
    would double the one of the natural key, which starts with the commune."""
    return models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name="commune",
        db_constraint=False,
        db_index=False,
    )


def import_key() -> models.ForeignKey:
    """The import that last wrote a row of a national file: written by that import, in
    its transaction (no constraint to check for each row, no index to maintain;
    deleting an import, which Django refuses while rows point to it, reads the
    table)."""
    return models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="import",
        db_constraint=False,
        db_index=False,
    )


class Operator(models.TextChoices):
    """The four mobile network operators of metropolitan France, by MCC-MNC."""

    ORANGE = "20801", "Orange"
    SFR = "20810", "SFR"
    FREE = "20815", "Free Mobile"
    BOUYGUES = "20820", "Bouygues Telecom"


class Generation(models.TextChoices):
    """The technology of a coverage map or a station, as Arcep and ANFR name it."""

    G2 = "2G", "2G"
    G3 = "3G", "3G"
    G4 = "4G", "4G"
    G5 = "5G", "5G"


# The four levels of Arcep's coverage maps, worst first: (suffix of the fields, label).
COVERAGE_LEVELS = [
    ("none", "pas de couverture"),
    ("limited", "couverture limitée"),
    ("good", "bonne couverture"),
    ("very_good", "très bonne couverture"),
]
# The four shares of a row must add up to 100 within this margin (points): Arcep
# rounds each of them.
SHARES_TOLERANCE = 0.5
# The 5G frequency bands a site may use (MHz), each a flag of the site.
FIVE_G_BANDS = [700, 800, 1800, 2100, 3500]


def share_names(prefix: str) -> list[str]:
    """``surface_none`` … ``surface_very_good``: the fields of the four levels."""
    return [f"{prefix}_{suffix}" for suffix, _ in COVERAGE_LEVELS]


def share_constraints(
    prefix: str, table: str, tolerance: float = SHARES_TOLERANCE
) -> list[models.CheckConstraint]:
    """Each share within 0 to 100 and the four adding up to 100 (± ``tolerance``);
    null shares (a territory without surface) pass."""
    names = share_names(prefix)
    total = F(names[0]) + F(names[1]) + F(names[2]) + F(names[3])
    within = Q()
    for name in names:
        within &= Q(**{f"{name}__gte": 0, f"{name}__lte": 100})
    adds_up = Q(GreaterThanOrEqual(total, 100 - tolerance)) & Q(
        LessThanOrEqual(total, 100 + tolerance)
    )
    unknown = Q(**{f"{names[0]}__isnull": True})
    return [
        models.CheckConstraint(condition=unknown | within, name=f"{table}_{prefix}_range"),
        models.CheckConstraint(condition=unknown | adds_up, name=f"{table}_{prefix}_total"),
    ]


class CoverageShares(models.Model):
    """The shares (%) of a surface and of a population at each level of coverage of
    one operator's network in one technology."""

    surface_none = models.FloatField("surface sans couverture (%)", null=True)
    surface_limited = models.FloatField("surface en couverture limitée (%)", null=True)
    surface_good = models.FloatField("surface en bonne couverture (%)", null=True)
    surface_very_good = models.FloatField("surface en très bonne couverture (%)", null=True)
    population_none = models.FloatField("population sans couverture (%)")
    population_limited = models.FloatField("population en couverture limitée (%)")
    population_good = models.FloatField("population en bonne couverture (%)")
    population_very_good = models.FloatField("population en très bonne couverture (%)")

    class Meta:
        abstract = True

    @property
    def edition_label(self) -> str:
        return quarter_label(self.edition)

    @property
    def population_covered(self) -> float:
        """Share of the population in good or very good coverage (%)."""
        return self.population_good + self.population_very_good

    @property
    def surface_covered(self) -> float | None:
        """Share of the surface in good or very good coverage (%), if known."""
        if self.surface_good is None:
            return None
        return self.surface_good + self.surface_very_good

    def levels(self) -> list[dict]:
        """Each level, worst first, with its shares of surface and population."""
        return [
            {
                "level": label,
                "surface": getattr(self, f"surface_{suffix}"),
                "population": getattr(self, f"population_{suffix}"),
            }
            for suffix, label in COVERAGE_LEVELS
        ]


class CommuneCoverage(CoverageShares):
    """One row of Arcep's coverage per commune: the shares of the commune's surface
    and population at each level, for one operator and technology, in one quarter."""

    commune = commune_key("mobile_coverage")
    edition = models.DateField("édition (fin du trimestre)")
    operator = models.CharField("opérateur", max_length=5, choices=Operator.choices)
    generation = models.CharField("technologie", max_length=2, choices=Generation.choices)
    run = import_key()

    class Meta:
        verbose_name = "couverture mobile d'une commune"
        verbose_name_plural = "couverture mobile des communes"
        ordering = ["commune", "-edition", "operator", "generation"]
        indexes = [
            models.Index(fields=["edition", "generation"], name="communecoverage_edition"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "edition", "operator", "generation"],
                name="communecoverage_key",
            ),
            *share_constraints("surface", "communecoverage"),
            *share_constraints("population", "communecoverage"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} – {self.edition_label} – {self.operator} {self.generation}"


class AreaCoverage(CoverageShares, AreaSum):
    """The shares of a department, an EPCI or the region: the communes' shares of
    population weighted by their population, of surface by their area (communes
    without an outline, hence without an area, are left out of the surface shares)."""

    edition = models.DateField("édition (fin du trimestre)")
    operator = models.CharField("opérateur", max_length=5, choices=Operator.choices)
    generation = models.CharField("technologie", max_length=2, choices=Generation.choices)
    communes = models.PositiveIntegerField("communes")
    population = models.PositiveIntegerField("population des communes")
    surface = models.FloatField("superficie des communes pesées (km²)")

    class Meta:
        verbose_name = "couverture mobile d'un territoire"
        verbose_name_plural = "couverture mobile des territoires"
        ordering = ["level", "code", "-edition", "operator", "generation"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "edition", "operator", "generation"],
                name="areacoverage_key",
            ),
            # Weighted means of shares within the tolerance, rounded to 0.001.
            *share_constraints("surface", "areacoverage", SHARES_TOLERANCE + 0.01),
            *share_constraints("population", "areacoverage", SHARES_TOLERANCE + 0.01),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {self.edition_label} – {self.operator} {self.generation}"


class MobileSite(models.Model):
    """A site of an operator in one quarter (Arcep "Mon réseau mobile", sites file):
    where it stands, the technologies it carries, the 5G bands it uses, and whether it
    serves a white zone (ZB), the targeted-coverage scheme (DCC) or is strategic."""

    edition = models.DateField("édition (fin du trimestre)")
    operator = models.CharField("opérateur", max_length=5, choices=Operator.choices)
    number = models.CharField("numéro du site (opérateur)", max_length=50)
    shared_id = models.CharField("identifiant de site partagé", max_length=50, blank=True)
    anfr_station = models.CharField("numéro de station ANFR", max_length=20, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="mobile_sites",
        verbose_name="commune",
        db_constraint=False,  # see commune_key; mobilesite_commune is its index
        db_index=False,
    )
    latitude = models.FloatField("latitude (WGS84)")
    longitude = models.FloatField("longitude (WGS84)")
    has_2g = models.BooleanField("2G")
    has_3g = models.BooleanField("3G")
    has_4g = models.BooleanField("4G")
    has_5g = models.BooleanField("5G")
    white_zone = models.BooleanField("zone blanche (ZB)")
    targeted = models.BooleanField("couverture ciblée (DCC)")
    strategic = models.BooleanField("site stratégique")
    capacity_240 = models.BooleanField("4G à 240 Mbit/s au moins")
    band_700 = models.BooleanField("5G 700 MHz")
    band_800 = models.BooleanField("5G 800 MHz")
    band_1800 = models.BooleanField("5G 1800 MHz")
    band_2100 = models.BooleanField("5G 2100 MHz")
    band_3500 = models.BooleanField("5G 3500 MHz")
    run = import_key()

    GENERATIONS = {"2G": "has_2g", "3G": "has_3g", "4G": "has_4g", "5G": "has_5g"}

    class Meta:
        verbose_name = "site mobile"
        verbose_name_plural = "sites mobiles"
        ordering = ["-edition", "operator", "number"]
        indexes = [models.Index(fields=["commune", "edition"], name="mobilesite_commune")]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "operator", "number"], name="mobilesite_key"
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="mobilesite_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_operator_display()} {self.number} – {quarter_label(self.edition)}"

    @property
    def generations(self) -> list[str]:
        return [name for name, field in self.GENERATIONS.items() if getattr(self, field)]

    @property
    def bands_5g(self) -> list[int]:
        return [band for band in FIVE_G_BANDS if getattr(self, f"band_{band}")]


class SiteCounts(models.Model):
    """Sites counted by what they carry; the technology counts overlap (a site may
    carry 2G to 5G)."""

    sites = models.PositiveIntegerField("sites")
    sites_2g = models.PositiveIntegerField("sites 2G")
    sites_3g = models.PositiveIntegerField("sites 3G")
    sites_4g = models.PositiveIntegerField("sites 4G")
    sites_5g = models.PositiveIntegerField("sites 5G")
    band_700 = models.PositiveIntegerField("sites 5G 700 MHz")
    band_800 = models.PositiveIntegerField("sites 5G 800 MHz")
    band_1800 = models.PositiveIntegerField("sites 5G 1800 MHz")
    band_2100 = models.PositiveIntegerField("sites 5G 2100 MHz")
    band_3500 = models.PositiveIntegerField("sites 5G 3500 MHz")
    white_zone = models.PositiveIntegerField("sites en zone blanche (ZB)")
    targeted = models.PositiveIntegerField("sites de couverture ciblée (DCC)")
    strategic = models.PositiveIntegerField("sites stratégiques")
    capacity_240 = models.PositiveIntegerField("sites 4G à 240 Mbit/s")

    # Field of SiteCounts → the flag of MobileSite it counts.
    COUNTED = {
        "sites_2g": "has_2g", "sites_3g": "has_3g", "sites_4g": "has_4g", "sites_5g": "has_5g",
        **{f"band_{band}": f"band_{band}" for band in FIVE_G_BANDS},
        "white_zone": "white_zone", "targeted": "targeted",
        "strategic": "strategic", "capacity_240": "capacity_240",
    }  # fmt: skip

    class Meta:
        abstract = True

    def by_generation(self) -> list[tuple[str, int]]:
        return [(name, getattr(self, f"sites_{name.lower()}")) for name in Generation.values]

    def by_band(self) -> list[tuple[int, int]]:
        return [(band, getattr(self, f"band_{band}")) for band in FIVE_G_BANDS]


class AreaSites(SiteCounts, AreaSum):
    """An operator's sites in a department, an EPCI or the region, in one quarter."""

    edition = models.DateField("édition (fin du trimestre)")
    operator = models.CharField("opérateur", max_length=5, choices=Operator.choices)

    class Meta:
        verbose_name = "sites mobiles d'un territoire"
        verbose_name_plural = "sites mobiles des territoires"
        ordering = ["level", "code", "-edition", "operator"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "edition", "operator"], name="areasites_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {quarter_label(self.edition)} – {self.operator}"

    @property
    def operator_label(self) -> str:
        """As ``selectors.commune_sites`` names it: one table for both."""
        return self.get_operator_display()


class TargetedStages(models.Model):
    """Sites of the targeted-coverage scheme in its four stages, which add up to the
    sites requested."""

    requested = models.PositiveIntegerField("sites demandés")
    in_service = models.PositiveIntegerField("en service")
    within_6_months = models.PositiveIntegerField("en service sous 6 mois")
    within_24_months = models.PositiveIntegerField("en service entre 6 et 24 mois")
    waiting = models.PositiveIntegerField("en attente de déploiement")

    STAGES = ["in_service", "within_6_months", "within_24_months", "waiting"]

    class Meta:
        abstract = True

    @classmethod
    def stages_constraint(cls, table: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(
                requested=F("in_service")
                + F("within_6_months")
                + F("within_24_months")
                + F("waiting")
            ),
            name=f"{table}_stages",
        )

    def stages(self) -> list[dict]:
        """Each stage with its sites and their share (%) of the sites requested."""
        return [
            {
                "label": self._meta.get_field(name).verbose_name,
                "sites": getattr(self, name),
                "share": 100 * getattr(self, name) / self.requested if self.requested else None,
            }
            for name in self.STAGES
        ]


class TargetedSite(TargetedStages):
    """A zone of an arrêté of the targeted-coverage scheme ("dispositif de couverture
    ciblée", New Deal mobile) and its progress, in one quarterly edition."""

    edition = models.DateField("édition (fin du trimestre)")
    number = models.CharField("numéro du site", max_length=50)
    decree = models.CharField("arrêté", max_length=100)
    decree_date = models.DateField("publication de l'arrêté", null=True, blank=True)
    operators_name = models.CharField("nom du site (opérateurs)", max_length=255, blank=True)
    physical_site = models.CharField("site physique", max_length=50, blank=True)
    physical_number = models.CharField("numéro du site physique", max_length=50, blank=True)
    decree_name = models.CharField("nom du site (arrêté)", max_length=255, blank=True)
    file_id = models.CharField("identifiant du dossier", max_length=50, blank=True)
    zone_name = models.CharField("zone", max_length=255, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    latitude = models.FloatField("latitude (WGS84)", null=True, blank=True)
    longitude = models.FloatField("longitude (WGS84)", null=True, blank=True)
    operators = ArrayField(
        models.CharField(max_length=5, choices=Operator.choices),
        verbose_name="opérateurs concernés",
        default=list,
        blank=True,
    )
    leader = models.CharField(
        "opérateur chef de file", max_length=5, choices=Operator.choices, blank=True
    )
    zone_origin = models.CharField("origine de la zone", max_length=100, blank=True)
    zone_number = models.CharField("numéro de la zone dans l'arrêté", max_length=50, blank=True)
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    class Meta:
        verbose_name = "site de couverture ciblée"
        verbose_name_plural = "sites de couverture ciblée"
        ordering = ["-edition", "department", "decree", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="targetedsite_key"),
            TargetedStages.stages_constraint("targetedsite"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.decree}) – {quarter_label(self.edition)}"


class AreaTargeted(TargetedStages, AreaSum):
    """The targeted-coverage sites of a department or the region per arrêté, in one
    edition (the file gives departments, not communes: there are no EPCI sums)."""

    edition = models.DateField("édition (fin du trimestre)")
    decree = models.CharField("arrêté", max_length=100)
    decree_date = models.DateField("publication de l'arrêté", null=True, blank=True)
    zones = models.PositiveIntegerField("zones")

    class Meta:
        verbose_name = "couverture ciblée d'un territoire"
        verbose_name_plural = "couverture ciblée des territoires"
        ordering = ["level", "code", "-edition", "decree_date", "decree"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "edition", "decree"], name="areatargeted_key"
            ),
            TargetedStages.stages_constraint("areatargeted"),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {quarter_label(self.edition)} – {self.decree}"


class AnfrWeek(models.Model):
    """The edition of ANFR's weekly observatory that holds a week: a later edition of
    the same week replaces it, an earlier one is refused."""

    week = models.DateField("semaine (lundi)", unique=True)
    published = models.DateField("date de l'édition")
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    class Meta:
        verbose_name = "semaine de l'observatoire ANFR"
        verbose_name_plural = "semaines de l'observatoire ANFR"
        ordering = ["-week"]

    def __str__(self) -> str:
        return week_label(self.week)


def week_label(monday) -> str:
    """« semaine 37 de 2025 » (ISO week)."""
    year, week, _ = monday.isocalendar()
    return f"semaine {week} de {year}"


class StationCounts(models.Model):
    """ANFR stations of an operator with at least one system of a technology in a
    status (« En service », « Techniquement opérationnel », « Projet approuvé »…), in
    one week."""

    week = models.DateField("semaine (lundi)")
    operator = models.CharField("opérateur", max_length=5, choices=Operator.choices)
    generation = models.CharField("technologie", max_length=2, choices=Generation.choices)
    status = models.CharField("statut", max_length=60)
    stations = models.PositiveIntegerField("stations")

    class Meta:
        abstract = True


class CommuneStations(StationCounts):
    """A commune's ANFR stations counted by operator, technology and status."""

    commune = commune_key("anfr_stations")
    run = import_key()

    class Meta:
        verbose_name = "stations ANFR d'une commune"
        verbose_name_plural = "stations ANFR des communes"
        ordering = ["commune", "-week", "operator", "generation", "status"]
        indexes = [models.Index(fields=["week"], name="communestations_week")]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "week", "operator", "generation", "status"],
                name="communestations_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} – {week_label(self.week)} – {self.operator} {self.generation}"


class AreaStations(StationCounts, AreaSum):
    """The same counts over a department, an EPCI or the region."""

    class Meta:
        verbose_name = "stations ANFR d'un territoire"
        verbose_name_plural = "stations ANFR des territoires"
        ordering = ["level", "code", "-week", "operator", "generation", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "week", "operator", "generation", "status"],
                name="areastations_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{super().__str__()} – {week_label(self.week)} – {self.operator}"
