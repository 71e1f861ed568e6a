"""Arcep "Ma connexion internet", ``commune_meilleure_techno_thd``: per commune, the
premises eligible to at least 8 Mbit/s, each counted once under its best technology.

Its identification columns are those of ``commune_debit_filaire`` (``code_insee``,
``nbr``, ``type``, ``date``), so both files are told apart by their count columns:
each format requires all of its own, none of which the other has.
"""

from ..fixed.services import refresh_area_technologies
from ..models import CommuneTechnologyStats
from .base import (
    Context,
    Format,
    RowError,
    SourceDefaults,
    Target,
    all_premises,
    commune,
    counts,
    edition_date,
    within_premises,
)

# Field of CommuneTechnologyStats → column of commune_meilleure_techno_thd.
TECHNOLOGY_COLUMNS = {
    "ftth": "elig_ftth",
    "coax": "elig_coax",
    "copper_30": "elig_cu_30",
    "thd_radio": "elig_thdr",
    "copper_8": "elig_cu_8",
    "fixed_4g": "elig_4gf",
    "hd_radio": "elig_hdr",
    "satellite": "elig_sat",
}
COLUMNS = {"premises": "nbr", "eligible_8": "nbr_elig_8", **TECHNOLOGY_COLUMNS}


def parse_technologies(row: dict, context: Context) -> tuple[list[dict]]:
    code = commune(row["code_insee"], context)
    all_premises(row)
    values = counts(row, COLUMNS)
    within_premises(row, values, COLUMNS, what="cette colonne")
    # A premises counts under its best technology only: the counts cannot add up to
    # more premises than the commune has.
    total = sum(values[name] for name in TECHNOLOGY_COLUMNS)
    if total > values["premises"]:
        raise RowError(
            ", ".join(TECHNOLOGY_COLUMNS.values()),
            "+".join(row[column] for column in TECHNOLOGY_COLUMNS.values()),
            f"les technologies totalisent {total} locaux, plus que les {values['premises']} "
            "locaux de la commune (chaque local ne compte que pour sa meilleure technologie).",
        )
    return ([{"commune_id": code, "edition": edition_date(row["date"]), **values}],)


COMMUNE_TECHNOLOGIES = Format(
    key="mci_commune_meilleure_techno_thd",
    label="Ma connexion internet – meilleure technologie par commune",
    required=frozenset({"code_insee", "type", "date", *COLUMNS.values()}),
    targets=(Target(CommuneTechnologyStats, ("commune_id", "edition"), tuple(COLUMNS)),),
    source=SourceDefaults(
        slug="arcep-mci-commune-meilleure-techno-thd",
        name="Arcep – Ma connexion internet, meilleure technologie par commune",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=parse_technologies,
    after_load=refresh_area_technologies,
)
