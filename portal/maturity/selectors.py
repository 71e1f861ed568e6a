"""Reads of the maturity self-assessment: the region's departments (the profile's
choices), a result per dimension with the portal's matching content, and the public
aggregates by department, sector and size, never below ``MIN_CELL`` answers."""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from directory.models import Place
from observatories.models import Department

from ..funding.services import keys_of_department
from ..models import Event, Funding, MaturityAnswer, Resource
from ..models.maturity import SCORE_FIELDS, Sector, Size
from .questionnaire import DIMENSIONS, Dimension, Level, level_of

MIN_CELL = 10
SUPPRESSED = "moins de 10 réponses"
PER_KIND = 3  # items of each kind shown under a dimension
CANDIDATES = 60  # rows read per kind before they are shared among the dimensions


def region_departments() -> list[tuple[str, str]]:
    """The region's departments as (code, « Côte-d'Or (21) »), 1 query."""
    return [
        (code, f"{name} ({code})")
        for code, name in Department.objects.filter(region_id=settings.REGION_CODE)
        .order_by("code")
        .values_list("code", "name")
    ]


# ---------- A respondent's result ----------


@dataclass
class DimensionResult:
    dimension: Dimension
    score: int
    level: Level
    advice: str
    resources: list = field(default_factory=list)
    fundings: list = field(default_factory=list)
    events: list = field(default_factory=list)
    places: list = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(self.resources or self.fundings or self.events or self.places)


def _keywords_condition(fields: tuple[str, ...]) -> Q:
    words = {word for dimension in DIMENSIONS for word in dimension.keywords}
    return reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields for word in words))


def _keywords_pattern(dimension: Dimension) -> re.Pattern:
    """The dimension's keywords at the start of a word: « formation » in « formations »
    but not in « information », « matériel » not in « immatériel »."""
    words = "|".join(re.escape(word) for word in dimension.keywords)
    return re.compile(rf"\b(?:{words})", re.IGNORECASE)


KEYWORDS = {dimension.key: _keywords_pattern(dimension) for dimension in DIMENSIONS}


def _share(rows, text, results: list[DimensionResult], attribute: str) -> None:
    """Each row under the dimensions whose keywords start a word of its text
    (``KEYWORDS``; the database's filter only narrows the rows read), ``PER_KIND`` at
    most per dimension."""
    for row in rows:
        haystack = text(row)
        for result in results:
            shown = getattr(result, attribute)
            if len(shown) < PER_KIND and KEYWORDS[result.dimension.key].search(haystack):
                shown.append(row)


def _places(answer: MaturityAnswer, results: list[DimensionResult]) -> None:
    services = sorted({s for dimension in DIMENSIONS for s in dimension.place_services})
    rows = (
        Place.objects.published()
        .filter(commune__department_id=answer.department_id, services__overlap=services)
        .select_related("commune")
        .order_by("name", "pk")[:CANDIDATES]
    )
    for row in rows:
        for result in results:
            if len(result.places) < PER_KIND and set(row.services) & set(
                result.dimension.place_services
            ):
                result.places.append(row)


def result_of(answer: MaturityAnswer) -> list[DimensionResult]:
    """Each dimension's score, level and advice, with the portal's matching content:
    public resources and upcoming public events (not cancelled) meant for the
    respondent's kind (companies or associations, or the general public; an event
    naming no public too), current aides open to their kind and department, and
    published places of their department (4 queries)."""
    results = []
    for dimension in DIMENSIONS:
        score = answer.score_of(dimension.key)
        level = level_of(score)
        results.append(DimensionResult(dimension, score, level, dimension.advice[level.key]))
    company = answer.kind == MaturityAnswer.Kind.COMPANY
    audiences = [
        Resource.Audience.COMPANIES if company else Resource.Audience.ASSOCIATIONS,
        Resource.Audience.PUBLIC,
    ]
    resources = (
        Resource.objects.public()
        .filter(_keywords_condition(("title", "summary")), audiences__overlap=audiences)
        .order_by("-published_at", "-pk")[:CANDIDATES]
    )
    _share(resources, lambda r: f"{r.title} {r.summary}", results, "resources")
    beneficiary = Funding.Beneficiary.COMPANIES if company else Funding.Beneficiary.ASSOCIATIONS
    fundings = (
        Funding.objects.published()
        .current()
        .covering(keys_of_department(answer.department))
        .filter(_keywords_condition(("name", "summary")), beneficiaries__contains=[beneficiary])
        .order_by("name", "pk")[:CANDIDATES]
    )
    _share(fundings, lambda f: f"{f.name} {f.summary}", results, "fundings")
    events = (
        Event.objects.public()
        .upcoming(timezone.now())
        .exclude(status=Event.Status.CANCELLED)  # nothing to attend
        .filter(Q(audiences__overlap=audiences) | Q(audiences=[]))
        .filter(_keywords_condition(("title", "description")))
        .select_related("commune")[:CANDIDATES]
    )
    _share(events, lambda e: f"{e.title} {e.description}", results, "events")
    _places(answer, results)
    return results


# ---------- Public aggregates ----------


@dataclass
class Cell:
    """One group of answers: its count and the average score of each dimension (and
    of the five), or ``suppressed`` when it must not be shown. ``real`` counts the
    answers that are not the demonstration's (``is_demo``): those are invented from
    a seed anyone can read, so they must not be what lifts real answers above
    ``MIN_CELL``."""

    label: str
    count: int = 0
    real: int = 0
    sums: dict[str, int] = field(default_factory=dict)
    suppressed: bool = False

    @property
    def averages(self) -> list[int]:
        """The average score of each dimension, in the questionnaire's order."""
        return [round(self.sums[d.key] / self.count) for d in DIMENSIONS]

    @property
    def overall(self) -> int:
        return round(sum(self.sums.values()) / (self.count * len(DIMENSIONS)))


@dataclass
class Breakdown:
    key: str
    title: str  # « Par département »
    heading: str  # the first column's heading
    cells: list[Cell]


@dataclass
class Aggregates:
    total: Cell
    breakdowns: list[Breakdown]


def _too_few(count: int) -> bool:
    """Some answers, but fewer than ``MIN_CELL``."""
    return 0 < count < MIN_CELL


def suppress(cells: list[Cell], total: int) -> list[Cell]:
    """Cells below ``MIN_CELL`` answers are suppressed (primary), and so are cells
    holding 1 to 9 real answers among demonstration ones (their invented figures,
    known, would be subtracted). So that the total minus the cells shown does not
    give them away, the suppressed cells together must hold no answer or at least
    ``MIN_CELL``, and no real answer or at least ``MIN_CELL``: the smallest shown
    cells are suppressed too until they do (secondary). Everything is suppressed
    when the total is below ``MIN_CELL``."""
    for cell in cells:
        cell.suppressed = total < MIN_CELL or cell.count < MIN_CELL or _too_few(cell.real)
    while True:
        hidden = [cell for cell in cells if cell.suppressed]
        shown = sorted((c for c in cells if not c.suppressed), key=lambda c: (c.count, c.label))
        if not shown or not (
            _too_few(sum(c.count for c in hidden)) or _too_few(sum(c.real for c in hidden))
        ):
            return cells
        shown[0].suppressed = True


def _sums():
    return {key: Sum(name) for key, name in SCORE_FIELDS.items()}


def _cells(rows, group: str, labels: list[tuple[str, str]]) -> list[Cell]:
    found = {row[group]: row for row in rows}
    cells = []
    for value, label in labels:
        row = found.get(value)
        cell = Cell(label)
        if row:
            cell.count, cell.real = row["answers"], row["real"]
            cell.sums = {key: row[key] for key in SCORE_FIELDS}
        cells.append(cell)
    return cells


def aggregates() -> Aggregates:
    """Answers counted and averaged by department, sector and size, suppressed
    below ``MIN_CELL`` (``suppress``), and the region's total (4 queries)."""
    departments = region_departments()
    breakdowns = []
    for key, title, heading, group, labels in (
        ("departement", "Par département", "Département", "department_id", departments),
        ("secteur", "Par secteur d'activité", "Secteur", "sector", Sector.choices),
        ("effectif", "Par effectif", "Effectif", "size", Size.choices),
    ):
        rows = (
            MaturityAnswer.objects.order_by()
            .values(group)
            .annotate(answers=Count("pk"), real=Count("pk", filter=Q(is_demo=False)), **_sums())
        )
        breakdowns.append(Breakdown(key, title, heading, _cells(rows, group, labels)))
    by_department = breakdowns[0].cells
    total = Cell(
        settings.REGION_NAME,
        count=sum(cell.count for cell in by_department),
        real=sum(cell.real for cell in by_department),
    )
    total.sums = {key: sum(cell.sums.get(key, 0) for cell in by_department) for key in SCORE_FIELDS}
    total.suppressed = total.count < MIN_CELL or _too_few(total.real)
    for breakdown in breakdowns:
        suppress(breakdown.cells, total.count)
    return Aggregates(total, breakdowns)
