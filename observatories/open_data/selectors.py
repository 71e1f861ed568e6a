"""Reads of the open data of the region's collectivités: the indicator per edition
(the share of collectivités over the threshold that publish at least one dataset,
for the region and each department, from the stored sums) and the list of an
edition's collectivités."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from ..models import AreaOpenData, CollectivityOpenData, Department, ImportRun
from ..models.areas import Level


@dataclass
class EditionShares:
    """One edition's figures: the region's and its departments' (``AreaOpenData``
    rows, each with a ``name``; ``share`` in %, None without a collectivité over the
    threshold), and the import behind them."""

    edition: datetime.date
    region: AreaOpenData | None
    departments: list[AreaOpenData]

    @property
    def run(self) -> ImportRun:
        return (self.region or self.departments[0]).run


def open_data_share(region_code: str | None = None) -> list[EditionShares]:
    """The indicator of every edition, newest first, for the region and each of its
    departments (2 queries whatever the editions and collectivités, 1 without data)."""
    region_code = region_code or settings.REGION_CODE
    rows = list(
        AreaOpenData.objects.filter(
            Q(level=Level.REGION, code=region_code)
            | Q(
                level=Level.DEPARTMENT,
                code__in=Department.objects.filter(region_id=region_code).values("code"),
            )
        ).select_related("run__source")
    )
    if not rows:
        return []
    names = dict(Department.objects.filter(region_id=region_code).values_list("code", "name"))
    editions: dict[datetime.date, EditionShares] = {}
    for row in sorted(rows, key=lambda row: (row.edition, row.code), reverse=True):
        found = editions.setdefault(row.edition, EditionShares(row.edition, None, []))
        if row.level == Level.REGION:
            row.name = settings.REGION_NAME
            found.region = row
        else:
            row.name = f"{names[row.code]} ({row.code})"
            found.departments.insert(0, row)
    return list(editions.values())


def collectivities(edition: datetime.date | None) -> QuerySet[CollectivityOpenData]:
    """The collectivités of an edition (none without one), largest first."""
    if edition is None:
        return CollectivityOpenData.objects.none()
    return (
        CollectivityOpenData.objects.filter(edition=edition)
        .for_list()
        .order_by("-population", "name", "siren")
    )


def counts(rows: QuerySet[CollectivityOpenData]) -> dict[str, int]:
    """How many rows, and how many publish (1 query)."""
    return rows.order_by().aggregate(
        total=Count("pk"),
        publishing=Count("pk", filter=Q(platform_datasets__gt=0) | Q(datagouv_datasets__gt=0)),
    )
