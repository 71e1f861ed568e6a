"""Territory sums of the mobile networks' figures, rebuilt in SQL by the import of a
file for its edition (quarter) or week only: older editions are never touched, and
the cost of a rebuild does not grow with the history.

- coverage: per territory, operator and technology, the communes' shares of
  population weighted by their population, and of surface weighted by their area
  (from their outline: communes without one are left out of the surface shares, and
  ``surface`` says how many km² were weighed). A territory whose communes have no
  population gets the plain mean of their population shares;
- sites: per territory and operator, the sites carrying each technology, each 5G
  band, and each flag;
- targeted coverage: per department and region, per arrêté, the sites in each stage;
- ANFR stations: per territory, operator, technology and status.
"""

import datetime

from django.db import connection

from ..models import (
    AreaCoverage,
    AreaSites,
    AreaStations,
    AreaTargeted,
    Commune,
    CommuneCoverage,
    CommuneStations,
    Department,
    ImportRun,
    MobileSite,
    TargetedSite,
)
from ..models.areas import Level
from ..models.mobile import SiteCounts, TargetedStages, share_names

# Each level of the sums, and the SQL of a commune's territory there (commune ``c``
# joined with its department ``d``).
LEVELS = [
    (Level.REGION, "d.region_id"),
    (Level.DEPARTMENT, "c.department_id"),
    (Level.EPCI, "c.epci_id"),
]
COMMUNES = (
    f"{Commune._meta.db_table} c JOIN {Department._meta.db_table} d ON d.code = c.department_id"
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rebuild(model, where: str, sums: dict[str, str], source: str, group: list[str],
             params: dict, levels=LEVELS) -> int:  # fmt: skip
    """Replace the rows of ``model`` matching ``where`` by the ``sums`` (column → SQL)
    of the rows of ``source`` (FROM … WHERE …) grouped by ``group`` per territory of
    each level, in one pass (grouping sets); return the rows written."""
    table = _table(model)
    codes = [key for _, key in levels]
    level = " ".join(f"WHEN GROUPING({key}) = 0 THEN '{name}'" for name, key in levels)
    sets = ", ".join(f"({key}, {', '.join(group)})" for key in codes)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        cursor.execute(
            f"INSERT INTO {table} (level, code, {', '.join(sums)}, run_id) "
            f"SELECT CASE {level} END, coalesce({', '.join(codes)}), "
            f"{', '.join(sums.values())}, %(run)s {source} "
            f"GROUP BY GROUPING SETS ({sets}) HAVING coalesce({', '.join(codes)}) IS NOT NULL",
            params,
        )
        return cursor.rowcount


def _weighted(field: str, weight: str, fallback: bool) -> str:
    """The mean of ``f.field`` weighted by ``c.weight``, rounded to 0.001."""
    mean = f"sum(f.{field} * c.{weight}) / nullif(sum(c.{weight}), 0)"
    if fallback:
        mean = f"coalesce({mean}, avg(f.{field}))"
    return f"round(({mean})::numeric, 3)::float8"


def refresh_area_coverage(*, run: ImportRun, edition: datetime.date) -> int:
    """Rebuild the coverage sums of ``edition``; return the rows written."""
    sums = {
        "edition": "f.edition",
        "operator": "f.operator",
        "generation": "f.generation",
        "communes": "count(*)",
        "population": "sum(c.population)",
        "surface": "coalesce(sum(c.area), 0)",
        **{field: _weighted(field, "population", True) for field in share_names("population")},
        **{field: _weighted(field, "area", False) for field in share_names("surface")},
    }
    return _rebuild(
        AreaCoverage,
        "edition = %(edition)s",
        sums,
        f"FROM {_table(CommuneCoverage)} f JOIN {COMMUNES} ON c.code = f.commune_id "
        "WHERE f.edition = %(edition)s",
        ["f.edition", "f.operator", "f.generation"],
        {"edition": edition, "run": run.pk},
    )


def refresh_area_sites(*, run: ImportRun, edition: datetime.date) -> int:
    """Rebuild the sums of the sites of ``edition``; return the rows written."""
    sums = {
        "edition": "f.edition",
        "operator": "f.operator",
        "sites": "count(*)",
        **{name: f"count(*) FILTER (WHERE f.{flag})" for name, flag in SiteCounts.COUNTED.items()},
    }
    return _rebuild(
        AreaSites,
        "edition = %(edition)s",
        sums,
        f"FROM {_table(MobileSite)} f JOIN {COMMUNES} ON c.code = f.commune_id "
        "WHERE f.edition = %(edition)s",
        ["f.edition", "f.operator"],
        {"edition": edition, "run": run.pk},
    )


def refresh_area_targeted(run: ImportRun) -> int:
    """Rebuild the targeted-coverage sums of every edition (a few hundred zones each):
    per department and region, per arrêté; return the rows written. The file names
    departments, not communes: there are no EPCI sums."""
    sums = {
        "edition": "f.edition",
        "decree": "f.decree",
        "decree_date": "min(f.decree_date)",
        "zones": "count(*)",
        **{stage: f"sum(f.{stage})" for stage in ["requested", *TargetedStages.STAGES]},
    }
    return _rebuild(
        AreaTargeted,
        "true",
        sums,
        f"FROM {_table(TargetedSite)} f "
        f"JOIN {Department._meta.db_table} d ON d.code = f.department_id",
        ["f.edition", "f.decree"],
        {"run": run.pk},
        levels=[(Level.REGION, "d.region_id"), (Level.DEPARTMENT, "f.department_id")],
    )


def refresh_area_stations(*, run: ImportRun, week: datetime.date) -> int:
    """Rebuild the sums of ANFR stations of ``week``; return the rows written."""
    group = ["f.week", "f.operator", "f.generation", "f.status"]
    sums = {name.removeprefix("f."): name for name in group}
    return _rebuild(
        AreaStations,
        "week = %(week)s",
        {**sums, "stations": "sum(f.stations)"},
        f"FROM {_table(CommuneStations)} f JOIN {COMMUNES} ON c.code = f.commune_id "
        "WHERE f.week = %(week)s",
        group,
        {"week": week, "run": run.pk},
    )
