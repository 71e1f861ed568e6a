"""The FttH coverage of every commune, its classes, and the GeoJSON the map draws.

Coverage = premises connectable to FttH at the latest quarter over the premises of
the commune's latest profile (Arcep's best estimate), in %. It may exceed 100 where
the operators count more premises than the estimate.
"""

import datetime
import gzip
import json
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from scoran.lib.text import quarter_label

from .. import caching
from ..caching import cached
from ..models import CommuneOutline, FtthDeployment, ImportRun


@dataclass(frozen=True)
class CoverageClass:
    key: str  # also the CSS modifier of its colour: .ftth--<key>
    label: str
    low: float | None  # included
    high: float | None  # excluded


# Sequential palette (viridis, light to dark; readable with every colour-vision
# deficiency), defined once in scoran.css for both the legend and the map.
CLASSES = [
    CoverageClass("0", "moins de 25 %", 0, 25),
    CoverageClass("1", "de 25 à moins de 50 %", 25, 50),
    CoverageClass("2", "de 50 à moins de 80 %", 50, 80),
    CoverageClass("3", "de 80 à moins de 100 %", 80, 100),
    CoverageClass("4", "100 % ou plus", 100, None),
]
NO_DATA = CoverageClass("none", "pas de donnée", None, None)


def coverage_class(coverage: float | None) -> CoverageClass:
    if coverage is None:
        return NO_DATA
    for item in CLASSES:
        if item.high is None or coverage < item.high:
            return item
    raise AssertionError("unreachable: the last class has no upper bound")


@dataclass(frozen=True)
class CommuneCoverage:
    code: str
    connectable: int
    premises: int | None
    coverage: float | None
    zone: str | None
    run: ImportRun  # the import the connectable premises come from


@dataclass(frozen=True)
class FtthCoverage:
    quarter: datetime.date | None
    communes: dict[str, CommuneCoverage]

    @cached_property
    def run(self) -> ImportRun | None:
        """The most recent import behind the figures, for the source line."""
        runs = {item.run.pk: item.run for item in self.communes.values()}
        return runs[max(runs)] if runs else None

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter) if self.quarter else ""


def ftth_coverage() -> FtthCoverage:
    """Every commune's coverage at the latest quarter, with its zone and import
    (2 queries whatever the number of communes and quarters; 1 with no data)."""
    rows = list(
        FtthDeployment.objects.latest_quarter()
        .with_coverage()
        .values_list("commune_id", "quarter", "connectable", "premises", "coverage", "zone", "run")
    )
    if not rows:
        return FtthCoverage(quarter=None, communes={})
    runs = ImportRun.objects.select_related("source").in_bulk({row[-1] for row in rows})
    communes = {
        code: CommuneCoverage(code, connectable, premises, coverage, zone, runs[run_id])
        for code, _, connectable, premises, coverage, zone, run_id in rows
    }
    return FtthCoverage(quarter=rows[0][1], communes=communes)


def class_summary(coverage: FtthCoverage, communes: int) -> list[dict]:
    """Each class (then "no data") with its number of communes, out of ``communes``."""
    counts = dict.fromkeys([item.key for item in [*CLASSES, NO_DATA]], 0)
    for item in coverage.communes.values():
        counts[coverage_class(item.coverage).key] += 1
    counts[NO_DATA.key] += communes - len(coverage.communes)
    return [
        {
            "class": item,
            "communes": counts[item.key],
            "share": 100 * counts[item.key] / communes if communes else None,
        }
        for item in [*CLASSES, NO_DATA]
    ]


def data_version() -> str:
    """Changes with every successful import, of any source, and every load of the
    territories (their outlines, names and merged communes: ``caching.data_version``,
    kept in the cache; left out while the cache cannot be reached): what the cached
    maps depend on. The start time keeps it unique across a rebuilt database (1
    query)."""
    latest = (
        ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED)
        .order_by("-pk")
        .values_list("pk", "started_at")
        .first()
    )
    imported = f"{latest[0]}-{latest[1]:%Y%m%d%H%M%S%f}" if latest else "0"
    try:
        loaded = caching.data_version()
    except caching.UNREACHABLE:
        return imported
    return f"{imported}-{loaded}"


def coverage_geojson() -> dict:
    """A FeatureCollection of the communes that have an outline, each with its name,
    coverage (%, one decimal), class and page (3 queries)."""
    coverage = ftth_coverage()
    # One reverse() for 3,685 communes: the page address differs only by the code.
    page = reverse("observatories:commune", kwargs={"code": "00000"})
    features = []
    outlines = CommuneOutline.objects.values_list("commune_id", "commune__name", "geometry")
    for code, name, geometry in outlines.order_by("commune_id"):
        figures = coverage.communes.get(code)
        value = figures.coverage if figures else None
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "nom": name,
                    "taux": None if value is None else round(value, 1),
                    "classe": coverage_class(value).key,
                    "url": page.replace("00000", code),
                },
                "geometry": geometry,
            }
        )
    return {
        "type": "FeatureCollection",
        "trimestre": coverage.quarter.isoformat() if coverage.quarter else None,
        "features": features,
    }


CACHE_TIMEOUT = 24 * 3600  # outlines change without an import run: a day at most
GEOJSON_FORMAT = 1  # bump when the features change shape: cached maps are then rebuilt


def gzipped_coverage_geojson() -> bytes:
    text = json.dumps(coverage_geojson(), ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def cached_coverage_geojson(version: str) -> bytes:
    """The GeoJSON, gzipped, computed once per ``version`` (see data_version); every
    time while the cache cannot be reached."""
    key = f"observatories:ftth-map:{GEOJSON_FORMAT}:{version}"
    return cached(key, gzipped_coverage_geojson, CACHE_TIMEOUT)
