"""Reads of the field reports: who may file, an agent's reports, the public counts
(per department, commune and operator, validated reports only) and a commune's."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from directory.models import Organisation
from observatories.models import Operator
from observatories.referential.sections import Scope

from ..models import FieldReport


def reporting_organisations(user) -> list[Organisation]:
    """The organisations of which the person is an agent: those they may report for
    (1 query; none for an anonymous visitor)."""
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user).only("name").order_by("name"))


def reports_of(user):
    """The reports of the person's organisations, newest first (1 query)."""
    return (
        FieldReport.objects.filter(organisation__memberships__user=user)
        .for_list()
        .order_by("-created_at", "-pk")
    )


def _per_operator(prefix: str = "op", only: Q | None = None):
    """One count per operator, of the reports naming it (a report may name several),
    among those matching ``only`` if given."""
    return {
        f"{prefix}_{code}": Count("pk", filter=Q(operators__contains=[code]) & (only or Q()))
        for code in Operator.values
    }


@dataclass(frozen=True)
class CommuneCounts:
    code: str
    name: str
    department: str
    by_operator: list[int]  # in ``Operator``'s order
    reports: int
    demo: int = 0  # of which invented for the demonstration


@dataclass
class DepartmentCounts:
    name: str
    communes: list[CommuneCounts] = field(default_factory=list)
    by_operator: list[int] = field(default_factory=lambda: [0] * len(Operator.values))
    reports: int = 0


def public_counts() -> list[DepartmentCounts]:
    """The validated reports per department and commune, for each operator (a merged
    report counted once, in its target; no person's data) and how many of them are
    the demonstration's, 1 query."""
    rows = (
        FieldReport.objects.counted()
        .filter(commune__isnull=False)
        .order_by()
        .values(
            "commune", "commune__name", "commune__department__code", "commune__department__name"
        )
        .annotate(reports=Count("pk"), demo=Count("pk", filter=Q(is_demo=True)), **_per_operator())
        .order_by("commune__department__code", "commune__name")
    )
    departments: dict[str, DepartmentCounts] = {}
    for row in rows:
        label = f"{row['commune__department__name']} ({row['commune__department__code']})"
        department = departments.setdefault(label, DepartmentCounts(label))
        counts = [row[f"op_{code}"] for code in Operator.values]
        department.communes.append(
            CommuneCounts(
                row["commune"], row["commune__name"], label, counts, row["reports"], row["demo"]
            )
        )
        department.by_operator = [
            a + b for a, b in zip(department.by_operator, counts, strict=True)
        ]
        department.reports += row["reports"]
    return list(departments.values())


def commune_counts(commune) -> list[tuple[str, int, int]]:
    """The commune's validated reports per operator, (operator, number, of which the
    demonstration's); empty without any (1 query)."""
    totals = (
        FieldReport.objects.counted()
        .filter(commune=commune)
        .aggregate(
            reports=Count("pk"),
            **_per_operator(),
            **_per_operator("demo", only=Q(is_demo=True)),
        )
    )
    if not totals["reports"]:
        return []
    return [
        (label, totals[f"op_{code}"], totals[f"demo_{code}"]) for code, label in Operator.choices
    ]


def territory_counts(scope: Scope) -> list[tuple[str, int, int]]:
    """A commune's validated reports per operator (``commune_counts``, 1 query);
    nothing for a larger territory, whose counts would group raw rows at each
    request (the field reports' page has them per department)."""
    return commune_counts(scope.territory) if scope.is_commune else []
