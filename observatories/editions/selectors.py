"""Editions compared and anomalies flagged, for curators.

Each dataset with editions (FttH deployment per quarter, fixed eligibility, mobile
sites, open data) is declared once as a ``Dataset``: its rows, the field naming their
edition, the code the rows are keyed by (a commune, a collectivité) and the figure
summed per code. Comparing two editions then takes five queries whatever the number
of rows: every sum is an SQL aggregate over the stored rows.

The FttH anomalies (coverage over 100 %, connectable premises that decrease, communes
missing from the latest quarter) are read the same way, on demand; the public pages
flag the same anomalies from the series they already load
(``observatories.ftth.selectors.Deployment.anomalies``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Model, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Abs

from scoran.lib.text import quarter_label

from ..models import (
    CollectivityOpenData,
    CommuneFixedStats,
    FtthDeployment,
    MobileSite,
)

MOVERS = 20  # communes whose figures moved most, listed per comparison
CODES_SHOWN = 200  # codes that appeared or disappeared, listed per comparison
ANOMALIES_SHOWN = 500  # rows per kind of anomaly


@dataclass(frozen=True)
class Dataset:
    slug: str
    label: str
    model: type[Model]
    edition: str  # the field naming the edition (a date)
    code: str  # the field the rows are keyed by, within an edition
    name: str  # the field giving that code's name
    value: object  # an expression summed per code and edition
    value_label: str
    quarterly: bool = True  # editions named by quarter (« T4 2025 ») or by day

    def edition_label(self, edition: datetime.date) -> str:
        return quarter_label(edition) if self.quarterly else f"{edition:%d/%m/%Y}"


DATASETS = {
    dataset.slug: dataset
    for dataset in (
    Dataset(
        "ftth", "Déploiement FttH par commune", FtthDeployment, "quarter", "commune_id",
        "commune__name", F("connectable"), "locaux raccordables",
    ),
    Dataset(
        "eligibilite-fixe", "Éligibilité fixe par commune", CommuneFixedStats, "edition",
        "commune_id", "commune__name", F("eligible_30"), "locaux éligibles ≥ 30 Mbit/s",
    ),
    Dataset(
        "sites-mobiles", "Sites mobiles par commune", MobileSite, "edition", "commune_id",
        "commune__name", Value(1), "sites (tous opérateurs)",
    ),
    Dataset(
        "open-data", "Données ouvertes des collectivités", CollectivityOpenData, "edition",
        "siren", "name", F("platform_datasets") + F("datagouv_datasets"),
        "jeux de données publiés", quarterly=False,
    ),
    )
}  # fmt: skip


def editions(dataset: Dataset) -> list[datetime.date]:
    """The dataset's editions, latest first (1 query)."""
    field = dataset.edition
    rows = dataset.model.objects.order_by(f"-{field}").values_list(field, flat=True)
    return list(rows.distinct())


@dataclass
class Comparison:
    dataset: Dataset
    before: datetime.date
    after: datetime.date
    totals: dict  # before, after, change, and the number of codes in each
    movers: list[dict]  # code, name, before, after, change: largest change first
    appeared: list[dict]  # code, name, after
    disappeared: list[dict]  # code, name, before

    @property
    def before_label(self) -> str:
        return self.dataset.edition_label(self.before)

    @property
    def after_label(self) -> str:
        return self.dataset.edition_label(self.after)


def compare(dataset: Dataset, *, before: datetime.date, after: datetime.date) -> Comparison:
    """Totals of two editions, the codes whose figure moved most and the codes found in
    one edition only (4 queries, whatever the number of rows)."""
    field = dataset.edition
    in_before, in_after = Q(**{field: before}), Q(**{field: after})
    rows = dataset.model.objects.filter(in_before | in_after)
    totals = rows.aggregate(
        before=Sum(dataset.value, filter=in_before),
        after=Sum(dataset.value, filter=in_after),
        codes_before=Count(dataset.code, filter=in_before, distinct=True),
        codes_after=Count(dataset.code, filter=in_after, distinct=True),
    )
    totals["change"] = (totals["after"] or 0) - (totals["before"] or 0)
    per_code = (
        rows.order_by()
        .values(code=F(dataset.code))
        .annotate(
            name=Max(dataset.name),
            before=Sum(dataset.value, filter=in_before),
            after=Sum(dataset.value, filter=in_after),
        )
    )
    movers = (
        per_code.filter(before__isnull=False, after__isnull=False)
        .annotate(change=F("after") - F("before"))
        .exclude(change=0)
        .order_by(Abs("change").desc(), "code")[:MOVERS]
    )
    appeared = per_code.filter(before__isnull=True).order_by("code")[:CODES_SHOWN]
    disappeared = per_code.filter(after__isnull=True).order_by("code")[:CODES_SHOWN]
    return Comparison(
        dataset, before, after, totals, list(movers), list(appeared), list(disappeared)
    )


@dataclass
class FtthAnomalies:
    """The latest quarter's anomalies of the FttH deployment, per commune."""

    latest: datetime.date | None
    previous: datetime.date | None
    over: list  # FtthDeployment rows with ``coverage`` over 100 (%)
    decreased: list  # FtthDeployment rows with ``previous`` (connectable) above theirs
    missing: list  # FtthDeployment rows of the previous quarter, absent from the latest

    @property
    def count(self) -> int:
        return len(self.over) + len(self.decreased) + len(self.missing)

    @property
    def latest_label(self) -> str:
        return quarter_label(self.latest) if self.latest else ""

    @property
    def previous_label(self) -> str:
        return quarter_label(self.previous) if self.previous else ""


def ftth_anomalies() -> FtthAnomalies:
    """Coverage over 100 %, connectable premises fewer than in the quarter before and
    communes reported in the quarter before but not in the latest one (4 queries)."""
    quarters = editions(DATASETS["ftth"])[:2]
    if not quarters:
        return FtthAnomalies(None, None, [], [], [])
    latest = quarters[0]
    previous = quarters[1] if len(quarters) > 1 else None
    rows = FtthDeployment.objects.select_related("commune").order_by("commune_id")
    over = rows.filter(quarter=latest).with_coverage().filter(coverage__gt=100)
    if previous is None:
        return FtthAnomalies(latest, None, list(over[:ANOMALIES_SHOWN]), [], [])
    before = FtthDeployment.objects.filter(commune=OuterRef("commune"), quarter=previous)
    decreased = (
        rows.filter(quarter=latest)
        .annotate(previous=Subquery(before.values("connectable")[:1]))
        .filter(connectable__lt=F("previous"))
    )
    missing = rows.filter(quarter=previous).exclude(
        commune__in=FtthDeployment.objects.filter(quarter=latest).values("commune")
    )
    return FtthAnomalies(
        latest,
        previous,
        list(over[:ANOMALIES_SHOWN]),
        list(decreased[:ANOMALIES_SHOWN]),
        list(missing[:ANOMALIES_SHOWN]),
    )
