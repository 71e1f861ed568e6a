"""The map of mobile sites: the sites of the latest quarter, counted per department
and operator for the page's table, and the compact document the map draws.

The document is columnar JSON: lookup tables (operators, technologies, 5G bands,
communes), then one array per column of the sites, each site at the same index in
every array; technologies and bands are bit masks, coordinates rounded to
``DECIMALS`` places (about 10 m). Built once per import, gzipped in the cache (see
``cached_site_document``): 10,000 sites weigh about 140 KB gzipped
(docs/performance.md).
"""

import datetime
import gzip
import json
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from scoran.lib.text import quarter_label

from ..caching import cached
from ..models import Generation, ImportRun, MobileSite, Operator
from ..models.mobile import FIVE_G_BANDS
from .selectors import latest

DECIMALS = 4
DOCUMENT_FORMAT = 1  # bump when the document changes shape: cached ones are then rebuilt
CACHE_TIMEOUT = 24 * 3600
GENERATION_FIELDS = [MobileSite.GENERATIONS[name] for name in Generation.values]
BAND_FIELDS = [f"band_{band}" for band in FIVE_G_BANDS]


def latest_sites() -> QuerySet:
    """The sites of the latest quarter imported (the older quarters stay for history)."""
    return MobileSite.objects.filter(edition=latest(MobileSite))


@dataclass(frozen=True)
class SitesSource:
    """The latest quarter of sites and the import behind it, for the source line."""

    edition: datetime.date | None = None
    run: ImportRun | None = None

    @property
    def edition_label(self) -> str:
        return quarter_label(self.edition) if self.edition else ""


def sites_source() -> SitesSource:
    """The latest quarter and its most recent import, with its source (1 query)."""
    site = latest_sites().select_related("run__source").order_by("-run_id").first()
    return SitesSource(site.edition, site.run) if site else SitesSource()


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name: str
    counts: list[int]  # sites of each operator of the table, in its order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class SitesTable:
    """Sites per department and operator: the map's text equivalent."""

    operators: list[tuple[str, str]]  # (MCC-MNC, label): the columns
    departments: list[DepartmentRow]
    region: DepartmentRow  # the totals


def department_table(rows: QuerySet, operators: list[str]) -> SitesTable:
    """``rows`` (sites, filtered) counted per department and operator; the columns
    are ``operators`` (1 query, whatever the number of sites)."""
    counted = (
        rows.values("commune__department_id", "commune__department__name", "operator")
        .annotate(sites=Count("pk"))
        .order_by("commune__department_id")
    )
    names: dict[str, str] = {}
    sites: dict[tuple[str, str], int] = {}
    for row in counted:
        code = row["commune__department_id"]
        names[code] = row["commune__department__name"]
        sites[(code, row["operator"])] = row["sites"]
    departments = [
        DepartmentRow(code, name, [sites.get((code, operator), 0) for operator in operators])
        for code, name in names.items()
    ]
    totals = [sum(row.counts[column] for row in departments) for column in range(len(operators))]
    return SitesTable(
        operators=[(code, Operator(code).label) for code in operators],
        departments=departments,
        region=DepartmentRow("", "Total", totals),
    )


def _mask(flags) -> int:
    return sum(1 << index for index, flag in enumerate(flags) if flag)


def site_document() -> dict:
    """The sites of the latest quarter as the map's columnar document, with the
    quarter and the source (2 queries)."""
    source = sites_source()
    columns_read = [
        "latitude", "longitude", "operator", *GENERATION_FIELDS, *BAND_FIELDS, "number",
        "commune_id", "commune__name",
    ]  # fmt: skip
    rows = latest_sites().order_by("operator", "number").values_list(*columns_read)
    operators = list(Operator.values)
    communes: dict[str, int] = {}  # code → index in names
    names: list[list[str]] = []
    columns = {name: [] for name in ("lat", "lon", "operateur", "technologies", "bandes",
                                     "numero", "commune")}  # fmt: skip
    generations = len(GENERATION_FIELDS)
    for latitude, longitude, operator, *flags, number, code, name in rows:
        columns["lat"].append(round(latitude, DECIMALS))
        columns["lon"].append(round(longitude, DECIMALS))
        columns["operateur"].append(operators.index(operator))
        columns["technologies"].append(_mask(flags[:generations]))
        columns["bandes"].append(_mask(flags[generations:]))
        columns["numero"].append(number)
        if code not in communes:
            communes[code] = len(names)
            names.append([code, name])
        columns["commune"].append(communes[code])
    run = source.run
    return {
        "format": DOCUMENT_FORMAT,
        "trimestre": source.edition.isoformat() if source.edition else None,
        "trimestre_libelle": source.edition_label,
        "source": {
            "nom": run.source.name,
            "producteur": run.source.publisher,
            "import": run.get_absolute_url(),
        }
        if run
        else None,
        "operateurs": [[code, Operator(code).label] for code in operators],
        "technologies": list(Generation.values),
        "bandes": FIVE_G_BANDS,
        "communes": names,
        "sites": columns,
    }


def gzipped_site_document() -> bytes:
    text = json.dumps(site_document(), ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def cached_site_document(version: str) -> bytes:
    """The document, gzipped, computed once per ``version`` (``ftth.maps.data_version``:
    every successful import and territory load); every time while the cache cannot be
    reached."""
    key = f"observatories:mobile-map:{DOCUMENT_FORMAT}:{version}"
    return cached(key, gzipped_site_document, CACHE_TIMEOUT)
