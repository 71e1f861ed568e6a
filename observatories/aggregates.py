"""Sums of commune figures over larger territories, rebuilt after each import so
that pages read a few precomputed rows instead of grouping raw rows."""

from django.db.models import Count, Q, Sum

from .models import AreaFixedStats, CommuneFixedStats, Department, ImportRun

FIXED_VALUES = [
    "premises", "ineligible_hd", "eligible_3", "eligible_8", "eligible_30", "eligible_100",
    "eligible_1000",
]  # fmt: skip
LEVELS = [
    (AreaFixedStats.Level.REGION, "commune__department__region_id"),
    (AreaFixedStats.Level.DEPARTMENT, "commune__department_id"),
    (AreaFixedStats.Level.EPCI, "commune__epci_id"),
]


def refresh_area_fixed_stats(run: ImportRun) -> int:
    """Rebuild every territory sum of every edition; return the number of rows written."""
    AreaFixedStats.objects.all().delete()
    rows = []
    for level, key in LEVELS:
        sums = (
            CommuneFixedStats.objects.filter(**{f"{key}__isnull": False})
            .values(key, "edition")
            .annotate(communes=Count("pk"), **{name: Sum(name) for name in FIXED_VALUES})
            .order_by()
        )
        rows += [
            AreaFixedStats(level=level, code=values.pop(key), run=run, **values) for values in sums
        ]
    AreaFixedStats.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def latest_area(level: str, code: str) -> AreaFixedStats | None:
    """A territory's most recent figures, with the import they come from (1 query)."""
    return (
        AreaFixedStats.objects.filter(level=level, code=code)
        .select_related("run__source")
        .order_by("-edition")
        .first()
    )


def latest_fixed_overview(region_code: str = "27") -> dict | None:
    """The region's latest figures and its departments' for the same edition (3 queries)."""
    region = latest_area(AreaFixedStats.Level.REGION, region_code)
    if region is None:
        return None
    departments = list(
        AreaFixedStats.objects.filter(
            level=AreaFixedStats.Level.DEPARTMENT, edition=region.edition
        ).order_by("code")
    )
    names = dict(
        Department.objects.filter(code__in=[d.code for d in departments]).values_list(
            "code", "name"
        )
    )
    for department in departments:
        department.name = names.get(department.code, department.code)
    return {"region": region, "departments": departments}


def area_figures(pairs: list[tuple[str, str]], edition) -> dict[tuple[str, str], AreaFixedStats]:
    """The precomputed figures of several territories for one edition (1 query)."""
    query = Q(pk__in=[])
    for level, code in pairs:
        query |= Q(level=level, code=code)
    rows = AreaFixedStats.objects.filter(query, edition=edition)
    return {(row.level, row.code): row for row in rows}


def comparison(own, label: str, parents: list[tuple[str, str, str]]) -> list[dict]:
    """Rows for a comparison table: the territory itself, then its parents
    (level, code, label) with the same edition's figures."""
    if own is None:
        return []
    found = area_figures([(level, code) for level, code, _ in parents], own.edition)
    rows = [{"label": label, "figures": own, "own": True}]
    rows += [
        {"label": parent_label, "figures": found[(level, code)], "own": False}
        for level, code, parent_label in parents
        if (level, code) in found
    ]
    return rows
