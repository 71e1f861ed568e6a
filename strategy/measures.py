"""Indicators computed from data owned by other apps.

The strategy depends on no other app: an app that can compute an indicator
registers, from its ``AppConfig.ready``, a function under a key; an indicator whose
``measure`` field holds that key gets its values from the function. The function
returns a ``Measure``: one ``Point`` per territory (the region, its departments),
per edition of the data behind it and per series, read from the sums the owning app
stores per edition (a few queries, whatever the amount of data or of editions).

The pages never call the functions: ``strategy.services.refresh_indicator_values``
does, after each import and from ``manage.py refresh_indicators``, and stores the
points as ``IndicatorValue`` rows, so an edition survives the next import.

The owner of the referential registers, under ``TERRITORIES``, the list of the
territories curators may enter values for (the region and its departments).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from scoran.lib.registry import Registry


@dataclass(frozen=True)
class Point:
    """The value of an indicator for one territory at one edition of its data."""

    level: str  # strategy.models.TerritoryLevel
    code: str
    label: str  # the territory's name
    edition: datetime.date  # the date of the data
    period: str  # what the value describes: "T4 2025", "2024"
    value: float
    series: str = ""  # for an indicator followed by several figures
    source_url: str = ""  # the import behind this point, if it has its own


@dataclass(frozen=True)
class Measure:
    """The points of an indicator, with what they share: unit and source. A measure
    without points (no data yet) writes nothing."""

    unit: str
    source: str  # who publishes the data, in a sentence
    points: list[Point] = field(default_factory=list)
    source_url: str = ""


@dataclass(frozen=True)
class Calculation:
    """A registered measure: the function, and how it computes, in a sentence the
    pages show under the figures."""

    compute: Callable[[], Measure]
    note: str


MEASURES: Registry[Calculation] = Registry("indicator measures")

# The territories values are entered for: a function giving [(level, code, name)],
# the region first (one entry, registered by the referential's owner).
TERRITORIES: Registry[Callable[[], list[tuple[str, str, str]]]] = Registry("indicator territories")


def register(key: str, function: Callable[[], Measure], *, note: str) -> None:
    """A key registered twice raises (``scoran.lib.registry``)."""
    MEASURES.register(key, Calculation(function, note))


def note_of(indicator) -> str:
    """How the indicator's values are computed; empty for entered ones."""
    calculation = MEASURES.get(indicator.measure) if indicator.measure else None
    return calculation.note if calculation else ""


def registered() -> list[str]:
    return sorted(MEASURES.keys())


def is_computed(indicator) -> bool:
    """Whether the indicator's values come from a registered measure."""
    return bool(indicator.measure) and indicator.measure in MEASURES


def territories() -> list[tuple[str, str, str]]:
    """[(level, code, name)] of the region then its departments; empty when no app
    registered the referential."""
    return [item for function in TERRITORIES for item in function()]
