"""Arcep workbook of FttH deployments (``AAAAtN-obs-hd-thd-deploiement.xlsx``,
sheet ``Communes``): one row per commune, one column per quarter.

Each row gives one record per quarter (premises connectable to FttH at the end of
it) and one profile of the commune for the edition: best estimate of its premises,
zone, commitments and infrastructure operators. Column names drift between
editions ("Zone très dense" / "Zones très denses", the quarter in "OI T4 2025"), so
columns are found by pattern on their normalised names, once per layout.
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from ..ftth.services import refresh_area_ftth
from ..models import CommuneFtth, FtthDeployment, Zone
from .base import Context, Format, RowError, SourceDefaults, Target, commune, count, quarter_end

QUARTER = r"t([1-4])_(20\d\d)"  # "T4 0000" is no quarter (no year 0 either)
NO = {"", "0", "non", "false", "faux"}


@dataclass(frozen=True)
class Layout:
    """Where the values are in one edition's header."""

    quarters: tuple[tuple[str, datetime.date], ...]
    premises: str
    premises_source: str | None
    commitments: str | None
    dense: str | None
    operators: str | None

    @property
    def edition(self) -> datetime.date:
        return max(day for _, day in self.quarters)


def _first(columns: tuple[str, ...], pattern: str) -> str | None:
    return next((c for c in columns if re.fullmatch(pattern, c)), None)


@lru_cache(maxsize=8)
def layout(columns: tuple[str, ...]) -> Layout:
    quarters = tuple(
        (column, quarter_end(*match.groups()))
        for column in columns
        if (match := re.fullmatch(QUARTER, column))
    )
    return Layout(
        quarters=quarters,
        premises=_first(columns, r"meilleure_estimation_des_locaux.*"),
        premises_source=_first(columns, r"source_retenue.*"),
        commitments=_first(columns, r"engagements.*"),
        dense=_first(columns, r"zones?_tres_denses?"),
        operators=_first(columns, rf"oi(_{QUARTER})?"),
    )


def zone(row: dict, where: Layout) -> str:
    """ZTD if flagged so, else the private commitment named (``Orange (AMII) (100%)``),
    else public initiative (RIP)."""
    if where.dense and row[where.dense].strip().lower() not in NO:
        return Zone.ZTD
    commitments = row[where.commitments].upper() if where.commitments else ""
    for private in (Zone.AMII, Zone.AMEL):
        if private.value in commitments:
            return private
    return Zone.RIP


def _text(row: dict, column: str | None, limit: int = 255) -> str:
    return row[column].strip()[:limit] if column else ""


def parse_deployments(row: dict, context: Context) -> tuple[list[dict], list[dict]]:
    where = layout(tuple(row))
    code = commune(row["code_commune"], context, column="code_commune")
    deployments = [
        {"commune_id": code, "quarter": day, "connectable": count(row, column)}
        for column, day in where.quarters
        if row[column].strip()  # a quarter before the commune had data
    ]
    if not deployments:
        raise RowError(where.quarters[-1][0], "", "aucun trimestre renseigné pour cette commune.")
    profile = {
        "commune_id": code,
        "edition": where.edition,
        "premises": count(row, where.premises),
        "premises_source": _text(row, where.premises_source, 100),
        "zone": zone(row, where),
        "commitments": _text(row, where.commitments),
        "operators": _text(row, where.operators),
    }
    return deployments, [profile]


FTTH_DEPLOYMENTS = Format(
    key="arcep_deploiements_ftth",
    label="Arcep – déploiements FttH par commune et trimestre (classeur XLSX)",
    required=frozenset({"code_commune"}),
    patterns=(QUARTER, r"meilleure_estimation_des_locaux.*"),
    targets=(
        Target(FtthDeployment, ("commune_id", "quarter"), ("connectable",)),
        Target(
            CommuneFtth,
            ("commune_id", "edition"),
            ("premises", "premises_source", "zone", "commitments", "operators"),
        ),
    ),
    source=SourceDefaults(
        slug="arcep-deploiements-ftth",
        name="Arcep – Le marché du haut et très haut débit fixe (déploiements)",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=parse_deployments,
    after_load=refresh_area_ftth,
)
