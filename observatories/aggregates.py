"""Sums of commune figures over larger territories, rebuilt after each import so
that pages read a few precomputed rows instead of grouping raw rows."""

import re
from collections import defaultdict

from django.db.models import Count, Max, Q, Sum

from .models import (
    AreaFixedStats,
    AreaFtth,
    AreaFtthZone,
    AreaTechnologyStats,
    CommuneFixedStats,
    CommuneFtth,
    CommuneTechnologyStats,
    Department,
    FtthDeployment,
    ImportRun,
)

FIXED_VALUES = [
    "premises", "ineligible_hd", "eligible_3", "eligible_8", "eligible_30", "eligible_100",
    "eligible_1000",
]  # fmt: skip
LEVELS = [
    (AreaFixedStats.Level.REGION, "commune__department__region_id"),
    (AreaFixedStats.Level.DEPARTMENT, "commune__department_id"),
    (AreaFixedStats.Level.EPCI, "commune__epci_id"),
]


def _sums(queryset, key: str, group: tuple[str, ...], **aggregates):
    """Rows of ``queryset`` summed per territory (``key``) and ``group``."""
    return (
        queryset.filter(**{f"{key}__isnull": False})
        .values(key, *group)
        .annotate(**aggregates)
        .order_by()
    )


def _rebuild_edition_sums(area_model, commune_model, values: list[str], run: ImportRun) -> int:
    """Replace every row of ``area_model`` by the sums of ``values`` of ``commune_model``
    per territory and edition; return the number of rows written."""
    area_model.objects.all().delete()
    rows = []
    for level, key in LEVELS:
        sums = _sums(
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


def refresh_area_ftth(run: ImportRun) -> int:
    """Rebuild every territory's connectable premises per quarter, over the premises
    of the latest edition; return the number of rows written."""
    AreaFtth.objects.all().delete()
    latest = CommuneFtth.objects.aggregate(edition=Max("edition"))["edition"]
    profiles = CommuneFtth.objects.filter(edition=latest)
    rows = []
    for level, key in LEVELS:
        premises = {
            values[key]: values["total"]
            for values in _sums(profiles, key, (), total=Sum("premises"))
        }
        rows += [
            AreaFtth(
                level=level,
                code=values[key],
                quarter=values["quarter"],
                connectable=values["connectable"],
                premises=premises.get(values[key], 0),
                run=run,
            )
            for values in _sums(
                FtthDeployment.objects, key, ("quarter",), connectable=Sum("connectable")
            )
        ]
    AreaFtth.objects.bulk_create(rows, batch_size=1000)
    return len(rows) + _refresh_area_ftth_zones(run, profiles, latest)


OPERATOR_SEPARATORS = re.compile(r"\s*[,;/+]\s*")


def _refresh_area_ftth_zones(run: ImportRun, profiles, edition) -> int:
    """Per territory and zone: communes, premises and the operators named there."""
    AreaFtthZone.objects.all().delete()
    zones = defaultdict(lambda: {"communes": 0, "premises": 0, "names": set()})
    fields = [key for _, key in LEVELS]
    for profile in profiles.values(*fields, "zone", "premises", "operators"):
        names = {name for name in OPERATOR_SEPARATORS.split(profile["operators"]) if name}
        for level, key in LEVELS:
            if profile[key] is None:
                continue
            zone = zones.setdefault(
                (level, profile[key], profile["zone"]),
                {"communes": 0, "premises": 0, "names": set()},
            )
            zone["communes"] += 1
            zone["premises"] += profile["premises"]
            zone["names"] |= names
    rows = [
        AreaFtthZone(
            level=level,
            code=code,
            edition=edition,
            zone=zone,
            communes=sums["communes"],
            premises=sums["premises"],
            operators=", ".join(sorted(sums["names"])),
            run=run,
        )
        for (level, code, zone), sums in zones.items()
    ]
    AreaFtthZone.objects.bulk_create(rows, batch_size=1000)
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
