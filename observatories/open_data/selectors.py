"""Reads of the open data of the region's collectivités: the indicator per edition
(the share of collectivités over the threshold that publish at least one dataset,
for the region and each department, from the stored sums) and the list of an
edition's collectivités, and a territory's status for its page (``territory_open_data``)."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from ..models import AreaOpenData, CollectivityOpenData, Department, ImportRun
from ..models.areas import Level
from ..referential.sections import Scope
from .imports import REGION_SIRENS, department_siren


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


@dataclass
class TerritoryOpenData:
    """A territory's open data in the latest edition, for its ``/territoires/`` page:
    the collectivity itself (``own``: an unsaved ``CollectivityOpenData``, None when
    the edition does not list its SIREN), and for a department or the region the sums
    of its collectivités (``area``, None for a commune or an EPCI, or a department
    without any collectivité listed). ``region``: the region's sums of that edition,
    which date it and name its import."""

    region: AreaOpenData
    siren: str
    own: CollectivityOpenData | None
    area: AreaOpenData | None
    list_query: str

    @property
    def edition(self) -> datetime.date:
        return self.region.edition

    @property
    def run(self) -> ImportRun:
        return self.region.run


def collectivity_siren(scope: Scope) -> str:
    """The SIREN of the territory's own collectivité ("" when unknown): a commune's
    and an EPCI's from the referential, a department council's and the region's as
    the import finds them (``imports.department_siren``, ``imports.REGION_SIRENS``)."""
    if scope.level == Scope.COMMUNE:
        return scope.territory.siren
    if scope.level == Scope.EPCI:
        return scope.code
    if scope.level == Scope.DEPARTMENT:
        return department_siren(scope.code) or ""
    return REGION_SIRENS.get(scope.code, "")


OWN_FIELDS = ("name", "kind", "population", "platform_url", "platform_datasets",
              "datagouv_datasets", "department_id")  # fmt: skip
AREA_FIELDS = ("collectivities", "publishing", "over_threshold", "over_threshold_publishing")


def _list_query(scope: Scope) -> str:
    """The filters of ``/observatoire/open-data/`` showing the territory's kind of
    collectivités: a commune's fellow communes of its department, EPCIs, the
    department's collectivités over the threshold, the region's."""
    if scope.level == Scope.COMMUNE:
        return urlencode({"departement": scope.department_codes[0], "type": "commune"})
    if scope.level == Scope.EPCI:
        return urlencode({"type": "epci"})
    if scope.level == Scope.DEPARTMENT:
        return urlencode({"departement": scope.code, "plus_de_3500": "oui"})
    return urlencode({"plus_de_3500": "oui"})


def territory_open_data(scope: Scope) -> list[TerritoryOpenData]:
    """The territory's open-data status in the latest edition (1 query; no row when
    no edition was imported): the region's sums of the newest edition, with the
    collectivity's own row and the department's sums of that edition beside them."""
    siren = collectivity_siren(scope)
    own = CollectivityOpenData.objects.filter(edition=OuterRef("edition"), siren=siren)
    rows = AreaOpenData.objects.filter(level=Level.REGION, code=scope.region_code)
    rows = rows.annotate(
        own=Subquery(own.values(data=JSONObject(**{name: name for name in OWN_FIELDS}))[:1])
    )
    if scope.level == Scope.DEPARTMENT:
        area = AreaOpenData.objects.filter(
            edition=OuterRef("edition"), level=Level.DEPARTMENT, code=scope.code
        )
        rows = rows.annotate(
            area=Subquery(area.values(data=JSONObject(**{name: name for name in AREA_FIELDS})))
        )
    region = rows.select_related("run__source").order_by("-edition").first()
    if region is None:
        return []
    if scope.level == Scope.REGION:
        area = region
    elif scope.level == Scope.DEPARTMENT and region.area:
        area = AreaOpenData(level=Level.DEPARTMENT, code=scope.code, **region.area)
    else:
        area = None
    return [
        TerritoryOpenData(
            region=region,
            siren=siren,
            own=CollectivityOpenData(siren=siren, **region.own) if region.own else None,
            area=area,
            list_query=_list_query(scope),
        )
    ]
