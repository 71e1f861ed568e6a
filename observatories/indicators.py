"""Section 8 indicators computed from the observatory's stored sums, for the region
and each of its departments, one point per edition of the data behind them:

- FttH coverage (``AreaFtth``: connectable premises per quarter over the premises
  of the latest edition of Arcep's workbook);
- the shares of premises eligible to ≥ 8 and ≥ 30 Mbit/s (``AreaFixedStats``,
  « Ma connexion internet », per edition);
- 4G coverage (``AreaCoverage``, « Mon réseau mobile », per quarter): the share of
  the population in good or very good 4G coverage of the operator that covers the
  territory best. The sums are per operator, so « at least one operator » cannot
  be derived from them (it would need each commune's union of the operators' maps);
- open-data adoption (``AreaOpenData``, OpenDataFrance's observatory, per edition):
  the share of collectivités over 3,500 inhabitants publishing at least one dataset.

Each function reads the stored sums in a fixed number of queries, whatever the
number of editions, and returns a ``strategy.measures.Measure``; the strategy
stores the points (``strategy.services.refresh_indicator_values``), which the import
pipeline calls after every import that changed data.
"""

from collections import defaultdict

from django.conf import settings
from django.utils.formats import date_format

from scoran.lib.text import quarter_label
from strategy.measures import Measure, Point

from .models import AreaCoverage, AreaFixedStats, AreaFtth, Department, Generation, Region
from .models.areas import Level
from .models.open_data import OPEN_DATA_THRESHOLD_LABEL as THRESHOLD
from .open_data.selectors import open_data_share

LEVELS = [Level.REGION, Level.DEPARTMENT]

FTTH = "couverture_ftth"
FIXED = "eligibilite_fixe"
MOBILE_4G = "couverture_4g"
OPEN_DATA = "open_data_collectivites"

FTTH_NOTE = (
    "Part des locaux raccordables au FttH en fin de trimestre (Arcep), rapportés aux "
    "locaux de la dernière édition (meilleure estimation) : une nouvelle édition peut "
    "réviser les trimestres passés. Elle peut dépasser 100 % lorsque les opérateurs "
    "comptent plus de locaux que l'estimation."
)
FIXED_NOTE = (
    "Part des locaux éligibles à un débit d'au moins 8 Mbit/s (bon haut débit) et d'au "
    "moins 30 Mbit/s (très haut débit), toutes technologies filaires, à chaque édition "
    "de « Ma connexion internet » (Arcep)."
)
MOBILE_NOTE = (
    "Part de la population en bonne ou très bonne couverture 4G de l'opérateur qui "
    "couvre le mieux le territoire (cartes « Mon réseau mobile » de l'Arcep, moyenne "
    "des communes pondérée par leur population). Les sommes étant tenues par "
    "opérateur, la couverture par au moins un opérateur n'en est pas déduite."
)
OPEN_DATA_NOTE = (
    f"Part des communes, intercommunalités, départements et région de plus de {THRESHOLD} "
    f"habitants (population INSEE, {THRESHOLD} exclus) publiant au moins un jeu de données "
    "sur leur plateforme ou sur data.gouv.fr, à chaque édition de l'observatoire "
    "d'OpenDataFrance."
)
FIXED_SERIES = [
    ("eligible_8", "≥ 8 Mbit/s (bon haut débit)"),
    ("eligible_30", "≥ 30 Mbit/s (très haut débit)"),
]


def territory_names() -> dict[tuple[str, str], str]:
    """{(level, code): name} of the region and its departments (1 query, 2 when
    the region has no department yet)."""
    names = {}
    for department in Department.objects.filter(region_id=settings.REGION_CODE).select_related(
        "region"
    ):
        names[Level.DEPARTMENT, department.code] = department.name
        names[Level.REGION, department.region_id] = department.region.name
    if not names:
        region = Region.objects.filter(code=settings.REGION_CODE).first()
        if region:
            names[Level.REGION, region.code] = region.name
    return names


def territories() -> list[tuple[str, str, str]]:
    """[(level, code, name)]: the region then its departments by code, those a
    curator enters values for (``strategy.measures.TERRITORIES``)."""
    names = territory_names()
    return [(level, code, names[level, code]) for level, code in sorted(names, key=_order)]


def _order(key: tuple[str, str]) -> tuple[int, str]:
    return (0 if key[0] == Level.REGION else 1, key[1])


def _source(row) -> str:
    return f"{row.run.source.publisher}, {row.run.source.name}"


def _sums(model, **filters) -> list:
    return list(
        model.objects.filter(level__in=LEVELS, **filters)
        .select_related("run__source")
        .order_by(*(["quarter"] if model is AreaFtth else ["edition"]))
    )


def ftth_coverage() -> Measure:
    """FttH coverage (%) per territory and quarter (2 queries)."""
    names = territory_names()
    rows = [row for row in _sums(AreaFtth) if (row.level, row.code) in names and row.premises]
    points = [
        Point(
            level=row.level,
            code=row.code,
            label=names[row.level, row.code],
            edition=row.quarter,
            period=quarter_label(row.quarter),
            value=round(row.coverage, 2),
            source_url=row.run.get_absolute_url(),
        )
        for row in rows
    ]
    return Measure(unit="%", source=_source(rows[-1]) if rows else "", points=points)


def fixed_eligibility() -> Measure:
    """Shares (%) of premises eligible to ≥ 8 and ≥ 30 Mbit/s per territory and
    edition, one series each (2 queries)."""
    names = territory_names()
    rows = [row for row in _sums(AreaFixedStats) if (row.level, row.code) in names and row.premises]
    points = [
        Point(
            level=row.level,
            code=row.code,
            label=names[row.level, row.code],
            edition=row.edition,
            period=row.edition_label,
            value=round(row.share(field), 2),
            series=series,
            source_url=row.run.get_absolute_url(),
        )
        for row in rows
        for field, series in FIXED_SERIES
    ]
    return Measure(unit="%", source=_source(rows[-1]) if rows else "", points=points)


def mobile_4g_coverage() -> Measure:
    """Share (%) of the population in good or very good 4G coverage of the best
    operator, per territory and quarter (2 queries)."""
    names = territory_names()
    best: dict[tuple, AreaCoverage] = {}
    shares: dict[tuple, float] = defaultdict(float)
    for row in _sums(AreaCoverage, generation=Generation.G4):
        key = (row.level, row.code, row.edition)
        if (row.level, row.code) not in names:
            continue
        share = row.population_good + row.population_very_good
        if key not in best or share > shares[key]:
            best[key], shares[key] = row, share
    points = [
        Point(
            level=level,
            code=code,
            label=names[level, code],
            edition=edition,
            period=quarter_label(edition),
            value=round(min(100.0, shares[level, code, edition]), 2),
            source_url=row.run.get_absolute_url(),
        )
        for (level, code, edition), row in sorted(best.items(), key=lambda item: item[0][2])
    ]
    latest = max(best.values(), key=lambda row: row.edition) if best else None
    return Measure(unit="%", source=_source(latest) if latest else "", points=points)


def open_data_adoption() -> Measure:
    """Share (%) of the collectivités over the threshold publishing at least one
    dataset, per territory and edition (3 queries, 2 without data); a territory
    without any collectivité over the threshold has no point."""
    names = territory_names()
    editions = open_data_share()
    points = [
        Point(
            level=area.level,
            code=area.code,
            label=names[area.level, area.code],
            edition=edition.edition,
            period=date_format(edition.edition, "j F Y"),
            value=round(area.share, 2),
            source_url=area.run.get_absolute_url(),
        )
        for edition in reversed(editions)
        for area in (edition.region, *edition.departments)
        if area is not None and area.share is not None
    ]
    return Measure(unit="%", source=_source(editions[0]) if editions else "", points=points)


# Keys of strategy.measures, named by the ``measure`` of the indicators they fill.
MEASURES = {
    FTTH: (ftth_coverage, FTTH_NOTE),
    FIXED: (fixed_eligibility, FIXED_NOTE),
    MOBILE_4G: (mobile_4g_coverage, MOBILE_NOTE),
    OPEN_DATA: (open_data_adoption, OPEN_DATA_NOTE),
}
