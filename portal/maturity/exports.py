"""The public aggregates as CSV (cells never formulas, ``scoran.lib.exports``): one
row per group, suppressed groups saying « moins de 10 réponses » with no score, as
on the page."""

from django.http import HttpResponse

from scoran.lib.exports import EXPORTS, csv_bytes

from .questionnaire import DIMENSIONS, VERSION
from .selectors import SUPPRESSED, Aggregates, Cell

HEADERS = [
    "Regroupement",
    "Groupe",
    "Réponses",
    *(f"{dimension.title} (score moyen sur 100)" for dimension in DIMENSIONS),
    "Moyenne des cinq dimensions",
    "Version du questionnaire",
]


def _row(grouping: str, cell: Cell) -> list:
    if cell.suppressed:
        return [grouping, cell.label, SUPPRESSED, *([""] * (len(DIMENSIONS) + 1)), VERSION]
    return [grouping, cell.label, cell.count, *cell.averages, cell.overall, VERSION]


def csv_response(aggregates: Aggregates) -> HttpResponse:
    rows = [_row("Ensemble", aggregates.total)]
    for breakdown in aggregates.breakdowns:
        rows += [_row(breakdown.heading, cell) for cell in breakdown.cells]
    response = HttpResponse(csv_bytes(HEADERS, rows), content_type=EXPORTS["csv"])
    response["Content-Disposition"] = 'attachment; filename="maturite-numerique-resultats.csv"'
    return response
