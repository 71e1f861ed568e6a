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


def _rebuild(model, where: str, select: tuple[str, str], group: str, params: dict,
             levels=LEVELS) -> int:  # fmt: skip
    """Replace the rows of ``model`` matching ``where`` by the sums ``select`` (their
    columns after level and code, and their SQL) of ``group`` (FROM … GROUP BY, with
    ``{key}`` the territory's code) for each level; return the rows written."""
    table = _table(model)
    columns, values = select
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        written = 0
        for level, key in levels:
            cursor.execute(
                f"INSERT INTO {table} (level, code, {columns}, run_id) "
                f"SELECT %(level)s, {key}, {values}, %(run)s {group.format(key=key)}",
                {**params, "level": level},
            )
            written += cursor.rowcount
    return written


def _weighted(field: str, weight: str, fallback: bool) -> str:
    """The mean of ``f.field`` weighted by ``c.weight``, rounded to 0.001."""
    mean = f"sum(f.{field} * c.{weight}) / nullif(sum(c.{weight}), 0)"
    if fallback:
        mean = f"coalesce({mean}, avg(f.{field}))"
    return f"round(({mean})::numeric, 3)::float8"


def refresh_area_coverage(*, run: ImportRun, edition: datetime.date) -> int:
    """Rebuild the coverage sums of ``edition``; return the rows written."""
    population = share_names("population")
    surface = share_names("surface")
    columns = [
        "edition", "operator", "generation", "communes", "population", "surface",
        *population, *surface,
    ]  # fmt: skip
    values = [
        "f.edition", "f.operator", "f.generation", "count(*)", "sum(c.population)",
        "coalesce(sum(c.area), 0)",
        *(_weighted(field, "population", fallback=True) for field in population),
        *(_weighted(field, "area", fallback=False) for field in surface),
    ]  # fmt: skip
    group = (
        f"FROM {_table(CommuneCoverage)} f JOIN {COMMUNES} ON c.code = f.commune_id "
        "WHERE f.edition = %(edition)s AND {key} IS NOT NULL "
        "GROUP BY {key}, f.edition, f.operator, f.generation"
    )
    return _rebuild(
        AreaCoverage,
        "edition = %(edition)s",
        (", ".join(columns), ", ".join(values)),
        group,
        {"edition": edition, "run": run.pk},
    )


def refresh_area_sites(*, run: ImportRun, edition: datetime.date) -> int:
    """Rebuild the sums of the sites of ``edition``; return the rows written."""
    counted = SiteCounts.COUNTED
    columns = ["edition", "operator", "sites", *counted]
    values = [
        "f.edition", "f.operator", "count(*)",
        *(f"count(*) FILTER (WHERE f.{flag})" for flag in counted.values()),
    ]  # fmt: skip
    group = (
        f"FROM {_table(MobileSite)} f JOIN {COMMUNES} ON c.code = f.commune_id "
        "WHERE f.edition = %(edition)s AND {key} IS NOT NULL "
        "GROUP BY {key}, f.edition, f.operator"
    )
    return _rebuild(
        AreaSites,
        "edition = %(edition)s",
        (", ".join(columns), ", ".join(values)),
        group,
        {"edition": edition, "run": run.pk},
    )


def refresh_area_targeted(run: ImportRun) -> int:
    """Rebuild the targeted-coverage sums of every edition (a few hundred zones each):
    per department and region, per arrêté; return the rows written. The file names
    departments, not communes: there are no EPCI sums."""
    stages = ["requested", *TargetedStages.STAGES]
    columns = ["edition", "decree", "decree_date", "zones", *stages]
    values = [
        "f.edition", "f.decree", "min(f.decree_date)", "count(*)",
        *(f"sum(f.{stage})" for stage in stages),
    ]  # fmt: skip
    group = (
        f"FROM {_table(TargetedSite)} f "
        f"JOIN {Department._meta.db_table} d ON d.code = f.department_id "
        "GROUP BY {key}, f.edition, f.decree"
    )
    return _rebuild(
        AreaTargeted,
        "true",
        (", ".join(columns), ", ".join(values)),
        group,
        {"run": run.pk},
        levels=[(Level.REGION, "d.region_id"), (Level.DEPARTMENT, "f.department_id")],
    )


def refresh_area_stations(*, run: ImportRun, week: datetime.date) -> int:
    """Rebuild the sums of ANFR stations of ``week``; return the rows written."""
    columns = "week, operator, generation, status, stations"
    values = "f.week, f.operator, f.generation, f.status, sum(f.stations)"
    group = (
        f"FROM {_table(CommuneStations)} f JOIN {COMMUNES} ON c.code = f.commune_id "
        "WHERE f.week = %(week)s AND {key} IS NOT NULL "
        "GROUP BY {key}, f.week, f.operator, f.generation, f.status"
    )
    return _rebuild(
        AreaStations, "week = %(week)s", (columns, values), group, {"week": week, "run": run.pk}
    )
