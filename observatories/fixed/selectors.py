"""Reads of the fixed-network figures: a territory's latest eligibility, the region's
overview, and the comparison of a territory with the larger ones it belongs to."""

from django.conf import settings
from django.db.models import Q

from ..mobile.selectors import with_mobile
from ..models import AreaFixedStats, Commune, CommuneFixedStats, Department


def commune_ranking():
    """The ranked table's rows: each commune's latest eligibility with its FttH and
    mobile figures (``for_ranking``, ``mobile.selectors.with_mobile``), from the least
    covered at 30 Mbit/s, namesakes in the order of their code (as ``RankingOrder``
    does: pages never share or skip a row); one query whatever the filters and order."""
    rows = CommuneFixedStats.objects.latest_edition().for_ranking()
    return with_mobile(rows).order_by("share_30", "commune__name", "commune_id")


def latest_area(level: str, code: str) -> AreaFixedStats | None:
    """A territory's most recent figures, with the import they come from (1 query)."""
    return (
        AreaFixedStats.objects.filter(level=level, code=code)
        .select_related("run__source")
        .order_by("-edition")
        .first()
    )


def latest_commune(commune: Commune) -> CommuneFixedStats | None:
    """A commune's most recent figures, with the import they come from (1 query)."""
    return (
        CommuneFixedStats.objects.filter(commune=commune)
        .select_related("run__source")
        .order_by("-edition")
        .first()
    )


def latest_fixed_overview() -> dict | None:
    """The region's latest figures and its departments' for the same edition (3 queries)."""
    region = latest_area(AreaFixedStats.Level.REGION, settings.REGION_CODE)
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
