"""Reads of the indicators' values, for the strategy's pages and for other apps.

Every read takes the stored values (``IndicatorValue``: one row per territory and
edition) in one query, whatever the number of editions, and groups them in Python:
per indicator, per series and territory, oldest first. ``indicator_values_for`` is
what a territory page calls.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format

from .measures import is_computed, note_of
from .models import Indicator, IndicatorValue, TerritoryLevel

SPARK_WIDTH = 120
SPARK_HEIGHT = 24
SPARK_MARGIN = 2


def format_value(value: float | None, unit: str = "") -> str:
    """A value in French (« 1 234,5 »), with its unit when it is a share."""
    if value is None:
        return "—"
    whole = float(value).is_integer() and unit != "%"
    decimals = 0 if whole else (1 if unit in ("%", "km") else 2)
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{text}\u00a0%" if unit == "%" else text


def _sparkline(values: list[float], share: bool) -> str:
    """The points of an SVG polyline for ``values`` (oldest first), scaled to the
    shares' 0 to 100 or to the values' own range; empty below two values."""
    if len(values) < 2:
        return ""
    low, high = (0.0, max(100.0, *values)) if share else (min(values), max(values))
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_MARGIN) / (len(values) - 1)
    inner = SPARK_HEIGHT - 2 * SPARK_MARGIN
    return " ".join(
        f"{SPARK_MARGIN + index * step:.1f},"
        f"{SPARK_MARGIN + inner - (value - low) / span * inner:.1f}"
        for index, value in enumerate(values)
    )


@dataclass
class Row:
    """One territory's values of one indicator (one series), oldest first."""

    indicator: Indicator
    values: list[IndicatorValue]

    @property
    def latest(self) -> IndicatorValue:
        return self.values[-1]

    @property
    def label(self) -> str:
        return self.latest.label

    @property
    def series(self) -> str:
        return self.latest.series

    @property
    def value_text(self) -> str:
        return format_value(self.latest.value, self.latest.unit)

    @property
    def gap(self) -> float | None:
        """Points still missing to the target share (negative: beyond it); None
        when the indicator has no target share or is not a share."""
        target = self.indicator.target_share
        if target is None or self.latest.unit != "%":
            return None
        return target - self.latest.value

    @property
    def gap_text(self) -> str:
        gap = self.gap
        if gap is None:
            return "—"
        if gap <= 0:
            return "cible atteinte"
        points = number_format(gap, decimal_pos=1, use_l10n=True, force_grouping=True)
        return f"{points}\u00a0point{'s' if gap >= 2 else ''}"

    @property
    def trend(self) -> list[tuple[str, str]]:
        """[(period, value as text)], one per edition."""
        return [(value.period, format_value(value.value, value.unit)) for value in self.values]

    @property
    def trend_text(self) -> str:
        return " ; ".join(f"{period} : {text}" for period, text in self.trend)

    @property
    def sparkline(self) -> str:
        return _sparkline([value.value for value in self.values], self.latest.unit == "%")


@dataclass
class Figures:
    """An indicator with its rows: the region first, then its departments by code
    (and, for a territory page, the territory itself first)."""

    indicator: Indicator
    rows: list[Row] = field(default_factory=list)

    @property
    def computed(self) -> bool:
        return is_computed(self.indicator)

    @property
    def note(self) -> str:
        return note_of(self.indicator)

    @property
    def latest(self) -> IndicatorValue | None:
        """The most recent value of any row: its date, unit and source head the table."""
        values = [row.latest for row in self.rows]
        return max(values, key=lambda value: (value.edition, value.pk)) if values else None

    @property
    def target_text(self) -> str:
        indicator = self.indicator
        share = f"{indicator.target_share}\u00a0%" if indicator.target_share is not None else ""
        if share and indicator.target_year:
            return f"{share} en {indicator.target_year}"
        if indicator.target_year:
            return f"échéance {indicator.target_year}"
        return share or "non fixée"

    @property
    def series_list(self) -> list[str]:
        return sorted({row.series for row in self.rows})

    @property
    def demo(self) -> bool:
        return any(value.demo for row in self.rows for value in row.values)


LEVEL_ORDER = {TerritoryLevel.REGION: 0, TerritoryLevel.DEPARTMENT: 1}
TERRITORY_PAGE_ORDER = {TerritoryLevel.DEPARTMENT: 0, TerritoryLevel.REGION: 1}


def _rows(indicator: Indicator, values: list[IndicatorValue], first=None) -> list[Row]:
    """Group one indicator's values (already in ``for_figures`` order) into rows:
    series, then ``first`` (a territory put ahead), the region, departments by code."""
    grouped: dict[tuple, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        grouped[(value.series, value.level, value.code)].append(value)

    # The indicators' page: the region, then departments; a territory page: the
    # territory, then its department, then the region.
    levels = TERRITORY_PAGE_ORDER if first else LEVEL_ORDER

    def order(key):
        series, level, code = key
        return (series, (level, code) != first, levels.get(level, 2), code)

    return [Row(indicator, grouped[key]) for key in sorted(grouped, key=order)]


def _figures(indicators: list[Indicator], values, first=None) -> list[Figures]:
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        by_indicator[value.indicator_id].append(value)
    return [
        Figures(indicator, _rows(indicator, by_indicator[indicator.pk], first))
        for indicator in indicators
    ]


def indicator_figures(indicators: list[Indicator]) -> list[Figures]:
    """The figures of ``indicators`` for the region and every department (1 query)."""
    values = IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators]).for_figures()
    return _figures(indicators, list(values))


def indicator_values_for(
    level: str, code: str, *, department: str = "", departments: Iterable[str] = ()
) -> list[Figures]:
    """The values of every indicator for one territory, for a territory page: each
    indicator's rows are the territory's own (first), its department's and the
    region's, for comparison (2 queries, whatever the editions).

    ``level`` and ``code``: the referential's (``region``, ``department``; a commune
    or an EPCI has no value of its own today, so its rows are its department's and
    the region's); ``department``: the code of the territory's department, for a
    commune or an EPCI; ``departments``: the codes of all of them, for an EPCI over
    several departments (their rows by code). The region is always compared. An
    indicator without any value has no rows: its ``indicator.data_needed_list`` says
    which data it needs.
    """
    territories = {(level, code), (TerritoryLevel.REGION, settings.REGION_CODE)}
    for each in (department, *departments):
        if each:
            territories.add((TerritoryLevel.DEPARTMENT, each))
    indicators = list(Indicator.objects.select_related("axis"))
    values = (
        IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators])
        .of_territories(sorted(territories))
        .for_figures()
    )
    return _figures(indicators, list(values), first=(level, code))


def export_rows(values) -> list[list]:
    """The rows of the CSV and XLSX exports of ``values``; see ``EXPORT_HEADERS``."""
    return [
        [
            value.indicator.name,
            value.series,
            value.label,
            value.get_level_display(),
            value.code,
            value.value,
            value.unit,
            value.period,
            value.edition,
            value.source,
            value.source_url,
            value.get_origin_display(),
            "oui" if value.demo else "non",
        ]
        for value in values
    ]


EXPORT_HEADERS = [
    "Indicateur",
    "Série",
    "Territoire",
    "Échelon",
    "Code du territoire",
    "Valeur",
    "Unité",
    "Période",
    "Date des données",
    "Source",
    "Adresse de la source",
    "Origine",
    "Démonstration",
]
