"""Buildings and their fixed eligibility ("Ma connexion internet": ``base_imb_<DEP>``
and ``actuel_<DEP>``), read by the "Mon adresse" pages.

``Building`` is a PostgreSQL table partitioned by department (see migration 0009):
each import of a department's file fills a fresh table, indexes it, then swaps it
in for the department's partition, in the import's transaction. ``Street`` is what
address suggestions search (a few tens of thousands of rows instead of 1.5 million);
a building points to its street, written by the same import.
``BuildingEligibility`` is one summary row per building of the long eligibility file.
"""

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import ATan, Exp, Pi
from django.urls import reverse

from .imports import ImportRun
from .territories import Commune, Department


class Technology(models.TextChoices):
    """``code_techno`` of the eligibility file, in the order the pages list them."""

    FO = "FO", "Fibre optique (FttH)"
    COAX = "COAX", "Câble (coaxial)"
    CU = "CU", "Cuivre (ADSL, VDSL2)"
    THDR = "THDR", "Très haut débit radio"
    FIXED_4G = "4GF", "4G fixe"
    SAT = "SAT", "Satellite"


class SpeedClass(models.IntegerChoices):
    """``classe_debit_*`` of the eligibility file, ranked: a higher value is faster."""

    INEL = 0, "Inéligible au haut débit"
    HD05 = 1, "≥ 512 kbit/s"
    HD3 = 2, "≥ 3 Mbit/s"
    BHD8 = 3, "≥ 8 Mbit/s (bon haut débit)"
    THD30 = 4, "≥ 30 Mbit/s (très haut débit)"
    THD100 = 5, "≥ 100 Mbit/s"
    THD1G = 6, "≥ 1 Gbit/s"


OPERATORS = {  # code_operateur → trade name; other codes are shown as published
    "FRTE": "Orange",
    "SFR0": "SFR",
    "BOUY": "Bouygues Telecom",
    "FREE": "Free",
}


# How addresses are searched: accents off, lower case, anything else than letters and
# digits a space. The import does the same in SQL with translate() and these strings.
SEARCH_ACCENTS = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸŒÆ"
SEARCH_PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYYOA"
SEARCH_SEPARATORS = "[^a-z0-9]+"
_SEARCH_TABLE = str.maketrans(SEARCH_ACCENTS, SEARCH_PLAIN)


def search_text(text: str) -> str:
    """``Rue de l'Église`` → ``rue de l eglise``."""
    return re.sub(SEARCH_SEPARATORS, " ", text.translate(_SEARCH_TABLE).lower()).strip()


def address_label(number: int | None, suffix: str, street: str, locality: str) -> str:
    """``12 bis Rue de la Liberté``, or the lieu-dit when there is no street."""
    house = " ".join(str(part) for part in (number, suffix) if part)
    return " ".join(part for part in (house, street or locality) if part)


EARTH_RADIUS = 6378137.0  # EPSG:3857, spherical Mercator


class Building(models.Model):
    """A building of the "Ma connexion internet" base (``base_imb_<DEP>``)."""

    imb_id = models.CharField(
        "identifiant Arcep", max_length=64, primary_key=True, db_collation="C"
    )
    department = models.ForeignKey(  # the partition key
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="département",
        db_index=False,
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="buildings",
        verbose_name="commune",
        db_index=False,  # reached through Street; an index would slow every import
    )
    street = models.ForeignKey(
        "Street",
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name="voie ou lieu-dit",
        db_index=False,  # the first column of building_street
        # Written with the streets by the same import, in its transaction; a
        # constraint would cost every import a check of a million rows.
        db_constraint=False,
    )
    premises = models.PositiveIntegerField("locaux (logements et locaux professionnels)")
    # The coordinates as published (EPSG:3857, spherical Mercator); PostgreSQL derives
    # WGS84 from them as each row is written, so the import passes them through.
    x = models.FloatField("x (EPSG:3857)", null=True, blank=True)
    y = models.FloatField("y (EPSG:3857)", null=True, blank=True)
    longitude = models.GeneratedField(
        expression=models.F("x") / EARTH_RADIUS * 180 / Pi(),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name="longitude (WGS84)",
    )
    latitude = models.GeneratedField(
        expression=(2 * ATan(Exp(models.F("y") / EARTH_RADIUS)) - Pi() / 2) * 180 / Pi(),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name="latitude (WGS84)",
    )
    number = models.PositiveIntegerField("numéro", null=True, blank=True)
    suffix = models.CharField("indice de répétition", max_length=20, blank=True)
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="import",
        db_index=False,
    )

    class Meta:
        verbose_name = "immeuble"
        verbose_name_plural = "immeubles"
        ordering = ["imb_id"]  # the primary key's order: no sort of a million rows
        # Partitioned: the primary key is (imb_id, department) in the database.
        indexes = [models.Index(fields=["street", "number"], name="building_street")]

    def __str__(self) -> str:
        return f"{self.address} ({self.imb_id})"

    def get_absolute_url(self) -> str:
        return reverse("observatories:building", kwargs={"imb_id": self.imb_id})

    @property
    def address(self) -> str:
        """``12 bis Rue de la Liberté``, or the lieu-dit when there is no street."""
        street = self.street
        return address_label(self.number, self.suffix, street.street, street.locality)


class Street(models.Model):
    """A street (or lieu-dit) of a commune and its buildings, searched by the address
    suggestions; rewritten with its department's buildings at each import, keeping
    the identifiers of the streets it already had."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="+", verbose_name="commune"
    )
    street = models.CharField("voie", max_length=255, blank=True, db_collation="C")
    locality = models.CharField("lieu-dit", max_length=255, blank=True, db_collation="C")
    search = models.TextField("texte de recherche (voie, commune, codes postaux)")
    # to_tsvector('simple', search), stored: a scan never has to compute it.
    search_vector = SearchVectorField("mots de recherche")
    buildings = models.PositiveIntegerField("immeubles")

    class Meta:
        verbose_name = "voie"
        verbose_name_plural = "voies"
        ordering = ["commune", "street", "locality"]
        indexes = [GinIndex(fields=["search_vector"], name="street_search_gin")]

    def __str__(self) -> str:
        return f"{self.street or self.locality} ({self.commune_id})"


class BuildingEligibility(models.Model):
    """What a building is eligible to, summed up from its rows of ``actuel_<DEP>``
    (one per operator and technology): the best downstream class per technology and
    the operators offering it. A missing technology has a null class."""

    building = models.OneToOneField(
        Building,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="eligibility",
        verbose_name="immeuble",
        db_constraint=False,  # buildings are swapped in by department, summaries kept apart
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    best = models.PositiveSmallIntegerField("meilleure classe", choices=SpeedClass.choices)
    fo = models.PositiveSmallIntegerField("fibre", choices=SpeedClass.choices, null=True)
    coax = models.PositiveSmallIntegerField("câble", choices=SpeedClass.choices, null=True)
    cu = models.PositiveSmallIntegerField("cuivre", choices=SpeedClass.choices, null=True)
    thdr = models.PositiveSmallIntegerField("THD radio", choices=SpeedClass.choices, null=True)
    fixed_4g = models.PositiveSmallIntegerField("4G fixe", choices=SpeedClass.choices, null=True)
    sat = models.PositiveSmallIntegerField("satellite", choices=SpeedClass.choices, null=True)
    fo_operators = ArrayField(models.CharField(max_length=10), verbose_name="opérateurs fibre")
    coax_operators = ArrayField(models.CharField(max_length=10), verbose_name="opérateurs câble")
    cu_operators = ArrayField(models.CharField(max_length=10), verbose_name="opérateurs cuivre")
    thdr_operators = ArrayField(
        models.CharField(max_length=10), verbose_name="opérateurs THD radio"
    )
    fixed_4g_operators = ArrayField(
        models.CharField(max_length=10), verbose_name="opérateurs 4G fixe"
    )
    sat_operators = ArrayField(models.CharField(max_length=10), verbose_name="opérateurs satellite")
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    # Technology → field of its best class (its operators are in ``<field>_operators``).
    FIELDS = {
        Technology.FO: "fo",
        Technology.COAX: "coax",
        Technology.CU: "cu",
        Technology.THDR: "thdr",
        Technology.FIXED_4G: "fixed_4g",
        Technology.SAT: "sat",
    }

    class Meta:
        verbose_name = "éligibilité d'un immeuble"
        verbose_name_plural = "éligibilité des immeubles"
        ordering = ["building"]
        indexes = [models.Index(fields=["department"], name="buildingelig_department")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(best__lte=SpeedClass.THD1G), name="buildingelig_best_class"
            ),
        ]

    def __str__(self) -> str:
        return f"Éligibilité de {self.building_id}"

    def technologies(self) -> list[dict]:
        """The technologies available, in page order, with their best class and the
        operators offering them (trade names)."""
        found = []
        for technology, name in self.FIELDS.items():
            best = getattr(self, name)
            if best is None:
                continue
            found.append(
                {
                    "code": technology.value,
                    "label": technology.label,
                    "best": SpeedClass(best).label,
                    "operators": [OPERATORS.get(o, o) for o in getattr(self, f"{name}_operators")],
                }
            )
        return found


class BuildingDataset(models.Model):
    """The file whose content a department's buildings (or eligibility) currently
    come from: the same content offered again is recognised without reloading it."""

    class Kind(models.TextChoices):
        BUILDINGS = "buildings", "Immeubles (base_imb)"
        ELIGIBILITY = "eligibility", "Éligibilité (actuel)"

    kind = models.CharField("contenu", max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    content_sha256 = models.CharField("empreinte SHA-256 du contenu décompressé", max_length=64)
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name="import"
    )

    class Meta:
        verbose_name = "jeu d'immeubles chargé"
        verbose_name_plural = "jeux d'immeubles chargés"
        ordering = ["kind", "department"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "department"], name="buildingdataset_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.department_id}"
