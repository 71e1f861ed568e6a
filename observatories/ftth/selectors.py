"""FttH deployment as the pages show it: a territory's quarterly series since 2017,
its coverage against the SCORAN target (``observatories.targets``), and the chart
drawn from it. Everything is read from precomputed rows (``AreaFtth``) or, for a
commune, from its own rows."""

import datetime
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Q, Subquery
from django.template.defaultfilters import pluralize

from scoran.lib.text import quarter_label

from ..models import AreaFtth, AreaFtthZone, Commune, CommuneFtth, FtthDeployment, ImportRun
from ..targets import Target

CHART = {"height": 160, "bar": 12, "gap": 4, "axis": 24, "top": 8}  # SVG units


@dataclass(frozen=True)
class Point:
    quarter: datetime.date
    connectable: int
    premises: int
    communes: int | None = None  # communes reported in a territory's sum (None: unknown)

    @property
    def coverage(self) -> float | None:
        return 100 * self.connectable / self.premises if self.premises else None

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)


@dataclass
class Deployment:
    """A territory's series, oldest quarter first, and the import it comes from."""

    points: list[Point]
    run: ImportRun
    profile: CommuneFtth | None = None  # a commune's zone and operators
    zones: list[AreaFtthZone] = field(default_factory=list)  # a larger territory's
    target: Target | None = None  # the SCORAN's, from its FttH indicator
    # The latest quarter of the whole dataset, when the territory may lack it (a commune)
    dataset_latest: datetime.date | None = None

    @property
    def latest(self) -> Point:
        return self.points[-1]

    def anomalies(self) -> list[str]:
        """What a reader should check before trusting the latest figures, in French
        (« à vérifier »): coverage over 100 %, connectable premises fewer than in the
        quarter before, communes missing from the latest quarter (fewer communes in a
        territory's sum, or the commune itself absent). Read from the series already
        loaded: no query."""
        found = []
        latest = self.latest
        before = self.points[-2] if len(self.points) > 1 else None
        if latest.coverage is not None and latest.coverage > 100:
            found.append(
                f"Plus de locaux raccordables ({intcomma(latest.connectable)}) que de locaux "
                f"recensés ({intcomma(latest.premises)}) au {latest.label} : la part dépasse "
                "100 %, les opérateurs comptant des locaux que l'estimation ne connaît pas."
            )
        if before and latest.connectable < before.connectable:
            found.append(
                f"Moins de locaux raccordables au {latest.label} ({intcomma(latest.connectable)}) "
                f"qu'au {before.label} ({intcomma(before.connectable)}) : un réseau ne se "
                "démonte pas, la baisse vient d'un recensement corrigé ou d'une erreur."
            )
        fewer = (before.communes or 0) - (latest.communes or 0) if before else 0
        if fewer > 0 and latest.communes is not None:
            found.append(
                f"{fewer} commune{pluralize(fewer)} de moins qu'au {before.label} dans "
                f"l'édition du {latest.label} : des communes y manquent."
            )
        if self.dataset_latest and latest.quarter < self.dataset_latest:
            found.append(
                f"Absente de l'édition du {quarter_label(self.dataset_latest)} : les "
                f"chiffres affichés sont ceux du {latest.label}."
            )
        return found

    @property
    def gap(self) -> float | None:
        """Points of coverage still missing to reach the target (None without one)."""
        return self.target.gap(self.latest.coverage) if self.target else None

    @property
    def remaining(self) -> int:
        return max(0, self.latest.premises - self.latest.connectable)

    def yearly(self) -> list[Point]:
        """The fourth quarter of each year, and the latest quarter if it is not one."""
        points = [point for point in self.points if point.quarter.month == 12]
        if not points or points[-1] != self.latest:
            points.append(self.latest)
        return points

    def chart(self) -> dict:
        """Bars of coverage per quarter, in SVG units (capped at 100 %)."""
        step = CHART["bar"] + CHART["gap"]
        bars = []
        for index, point in enumerate(self.points):
            height = round(CHART["height"] * min(point.coverage or 0, 100) / 100, 1)
            bars.append(
                {
                    "x": CHART["axis"] + index * step,
                    "y": round(CHART["top"] + CHART["height"] - height, 1),
                    "height": height,
                    "point": point,
                    "year": point.quarter.year if point.quarter.month == 12 else None,
                }
            )
        return {
            **CHART,
            "bars": bars,
            "width": CHART["axis"] + len(bars) * step,
            "total_height": CHART["top"] + CHART["height"] + 20,
            "gridlines": [
                {"y": CHART["top"] + CHART["height"] * (1 - share / 100), "share": share}
                for share in (0, 50, 100)
            ],
        }


def area_deployment(level: str, code: str, *, target: Target | None = None) -> Deployment | None:
    """A department's, an EPCI's or the region's series and zones (2 queries)."""
    rows = list(
        AreaFtth.objects.filter(level=level, code=code)
        .select_related("run__source")
        .order_by("quarter")
    )
    if not rows:
        return None
    points = [Point(row.quarter, row.connectable, row.premises, row.communes) for row in rows]
    zones = list(AreaFtthZone.objects.filter(level=level, code=code).order_by("zone"))
    return Deployment(points, rows[-1].run, zones=zones, target=target)


def commune_deployment(commune: Commune, *, target: Target | None = None) -> Deployment | None:
    """A commune's series over the premises of its latest profile (2 queries)."""
    profile = (
        CommuneFtth.objects.filter(commune=commune)
        .select_related("run__source")
        .order_by("-edition")
        .first()
    )
    if profile is None:
        return None
    # The dataset's latest quarter rides along each row, to see whether the commune is
    # missing from the latest edition without one more query.
    dataset_latest = FtthDeployment.objects.order_by("-quarter").values("quarter")[:1]
    rows = list(
        FtthDeployment.objects.filter(commune=commune)
        .order_by("quarter")
        .annotate(dataset_latest=Subquery(dataset_latest))
        .values_list("quarter", "connectable", "dataset_latest")
    )
    if not rows:
        return None
    points = [Point(quarter, connectable, profile.premises) for quarter, connectable, _ in rows]
    return Deployment(points, profile.run, profile, target=target, dataset_latest=rows[-1][2])


def coverage_at(pairs: list[tuple[str, str]], quarter: datetime.date) -> dict:
    """Coverage (%) of several territories at one quarter (1 query)."""
    query = Q(pk__in=[])
    for level, code in pairs:
        query |= Q(level=level, code=code)
    rows = AreaFtth.objects.filter(query, quarter=quarter)
    return {(row.level, row.code): row.coverage for row in rows}


def compared(label: str, deployment: Deployment | None, others) -> list[dict]:
    """Rows for a comparison table: the territory, then ``others`` (level, code,
    label) at the same quarter (1 query)."""
    if deployment is None:
        return []
    found = coverage_at([(level, code) for level, code, _ in others], deployment.latest.quarter)
    rows = [{"label": label, "coverage": deployment.latest.coverage}]
    return rows + [
        {"label": other, "coverage": found[(level, code)]}
        for level, code, other in others
        if (level, code) in found
    ]


@dataclass(frozen=True)
class CommuneNetwork:
    """What a form or a page says of a commune's fibre in passing: its latest profile
    (zone, infrastructure operators, premises) and its latest quarter over those
    premises (None when the commune was never reported)."""

    profile: CommuneFtth
    latest: Point | None

    @property
    def run(self) -> ImportRun:
        return self.profile.run


def commune_networks(codes) -> dict[str, CommuneNetwork]:
    """The latest FttH profile and quarter of each of these communes that has a profile,
    by INSEE code (2 queries, whatever the number of communes and quarters)."""
    codes = set(codes)
    if not codes:
        return {}
    profiles = (
        CommuneFtth.objects.filter(commune_id__in=codes)
        .select_related("run__source")
        .order_by("commune_id", "-edition")
        .distinct("commune_id")
    )
    latest = {
        code: (quarter, connectable)
        for code, quarter, connectable in FtthDeployment.objects.filter(commune_id__in=codes)
        .order_by("commune_id", "-quarter")
        .distinct("commune_id")
        .values_list("commune_id", "quarter", "connectable")
    }
    networks = {}
    for profile in profiles:
        found = latest.get(profile.commune_id)
        point = Point(found[0], found[1], profile.premises) if found else None
        networks[profile.commune_id] = CommuneNetwork(profile, point)
    return networks
