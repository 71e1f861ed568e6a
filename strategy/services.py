"""Writes of the strategy: the indicators' values.

Computed values are written by ``refresh_indicator_values``: each registered measure
(``strategy.measures``) gives its points, which are upserted on their edition key.
It keeps every edition: one a source no longer holds (the places' figures,
recomputed in place; a quarter an operator withdrew) stays in the history; only a
value re-dated for the same period (a year still running) replaces the older one. It runs
in the import's transaction after every import that changed data (the pipeline's
refresh step), after each change of the places, daily for the guide's downloads
(``strategy.tasks``) and from ``manage.py refresh_indicators``.
"""

import logging

from django.db import connection, transaction

from .measures import MEASURES, Measure
from .models import Indicator, IndicatorValue

log = logging.getLogger(__name__)

KEY = ["indicator", "series", "level", "code", "year", "edition"]
UPDATED_FIELDS = [
    "label", "period", "value", "unit", "source", "source_url", "origin", "updated_at",
]  # fmt: skip


def _values(indicator: Indicator, measure: Measure) -> list[IndicatorValue]:
    return [
        IndicatorValue(
            indicator=indicator,
            series=point.series,
            level=point.level,
            code=point.code,
            label=point.label,
            year=point.edition.year,
            edition=point.edition,
            period=point.period,
            value=point.value,
            unit=measure.unit,
            source=measure.source[:255],
            source_url=point.source_url or measure.source_url,
            origin=IndicatorValue.Origin.COMPUTED,
        )
        for point in measure.points
    ]


# A computed value re-dated for the same period (the downloads of a year still
# running, counted again today) replaces the older one; every other edition stays.
SUPERSEDED_SQL = """
DELETE FROM strategy_indicatorvalue old
USING strategy_indicatorvalue new
WHERE old.indicator_id = new.indicator_id AND old.series = new.series
  AND old.level = new.level AND old.code = new.code AND old.period = new.period
  AND old.edition < new.edition
  AND old.origin = 'computed' AND new.origin = 'computed'
"""


def _drop_superseded() -> None:
    with connection.cursor() as cursor:
        cursor.execute(SUPERSEDED_SQL)


def refresh_indicator_values(*, keys: list[str] | None = None) -> int:
    """Recompute the values of the indicators whose measure is registered (only
    those of ``keys`` if given) and store them, in one transaction; the number of
    values written. Each measure runs once, however many indicators share it."""
    indicators = Indicator.objects.exclude(measure="").only("pk", "measure")
    if keys is not None:
        indicators = indicators.filter(measure__in=keys)
    measures: dict[str, Measure] = {}
    rows = []
    for indicator in indicators:
        if indicator.measure not in MEASURES:
            continue
        if indicator.measure not in measures:
            measures[indicator.measure] = MEASURES[indicator.measure].compute()
        rows.extend(_values(indicator, measures[indicator.measure]))
    with transaction.atomic():
        # A curator's value (entered before the indicator became computed) is never
        # overwritten by a computed one of the same edition: the curator's stays.
        entered = set(
            IndicatorValue.objects.filter(
                indicator__in={row.indicator_id for row in rows},
                origin=IndicatorValue.Origin.ENTERED,
            ).values_list("indicator_id", "series", "level", "code", "year", "edition")
        )
        rows = [
            row
            for row in rows
            if (row.indicator_id, row.series, row.level, row.code, row.year, row.edition)
            not in entered
        ]
        IndicatorValue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=KEY,
            update_fields=UPDATED_FIELDS,
            batch_size=1000,
        )
        _drop_superseded()
    log.info("indicator values refreshed: %s measures, %s values", len(measures), len(rows))
    return len(rows)


def refresh_indicator_values_after(*, keys: list[str] | None = None) -> int | None:
    """``refresh_indicator_values`` as a step of another write (an import, a change of
    the places), in a savepoint of its transaction: a measure that fails (a bug, a
    value a constraint refuses) leaves that write whole and the previous values as
    they were, logged; the daily task tries again. The number of values written, or
    None when the refresh failed."""
    try:
        with transaction.atomic():
            return refresh_indicator_values(keys=keys)
    except Exception:
        log.exception("indicator values not refreshed (keys: %s)", keys or "all")
        return None
