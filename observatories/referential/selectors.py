"""Reads about territories as a whole: how the stored sums name them (level, code),
and what every territory page shows, built once for the commune, EPCI and department
pages and for the region on the observatory's home."""

import logging
from dataclasses import dataclass

from django.conf import settings

from strategy.selectors import Figures, Row, indicator_values_for

from ..fixed.selectors import comparison, latest_area, latest_commune, latest_fixed_overview
from ..ftth.selectors import area_deployment, commune_deployment, compared
from ..mobile.selectors import territory_section
from ..models import (
    EPCI,
    AreaTechnologyStats,
    Commune,
    CommuneOutline,
    CommuneTechnologyStats,
    Department,
    Region,
)
from ..models.areas import Level
from ..targets import FIXED_SERVICE, FTTH_COVERAGE, scoran_targets
from .sections import Scope

logger = logging.getLogger(__name__)

# Each level of the stored sums, and how a commune row reaches its territory there.
AREA_LEVELS = [
    (Level.REGION, "commune__department__region_id"),
    (Level.DEPARTMENT, "commune__department_id"),
    (Level.EPCI, "commune__epci_id"),
]


def sums_per_territory(queryset, key: str, group: tuple[str, ...], **aggregates):
    """Rows of ``queryset`` summed per territory (``key``, see AREA_LEVELS) and ``group``."""
    return (
        queryset.filter(**{f"{key}__isnull": False})
        .values(key, *group)
        .annotate(**aggregates)
        .order_by()
    )


@dataclass(frozen=True)
class Area:
    """A territory as the stored sums name it, with its name for tables."""

    level: str
    code: str
    label: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.level, self.code, self.label)


def region() -> Area:
    return Area(Level.REGION, settings.REGION_CODE, settings.REGION_NAME)


def area_of(territory: EPCI | Department) -> Area:
    if isinstance(territory, EPCI):
        return Area(Level.EPCI, territory.siren, territory.name)
    return Area(Level.DEPARTMENT, territory.code, territory.name)


def parents_of(territory: Commune | EPCI | Department) -> list[Area]:
    """The larger territories a page compares with: a commune's EPCI, department and
    region; the region for the others (``commune.department`` and ``epci`` loaded)."""
    if not isinstance(territory, Commune):
        return [region()]
    parents = [Area(Level.DEPARTMENT, territory.department_id, territory.department.name)]
    if territory.epci_id:
        parents.insert(0, Area(Level.EPCI, territory.epci_id, territory.epci.name))
    return [*parents, region()]


def territory_figures(territory: Commune | EPCI | Department) -> dict:
    """What a territory page shows: its latest eligibility (``figures``) compared with
    its parents' (``rows``), its premises by technology, its FttH deployment against
    the SCORAN target, compared with its parents' (``compared``), and its mobile
    networks compared with its parents' (``mobile``, see
    ``mobile.selectors.territory_section``). 4 queries without FttH figures, 7 with
    (the target is read only then); and 5 for the mobile networks of a commune (6 with
    sites), 4 of an EPCI, 5 of a department."""
    parents = [parent.key for parent in parents_of(territory)]
    if isinstance(territory, Commune):
        key = None  # the mobile figures of a commune are its own rows
        figures = latest_commune(territory)
        technologies = CommuneTechnologyStats.objects.filter(commune=territory)
        deployment = commune_deployment(territory)
    else:
        area = area_of(territory)
        key = area.key
        figures = latest_area(area.level, area.code)
        technologies = AreaTechnologyStats.objects.filter(level=area.level, code=area.code)
        deployment = area_deployment(area.level, area.code)
    if deployment is not None:
        deployment.target = scoran_targets(FTTH_COVERAGE)[FTTH_COVERAGE]
    return {
        "territory": territory,
        "figures": figures,
        "rows": comparison(figures, territory.name, parents),
        "technologies": technologies.latest_with_source(),
        "deployment": deployment,
        "compared": compared(territory.name, deployment, parents),
        "mobile": territory_section(territory, key, parents),
    }


def region_figures() -> dict:
    """The observatory's home: the region's eligibility with its departments', its FttH
    deployment compared with theirs, and the SCORAN targets (8 queries with every figure)."""
    targets = scoran_targets(FIXED_SERVICE, FTTH_COVERAGE)
    overview = latest_fixed_overview()
    fixed_target = targets[FIXED_SERVICE]
    thd_gap = None
    if overview and fixed_target:
        thd_gap = fixed_target.gap(overview["region"].share("eligible_30"))
    own = region()
    deployment = area_deployment(own.level, own.code, target=targets[FTTH_COVERAGE])
    departments = [
        (Level.DEPARTMENT, code, f"{name} ({code})")
        for code, name in Department.objects.filter(region_id=own.code).values_list("code", "name")
    ]
    return {
        "overview": overview,
        "thd_target": fixed_target,
        "thd_gap": thd_gap,
        "ftth_target": targets[FTTH_COVERAGE],
        "deployment": deployment,
        "compared": compared(own.label, deployment, departments),
    }


def distance_from_commune(commune: Commune, latitude: float, longitude: float) -> float | None:
    """How far (km) a point lies from the commune's outline, 0 inside it (1 query);
    None when the commune has no outline, or one of another shape (logged)."""
    outline = CommuneOutline.objects.filter(commune=commune).first()
    if outline is None:
        return None
    try:
        return outline.distance_km(latitude, longitude)
    except (ValueError, KeyError, TypeError, IndexError) as error:
        logger.warning("outline of commune %s unreadable: %r", commune.pk, error)
        return None


def epci_members(epci: EPCI) -> list[Commune]:
    """An EPCI's communes, for the links of its page (1 query)."""
    return list(Commune.objects.filter(epci=epci).only("code", "name", "population"))


def department_epcis(department: Department) -> list[EPCI]:
    """The EPCI with a commune in the department, for the links of its page (1 query)."""
    return list(
        EPCI.objects.filter(communes__department=department).distinct().only("siren", "name")
    )


def scope_of(territory: Commune | EPCI | Department | Region) -> Scope:
    """The territory as the sections of its ``/territoires/`` page see it (a commune
    with its ``department`` loaded: no query; an EPCI: 1 query, its departments)."""
    if isinstance(territory, Commune):
        return Scope(
            level=Scope.COMMUNE,
            code=territory.code,
            name=territory.name,
            territory=territory,
            region_code=territory.department.region_id,
            department_codes=(territory.department_id,),
            epci_siren=territory.epci_id or "",
            latitude=territory.latitude,
            longitude=territory.longitude,
        )
    if isinstance(territory, EPCI):
        departments = (
            Department.objects.filter(communes__epci=territory)
            .distinct()
            .order_by("code")
            .values_list("code", "region_id")
        )
        codes = list(departments)
        return Scope(
            level=Scope.EPCI,
            code=territory.siren,
            name=territory.name,
            territory=territory,
            region_code=codes[0][1] if codes else settings.REGION_CODE,
            department_codes=tuple(code for code, _ in codes),
            epci_siren=territory.siren,
        )
    if isinstance(territory, Department):
        return Scope(
            level=Scope.DEPARTMENT,
            code=territory.code,
            name=territory.name,
            territory=territory,
            region_code=territory.region_id,
            department_codes=(territory.code,),
        )
    return Scope(
        level=Scope.REGION,
        code=territory.code,
        name=territory.name,
        territory=territory,
        region_code=territory.code,
    )


@dataclass
class IndicatorLine:
    """One indicator (one of its series) on a territory's page: the values of each of
    the table's territories (``None`` where that territory has none)."""

    figures: Figures
    series: str
    cells: list[Row | None]

    @property
    def sources(self) -> list:
        """The latest values that name each distinct source of the line, in the
        columns' order (each territory's value may come from its own)."""
        seen = {}
        for cell in self.cells:
            if cell is not None:
                seen.setdefault((cell.latest.source, cell.latest.source_url), cell.latest)
        return list(seen.values())


@dataclass
class IndicatorTable:
    """The strategy's indicators on a territory's page, in one table: a line per
    indicator (and series), a column per territory (its department or departments,
    then the region). The strategy's page keeps each indicator's detailed table."""

    columns: list[str]
    lines: list[IndicatorLine]


def territory_indicators(scope: Scope) -> list[IndicatorTable]:
    """The strategy's indicators that have values for the territory's page, as one
    table (2 queries; none without any value): the department's and the region's,
    the only territories the strategy follows (a commune or an EPCI: those of its
    departments and of the region)."""
    if scope.level in (Scope.COMMUNE, Scope.EPCI):
        figures = indicator_values_for(scope.level, scope.code, departments=scope.department_codes)
    else:
        figures = indicator_values_for(scope.level, scope.code)
    figures = [item for item in figures if item.rows]
    if not figures:
        return []
    keys: dict[tuple[str, str], str] = {}  # (level, code) → label, in the rows' order
    for item in figures:
        for row in item.rows:
            keys.setdefault((row.latest.level, row.latest.code), row.label)
    order = sorted(keys, key=lambda key: (key[0] != Level.DEPARTMENT, key[1]))
    lines = []
    for item in figures:
        for series in item.series_list:
            found = {
                (row.latest.level, row.latest.code): row
                for row in item.rows
                if row.series == series
            }
            lines.append(IndicatorLine(item, series, [found.get(key) for key in order]))
    return [IndicatorTable(columns=[keys[key] for key in order], lines=lines)]
