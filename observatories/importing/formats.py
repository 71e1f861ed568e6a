"""Format adapters: each declares the columns that identify it, how to turn one row
into records of its target tables, and the natural keys to upsert on. Everything
else (reading, rejects, staging, upsert, counts) is the pipeline's."""

import itertools

from ..fixed.services import refresh_area_fixed_stats
from ..mobile.imports import FORMATS as MOBILE_FORMATS
from ..models import CommuneFixedStats
from ..open_data.imports import OPEN_DATA
from .base import (
    Context,
    Format,
    OutsideRegion,
    RowError,
    SourceDefaults,
    Target,
    all_premises,
    commune,
    counts,
    edition_date,
    within_premises,
)
from .buildings import MCI_BUILDINGS, MCI_ELIGIBILITY
from .ftth import FTTH_DEPLOYMENTS
from .reading import ImportRefused
from .technologies import COMMUNE_TECHNOLOGIES

__all__ = [
    "FORMATS",
    "Context",
    "Format",
    "OutsideRegion",
    "RowError",
    "detect_format",
    "register",
]


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


# From the slowest class to the fastest: each counts the premises of the faster ones.
SPEED_CLASSES = ["eligible_3", "eligible_8", "eligible_30", "eligible_100", "eligible_1000"]


def nested_classes(row: dict, values: dict[str, int]) -> None:
    for slower, faster in itertools.pairwise(SPEED_CLASSES):
        if values[faster] > values[slower]:
            column = FIXED_STATS_COLUMNS[faster]
            raise RowError(
                column,
                row[column],
                f"{values[faster]} locaux éligibles à cette classe, plus que les "
                f"{values[slower]} de la classe plus lente « {FIXED_STATS_COLUMNS[slower]} » "
                "(une classe compte aussi les locaux des classes plus rapides).",
            )


def _commune_fixed_stats(row: dict, context: Context) -> dict:
    code = commune(row["code_insee"], context)
    all_premises(row)
    values = counts(row, FIXED_STATS_COLUMNS)
    within_premises(row, values, FIXED_STATS_COLUMNS)
    nested_classes(row, values)
    return ([{"commune_id": code, "edition": edition_date(row["date"]), **values}],)


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
    targets=(Target(CommuneFixedStats, ("commune_id", "edition"), tuple(FIXED_STATS_COLUMNS)),),
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

FORMATS = [
    COMMUNE_FIXED_STATS,
    COMMUNE_TECHNOLOGIES,
    FTTH_DEPLOYMENTS,
    MCI_BUILDINGS,
    MCI_ELIGIBILITY,
    *MOBILE_FORMATS,
    OPEN_DATA,
]


def register(fmt: Format) -> None:
    """Add a format defined by another app (called from its ``AppConfig.ready``), so
    that the pipeline never imports that app. Registering the same key again is a
    no-op."""
    if all(known.key != fmt.key for known in FORMATS):
        FORMATS.append(fmt)


def detect_format(columns: list[str]) -> Format:
    present = set(columns)
    found = [candidate for candidate in FORMATS if candidate.matches(present)]
    if len(found) > 1:  # a merged file: which table it belongs to cannot be guessed
        raise ImportRefused(
            "Format ambigu : les colonnes correspondent à plusieurs formats "
            f"({', '.join(f.label for f in found)}). Importez chaque fichier tel que publié."
        )
    if found:
        return found[0]
    raise ImportRefused(
        "Format non reconnu : les colonnes ne correspondent à aucun format connu "
        f"({', '.join(f.label for f in FORMATS)}). Colonnes lues : {', '.join(columns[:12])}."
    )
