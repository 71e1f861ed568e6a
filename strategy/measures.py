"""Indicators computed from data owned by other apps.

The strategy depends on no other app: an app that can compute an indicator
registers, from its ``AppConfig.ready``, a function under a key; an indicator whose
``measure`` field holds that key shows what the function returns. Functions read
precomputed figures (a few queries, whatever the amount of data) and return None
when there is nothing to show yet, or a measure without rows whose note says why.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from scoran.lib.registry import Registry


@dataclass(frozen=True)
class Measure:
    """Figures of an indicator as a table, dated and sourced."""

    caption: str
    columns: list[str]  # headers; the first column heads the rows
    rows: list[list[str]]  # already formatted, the first cell of each row is its header
    date: datetime.date | None  # the date of the data
    source: str  # who publishes the data, in a sentence
    source_url: str = ""  # the import behind the figures, or the dataset
    note: str = ""  # how the figures are computed


MEASURES: Registry[Callable[[], Measure | None]] = Registry("indicator measures")


def register(key: str, function: Callable[[], Measure | None]) -> None:
    """A key registered twice raises (``scoran.lib.registry``)."""
    MEASURES.register(key, function)


def registered() -> list[str]:
    return sorted(MEASURES.keys())


def measures_for(indicators) -> dict[int, Measure]:
    """{indicator pk: its measure} for the indicators with a registered measure that
    has figures. Each function runs once, however many indicators share it."""
    results: dict[str, Measure | None] = {}
    found = {}
    for indicator in indicators:
        key = indicator.measure
        if key not in MEASURES:
            continue
        if key not in results:
            results[key] = MEASURES[key]()
        if results[key] is not None:
            found[indicator.pk] = results[key]
    return found
