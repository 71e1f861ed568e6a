"""The mobile networks as pages will show them, read from the stored sums (``Area*``)
or, for a commune, from its own rows; each function runs a fixed number of queries,
whatever the number of quarters, sites or weeks (pinned in the tests).

Territories are named as the sums name them: ``(level, code, label)`` triples
(``referential.selectors.Area.key``), which the caller gives (the referential's pages
call these functions: they do not import it back).
"""

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from scoran.lib.text import quarter_label

from ..models import (
    AnfrWeek,
    AreaCoverage,
    AreaSites,
    AreaStations,
    AreaTargeted,
    Commune,
    CommuneCoverage,
    CommuneStations,
    Generation,
    ImportRun,
    MobileSite,
    Operator,
)
from ..models.areas import Level
from ..models.mobile import COVERAGE_LEVELS, FIVE_G_BANDS, SiteCounts, week_label

# A commune has good coverage by an operator when at least this share (%) of its
# population is in good or very good coverage.
GOOD_COVERAGE_SHARE = 50
SHOWN = ("4G", "5G")  # the technologies a territory's page compares


def covered():
    """A coverage row's share (%) of population in good or very good coverage."""
    return F("population_good") + F("population_very_good")


def latest(model, field_name: str = "edition") -> Subquery:
    """For a filter: the most recent edition (or week) of ``model``'s rows."""
    return Subquery(model.objects.order_by(f"-{field_name}").values(field_name)[:1])


def _areas(keys) -> Q:
    """Rows of the territories ``keys`` ((level, code, label) triples)."""
    condition = Q(pk__in=[])
    for level, code, _ in keys:
        condition |= Q(level=level, code=code)
    return condition


def by_operator(rows) -> dict[str, dict[str, object]]:
    """``{generation: {operator: row}}``, in the order of the choices."""
    table = {generation: {} for generation in Generation.values}
    for row in sorted(rows, key=lambda r: (r.generation, list(Operator.values).index(r.operator))):
        table[row.generation][row.operator] = row
    return {generation: operators for generation, operators in table.items() if operators}


@dataclass
class Coverage:
    """Coverage of territories by operator and technology in one quarter."""

    edition: datetime.date | None
    areas: dict[tuple[str, str], dict[str, dict[str, AreaCoverage]]] = field(default_factory=dict)

    @property
    def edition_label(self) -> str:
        return quarter_label(self.edition) if self.edition else ""

    @property
    def run(self) -> ImportRun | None:
        """The import of one of the rows (loaded with them), for a source line."""
        for area in self.areas.values():
            for operators in area.values():
                return first_run(operators.values())
        return None


def area_coverage(keys, *, with_runs: bool = True) -> Coverage:
    """The latest quarter's coverage of each territory of ``keys``, by technology and
    operator, each row with its import and source (1 query; ``with_runs=False``: the
    rows alone, for a caller that loads the imports itself)."""
    rows = AreaCoverage.objects.filter(_areas(keys), edition=latest(AreaCoverage))
    rows = list(rows.select_related("run__source") if with_runs else rows)
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row.level, row.code)].append(row)
    return Coverage(
        edition=rows[0].edition if rows else None,
        areas={area: by_operator(items) for area, items in grouped.items()},
    )


def region_coverage(region_key, department_keys) -> Coverage:
    """The observatory's mobile page: the region's and its departments' coverage by
    operator and technology, in the latest quarter (1 query)."""
    return area_coverage([region_key, *department_keys])


def _series(rows) -> dict[str, dict[str, list[dict]]]:
    """``{generation: {operator: [{edition, label, population, surface}]}}``, oldest
    quarter first, with the shares (%) in good or very good coverage."""
    series = defaultdict(lambda: defaultdict(list))
    for row in sorted(rows, key=lambda r: r.edition):
        series[row.generation][row.operator].append(
            {
                "edition": row.edition,
                "label": row.edition_label,
                "population": row.population_covered,
                "surface": row.surface_covered,
            }
        )
    return {
        generation: {
            op: series[generation][op] for op in Operator.values if op in series[generation]
        }
        for generation in Generation.values
        if generation in series
    }


def coverage_trend(key, generations=SHOWN) -> dict[str, dict[str, list[dict]]]:
    """A territory's coverage by quarter in each of ``generations``, per operator
    (see ``_series``; 1 query)."""
    level, code, _ = key
    return _series(AreaCoverage.objects.filter(level=level, code=code, generation__in=generations))


def area_sites(keys) -> dict[tuple[str, str], list[AreaSites]]:
    """Each territory's sites per operator in the latest quarter, with their counts by
    technology, 5G band and flag (1 query)."""
    rows = AreaSites.objects.filter(_areas(keys), edition=latest(AreaSites))
    found = defaultdict(list)
    for row in rows.select_related("run__source").order_by("operator"):
        found[(row.level, row.code)].append(row)
    return dict(found)


def commune_sites(commune: Commune) -> list[dict]:
    """A commune's sites per operator in the latest quarter, with their counts by
    technology, 5G band and flag, named as ``AreaSites`` names them (``operator_label``,
    ``by_generation``, ``by_band``), and the last import that wrote them (``run_id``)
    (1 query)."""
    counted = {
        name: Count("pk", filter=Q(**{flag: True})) for name, flag in SiteCounts.COUNTED.items()
    }
    rows = (
        MobileSite.objects.filter(commune=commune, edition=latest(MobileSite))
        .values("operator", "edition")
        .annotate(sites=Count("pk"), run_id=Max("run"), **counted)
        .order_by("operator")
    )
    return [
        {
            **row,
            "operator_label": Operator(row["operator"]).label,
            "by_generation": [(name, row[f"sites_{name.lower()}"]) for name in Generation.values],
            "by_band": [(band, row[f"band_{band}"]) for band in FIVE_G_BANDS],
        }
        for row in rows
    ]


def communes_without_good_coverage(key, generation: str = "4G") -> list[dict]:
    """The communes of a territory that no operator covers well in ``generation`` in
    the latest quarter: for each operator, less than GOOD_COVERAGE_SHARE % of their
    population in good or very good coverage. With their best operator's share,
    fewest first (1 query)."""
    level, code, _ = key
    within = {
        Level.REGION: "commune__department__region_id",
        Level.DEPARTMENT: "commune__department_id",
        Level.EPCI: "commune__epci_id",
    }[level]
    return list(
        CommuneCoverage.objects.filter(
            **{within: code},
            generation=generation,
            edition=latest(CommuneCoverage),
        )
        .values("commune_id", "commune__name", "commune__department_id", "commune__population")
        .annotate(best=Max(F("population_good") + F("population_very_good")))
        .filter(best__lt=GOOD_COVERAGE_SHARE)
        .order_by("best", "commune_id")
    )


@dataclass
class Progress:
    """The targeted-coverage scheme in one edition: per department and per arrêté."""

    edition: datetime.date | None
    departments: dict[str, dict[str, int]]  # code → requested and each stage
    decrees: list[AreaTargeted]  # the region's, oldest arrêté first

    @property
    def edition_label(self) -> str:
        return quarter_label(self.edition) if self.edition else ""


def targeted_progress(region_key) -> Progress:
    """The latest edition of the targeted-coverage scheme in the region: sites requested
    and in each stage, per department (all arrêtés) and per arrêté (1 query)."""
    rows = list(
        AreaTargeted.objects.filter(
            Q(level=Level.DEPARTMENT) | Q(level=region_key[0], code=region_key[1]),
            edition=latest(AreaTargeted),
        )
        .select_related("run__source")
        .order_by("decree_date", "decree")
    )
    departments = defaultdict(
        lambda: dict.fromkeys(["zones", "requested", *AreaTargeted.STAGES], 0)
    )
    for row in rows:
        if row.level == Level.DEPARTMENT:
            for name in departments[row.code]:
                departments[row.code][name] += getattr(row, name)
    return Progress(
        edition=rows[0].edition if rows else None,
        departments=dict(sorted(departments.items())),
        decrees=[row for row in rows if row.level == region_key[0]],
    )


def area_stations(keys) -> tuple[AnfrWeek | None, dict]:
    """ANFR's latest week: each territory's stations by operator, technology and status
    ``{(level, code): {(operator, generation, status): stations}}`` (2 queries)."""
    week = AnfrWeek.objects.select_related("run__source").first()
    if week is None:
        return None, {}
    found = defaultdict(dict)
    for row in AreaStations.objects.filter(_areas(keys), week=week.week):
        found[(row.level, row.code)][(row.operator, row.generation, row.status)] = row.stations
    return week, dict(found)


def _stations(rows) -> dict[tuple[str, str, str], int]:
    return {(row.operator, row.generation, row.status): row.stations for row in rows}


def territory_mobile(territory, key, parents) -> dict:
    """What a commune's, an EPCI's or a department's page shows of the mobile networks:
    its 4G and 5G coverage by operator in the latest quarter compared with its
    ``parents`` (its department and the region: (level, code, label) triples), its
    sites by operator (with those of the targeted-coverage scheme), its history in 4G
    and 5G, ANFR's stations in the latest week (``stations``, and ``stations_rows``
    with their import) and, for a department, the progress of the targeted-coverage
    scheme. ``key``: the territory's (level, code, label), None for a commune. 5
    queries for a commune (with the imports of its sites), 4 for an EPCI, 5 for a
    department."""
    week = latest(AnfrWeek, "week")
    if key is None:  # a commune: its own rows
        return _commune_mobile(territory, parents, week)
    compared = area_coverage([key, *parents])
    coverage = compared.areas.get((key[0], key[1]), {})
    history = coverage_trend(key)
    sites = area_sites([key]).get((key[0], key[1]), [])
    stations = AreaStations.objects.filter(level=key[0], code=key[1], week=week)
    targeted = None
    if key[0] == Level.DEPARTMENT:
        targeted = list(
            AreaTargeted.objects.filter(level=key[0], code=key[1], edition=latest(AreaTargeted))
            .select_related("run__source")
            .order_by("decree_date", "decree")
        )
    stations = list(stations.select_related("run__source"))
    return {
        "edition": compared.edition,
        "coverage": coverage,
        "compared": _compared(territory.name, coverage, parents, compared),
        "compared_run": compared.run,
        "history": history,
        "sites": sites,
        "stations": _stations(stations),
        "stations_rows": stations,
        "targeted": targeted,
    }


def _commune_mobile(commune: Commune, parents, week: Subquery) -> dict:
    """``territory_mobile`` for a commune, from its own rows: its coverage of the latest
    quarter and its history in one query (the rows of every quarter, each told whether
    its quarter is the latest imported), its parents' coverage, its sites, its
    stations, then the imports behind them all in one query, set on the rows (rather
    than joined to each of them): 5 queries."""
    rows = list(
        CommuneCoverage.objects.filter(commune=commune, generation__in=SHOWN).annotate(
            latest_edition=latest(CommuneCoverage)
        )
    )
    own = [row for row in rows if row.edition == row.latest_edition]
    compared = area_coverage(parents, with_runs=False)
    area_rows = [
        row for area in compared.areas.values() for ops in area.values() for row in ops.values()
    ]
    sites = commune_sites(commune)
    stations = list(CommuneStations.objects.filter(commune=commune, week=week))
    linked = [*own, *area_rows, *stations]
    runs = ImportRun.objects.select_related("source").in_bulk(
        {row.run_id for row in linked} | {row["run_id"] for row in sites}
    )
    for row in linked:
        row.run = runs[row.run_id]
    for row in sites:
        row["run"] = runs[row["run_id"]]
    coverage = by_operator(own)
    return {
        "edition": compared.edition,
        "coverage": coverage,
        "compared": _compared(commune.name, coverage, parents, compared),
        "compared_run": compared.run,
        "history": _series(rows),
        "sites": sites,
        "stations": _stations(stations),
        "stations_rows": stations,
        "targeted": None,
    }


def _compared(name: str, coverage, parents, parents_coverage: Coverage) -> list[dict]:
    """Rows of a comparison table: the territory, then each parent, with the share of
    population in good or very good coverage per technology and operator."""

    def shares(table):
        return {
            generation: {
                operator: row.population_covered
                for operator, row in table.get(generation, {}).items()
            }
            for generation in SHOWN
        }

    rows = [{"label": name, "shares": shares(coverage)}]
    for level, code, label in parents:
        table = parents_coverage.areas.get((level, code), {})
        rows.append({"label": label, "shares": shares(table)})
    return rows


def first_run(rows) -> ImportRun | None:
    """The import of the first of ``rows`` (each with its ``run``), for a source line."""
    return next((row.run for row in rows), None)


def trend_rows(trend: dict) -> dict[str, dict]:
    """``coverage_trend`` (or a territory's ``history``) as tables: per technology, its
    operators and one row per quarter with each operator's share of population in good
    or very good coverage."""
    tables = {}
    for generation, operators in trend.items():
        quarters = {}
        for operator, points in operators.items():
            for point in points:
                quarters.setdefault(point["edition"], {"label": point["label"], "shares": {}})
                quarters[point["edition"]]["shares"][operator] = point["population"]
        tables[generation] = {
            "operators": [Operator(operator).label for operator in operators],
            "rows": [
                {
                    "label": quarter["label"],
                    "shares": [quarter["shares"].get(operator) for operator in operators],
                }
                for _, quarter in sorted(quarters.items())
            ],
        }
    return tables


def compared_rows(compared: list[dict]) -> dict[str, dict]:
    """``territory_mobile``'s comparison in the shape of ``trend_rows``: per technology,
    the operators any territory has and one row per territory."""
    tables = {}
    for generation in SHOWN:
        present = {op for row in compared for op in row["shares"][generation]}
        operators = [op for op in Operator.values if op in present]
        if operators:
            tables[generation] = {
                "operators": [Operator(op).label for op in operators],
                "rows": [
                    {
                        "label": row["label"],
                        "shares": [row["shares"][generation].get(op) for op in operators],
                    }
                    for row in compared
                ],
            }
    return tables


# ANFR's statuses of a station, most advanced first; others follow in alphabetical order.
STATUSES = ["En service", "Techniquement opérationnel", "Projet approuvé"]


def stations_table(rows) -> dict:
    """Stations (``StationCounts`` rows) as a table: the statuses found, and one row
    per operator and technology with its stations in each status."""
    found = {row.status for row in rows}
    statuses = [status for status in STATUSES if status in found]
    statuses += sorted(found - set(STATUSES))
    counts = _stations(rows)
    table = []
    for operator, generation in itertools.product(Operator.values, Generation.values):
        shown = [counts.get((operator, generation, status), 0) for status in statuses]
        if any(shown):
            table.append(
                {"operator": Operator(operator).label, "generation": generation, "counts": shown}
            )
    return {"statuses": statuses, "rows": table}


def territory_section(territory, key, parents) -> dict:
    """``territory_mobile`` as the mobile section of a territory's page shows it: its
    tables, the import behind each and whether there is anything to show (no query
    more than ``territory_mobile``)."""
    figures = territory_mobile(territory, key, parents)
    coverage = figures["coverage"]
    sites = figures["sites"]
    if key is None:  # the import that last wrote the commune's sites, loaded with them
        last = max(sites, key=lambda row: row["run_id"], default=None)
        sites_run = last["run"] if last else None
        sites_edition = sites[0]["edition"] if sites else None
    else:
        sites_run = first_run(sites)
        sites_edition = sites[0].edition if sites else None
    own_run = first_run(row for table in coverage.values() for row in table.values())
    targeted = figures["targeted"] or []
    stations = figures["stations_rows"]
    return {
        **figures,
        "edition_label": quarter_label(figures["edition"]) if figures["edition"] else "",
        "coverage_run": own_run or figures["compared_run"],
        "trend": trend_rows(figures["history"]),
        "compared_tables": compared_rows(figures["compared"]),
        "sites_run": sites_run,
        "sites_edition": sites_edition,
        "targeted_run": first_run(targeted),
        "targeted_label": quarter_label(targeted[0].edition) if targeted else "",
        "stations_table": stations_table(stations),
        "stations_run": first_run(stations),
        "stations_week": week_label(stations[0].week) if stations else "",
        "has_data": bool(figures["edition"] or sites or targeted or stations),
        "levels": [label for _, label in COVERAGE_LEVELS],
        "stages": [AreaTargeted._meta.get_field(name).verbose_name for name in AreaTargeted.STAGES],
    }


def well_covered_by(operator: str, generation: str = "4G", commune: str = "commune") -> Exists:
    """For a filter on rows of communes (``commune``: the path to the commune): the
    operator covers at least GOOD_COVERAGE_SHARE % of the commune's population in good
    or very good coverage in the latest quarter."""
    return Exists(
        CommuneCoverage.objects.filter(
            commune=OuterRef(commune),
            edition=latest(CommuneCoverage),
            operator=operator,
            generation=generation,
        )
        .annotate(covered=covered())
        .filter(covered__gte=GOOD_COVERAGE_SHARE)
    )


def with_mobile(queryset, commune: str = "commune"):
    """Rows of communes (``commune``: the path to the commune) with their mobile
    figures of the latest quarter, in the same query: the best operator's share (%) of
    population in good or very good coverage in 4G (``mobile_4g``) and 5G
    (``mobile_5g``), the operators covering at least GOOD_COVERAGE_SHARE % in 4G
    (``mobile_4g_operators``), the sites (``mobile_sites``) and those of the
    targeted-coverage scheme (``mobile_targeted``), and the quarter of the coverage
    (``mobile_edition``). Null where nothing is imported; 0 sites for a commune without
    any in a quarter imported."""
    coverage = CommuneCoverage.objects.filter(
        commune=OuterRef(commune), edition=latest(CommuneCoverage)
    ).annotate(covered=covered())

    def best(generation):
        rows = coverage.filter(generation=generation).order_by("-covered")
        return Subquery(rows.values("covered")[:1])

    operators = (
        coverage.filter(generation="4G")
        .values("commune")
        .annotate(good=Count("pk", filter=Q(GreaterThanOrEqual(covered(), GOOD_COVERAGE_SHARE))))
        .values("good")
    )
    sites = (
        MobileSite.objects.filter(commune=OuterRef(commune), edition=latest(MobileSite))
        .values("commune")
        .annotate(sites=Count("pk"), targeted=Count("pk", filter=Q(targeted=True)))
    )
    # A commune without a site in the latest quarter has none (0), unless no sites
    # were ever imported (null: unknown).
    none_found = Case(When(Exists(MobileSite.objects.all()), then=Value(0)), default=None)
    return queryset.annotate(
        mobile_4g=best("4G"),
        mobile_5g=best("5G"),
        mobile_4g_operators=Subquery(operators),
        mobile_sites=Coalesce(Subquery(sites.values("sites")), none_found),
        mobile_targeted=Coalesce(Subquery(sites.values("targeted")), none_found),
        mobile_edition=latest(CommuneCoverage),
    )
