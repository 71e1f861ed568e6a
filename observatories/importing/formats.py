"""Format adapters: each declares the columns that identify it, how to turn one row
into values of its target table, and the natural key to upsert on. Everything
else (reading, rejects, staging, upsert, counts) is the pipeline's."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import models

from ..aggregates import refresh_area_fixed_stats
from ..models import Building, BuildingEligibility, CommuneFixedStats, DataSource
from .reading import ImportRefused, parse_int


class RowError(Exception):
    """One value of one row is wrong: the row is rejected, the import goes on."""

    def __init__(self, column: str, value: str, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


class OutsideRegion(Exception):
    """The row is about a territory outside the region: ignored, not rejected."""


@dataclass
class Context:
    """What adapters look values up in, loaded once per import."""

    commune_codes: dict[str, str]  # current and former codes → current code
    department_codes: set[str]


@dataclass(frozen=True)
class SourceDefaults:
    slug: str
    name: str
    publisher: str
    licence: str
    schedule: str
    url: str = ""


@dataclass
class Format:
    key: str
    label: str
    required: frozenset[str]
    model: type[models.Model]
    key_fields: tuple[str, ...]
    value_fields: tuple[str, ...]
    source: SourceDefaults
    parse_row: object = field(repr=False)  # (row, Context) -> dict, may raise RowError
    after_load: object = None  # (ImportRun) -> None: refresh what depends on the data
    # (run, fmt, table, rejects, progress) -> None: replaces the pipeline's staged
    # upsert for formats that load differently (e.g. a table swapped in whole); it
    # runs inside the import's transaction and must fill the run's counts.
    loader: object = None

    @property
    def fields(self) -> tuple[str, ...]:
        return self.key_fields + self.value_fields

    def matches(self, columns: set[str]) -> bool:
        return self.required <= columns

    def default_source(self) -> DataSource:
        source, _ = DataSource.objects.get_or_create(
            slug=self.source.slug,
            defaults={
                "name": self.source.name,
                "publisher": self.source.publisher,
                "licence": self.source.licence,
                "schedule": self.source.schedule,
                "url": self.source.url,
                "format": self.key,
            },
        )
        return source


# Reasons shared with the loaders that check rows in SQL (``{value}``: the value read).
NOT_A_COMMUNE_CODE = "« {value} » n'est pas un code commune INSEE (5 caractères)."
UNKNOWN_COMMUNE = "« {value} » n'est pas un code commune connu du référentiel."
NOT_A_COUNT = "« {value} » n'est pas un nombre entier positif."
COMMUNE_CODE = r"[0-9][0-9AB][0-9]{3}"


def commune(value: str, context: Context, column: str = "code_insee") -> str:
    code = value.strip()
    if not re.fullmatch(COMMUNE_CODE, code):
        raise RowError(column, value, NOT_A_COMMUNE_CODE.format(value=value))
    if code in context.commune_codes:
        return context.commune_codes[code]
    if code[:2] not in context.department_codes:
        raise OutsideRegion
    raise RowError(column, value, UNKNOWN_COMMUNE.format(value=value))


def count(row: dict, column: str) -> int:
    value = row[column]
    try:
        number = parse_int(value)
    except ValueError:
        raise RowError(column, value, NOT_A_COUNT.format(value=value)) from None
    if number is None:
        raise RowError(column, value, "valeur manquante.")
    return number


def edition_date(value: str, column: str = "date") -> datetime.date:
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(column, value, f"« {value} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")


# Field of CommuneFixedStats → column of commune_debit_filaire.
FIXED_STATS_COLUMNS = {
    "premises": "nbr",
    "ineligible_hd": "inel_hd",
    "eligible_3": "elig_hd3",
    "eligible_8": "elig_bhd8",
    "eligible_30": "elig_thd30",
    "eligible_100": "elig_thd100",
    "eligible_1000": "elig_thd1g",
}


def _commune_fixed_stats(row: dict, context: Context) -> dict:
    code = commune(row["code_insee"], context)
    if row["type"].strip().lower() != "all":
        raise RowError(
            "type", row["type"], f"type « {row['type']} » non pris en charge (seul « all » l'est)."
        )
    values = {name: count(row, column) for name, column in FIXED_STATS_COLUMNS.items()}
    for name, column in FIXED_STATS_COLUMNS.items():
        if values[name] > values["premises"]:
            raise RowError(
                column,
                row[column],
                f"{values[name]} locaux pour cette classe, plus que les {values['premises']} "
                "locaux de la commune.",
            )
    return {"commune_id": code, "edition": edition_date(row["date"]), **values}


COMMUNE_FIXED_STATS = Format(
    key="mci_commune_debit_filaire",
    label="Ma connexion internet – éligibilité fixe par commune",
    required=frozenset(
        {
            "code_insee",
            "nbr",
            "type",
            "inel_hd",
            "elig_hd3",
            "elig_bhd8",
            "elig_thd30",
            "elig_thd100",
            "elig_thd1g",
            "date",
        }
    ),
    model=CommuneFixedStats,
    key_fields=("commune_id", "edition"),
    value_fields=tuple(FIXED_STATS_COLUMNS),
    source=SourceDefaults(
        slug="arcep-mci-commune-debit-filaire",
        name="Arcep – Ma connexion internet, débits fixes par commune",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=_commune_fixed_stats,
    after_load=refresh_area_fixed_stats,
)


def _sql_loader(name: str):
    """A loader of ``.buildings``, imported when first used (it imports the pipeline,
    which imports this module)."""

    def load(*args):
        from . import buildings

        return getattr(buildings, name)(*args)

    return load


MCI_BUILDINGS = Format(
    key="mci_base_imb",
    label="Ma connexion internet – immeubles (base_imb)",
    required=frozenset(
        {"imb_id", "imb_code_insee", "imb_nbr_logloc", "addr_numero", "addr_nom_voie"}
    ),
    model=Building,
    key_fields=("imb_id",),
    value_fields=("commune", "premises", "longitude", "latitude", "number", "street"),
    source=SourceDefaults(
        slug="arcep-mci-immeubles",
        name="Arcep – Ma connexion internet, immeubles",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=None,  # rows are checked in SQL by the loader
    loader=_sql_loader("load_buildings"),
)

MCI_ELIGIBILITY = Format(
    key="mci_actuel",
    label="Ma connexion internet – éligibilité des immeubles (actuel)",
    required=frozenset({"imb_id", "code_operateur", "code_techno", "classe_debit_descendant"}),
    model=BuildingEligibility,
    key_fields=("building",),
    value_fields=("best",),
    source=SourceDefaults(
        slug="arcep-mci-eligibilite-immeubles",
        name="Arcep – Ma connexion internet, éligibilité des immeubles",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=None,
    loader=_sql_loader("load_eligibility"),
)

FORMATS = [COMMUNE_FIXED_STATS, MCI_BUILDINGS, MCI_ELIGIBILITY]


def detect_format(columns: list[str]) -> Format:
    present = set(columns)
    for candidate in FORMATS:
        if candidate.matches(present):
            return candidate
    raise ImportRefused(
        "Format non reconnu : les colonnes ne correspondent à aucun format connu "
        f"({', '.join(f.label for f in FORMATS)}). Colonnes lues : {', '.join(columns[:12])}."
    )
