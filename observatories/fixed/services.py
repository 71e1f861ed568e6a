"""Sums of commune figures over larger territories, rebuilt after each import so
that pages read a few precomputed rows instead of grouping raw rows: eligibility by
speed class and premises by best technology (the FttH sums are in ``ftth.services``)."""

from django.db.models import Count, Sum

from ..models import (
    AreaFixedStats,
    AreaTechnologyStats,
    CommuneFixedStats,
    CommuneTechnologyStats,
    ImportRun,
)
from ..referential.selectors import AREA_LEVELS, sums_per_territory

FIXED_VALUES = [
    "premises", "ineligible_hd", "eligible_3", "eligible_8", "eligible_30", "eligible_100",
    "eligible_1000",
]  # fmt: skip


def _rebuild_edition_sums(area_model, commune_model, values: list[str], run: ImportRun) -> int:
    """Replace every row of ``area_model`` by the sums of ``values`` of ``commune_model``
    per territory and edition; return the number of rows written."""
    area_model.objects.all().delete()
    rows = []
    for level, key in AREA_LEVELS:
        sums = sums_per_territory(
            commune_model.objects,
            key,
            ("edition",),
            communes=Count("pk"),
            **{name: Sum(name) for name in values},
        )
        rows += [area_model(level=level, code=row.pop(key), run=run, **row) for row in sums]
    area_model.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def refresh_area_fixed_stats(run: ImportRun) -> int:
    """Rebuild every territory sum of every edition; return the number of rows written."""
    return _rebuild_edition_sums(AreaFixedStats, CommuneFixedStats, FIXED_VALUES, run)


def refresh_area_technologies(run: ImportRun) -> int:
    """Rebuild every territory's premises by best technology, for every edition;
    return the number of rows written."""
    values = ["premises", "eligible_8", *CommuneTechnologyStats.TECHNOLOGIES]
    return _rebuild_edition_sums(AreaTechnologyStats, CommuneTechnologyStats, values, run)
