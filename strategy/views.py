from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from scoran.lib.exports import EXPORTS, csv_bytes, requested_export, xlsx_bytes

from .models import Axis, Indicator, IndicatorValue, Orientation, Principle
from .sections import ORIENTATION_SECTIONS
from .selectors import EXPORT_HEADERS, export_rows, indicator_figures


def overview(request):
    axes = list(Axis.objects.with_tree())
    challenges = [challenge for axis in axes for challenge in axis.challenges.all()]
    orientations = [o for challenge in challenges for o in challenge.orientations.all()]
    return render(
        request,
        "strategy/overview.html",
        {
            "principles": Principle.objects.all(),
            "axes": axes,
            "challenge_count": len(challenges),
            "orientation_count": len(orientations),
            "action_track_count": sum(o.action_track_count for o in orientations),
            "breadcrumbs": [("La stratégie", None)],
        },
    )


def orientation_detail(request, number: int, slug: str):
    try:
        orientation = Orientation.objects.for_page().get(number=number)
    except Orientation.DoesNotExist:
        raise Http404("Orientation inconnue") from None
    if slug != orientation.slug:
        return redirect(orientation, permanent=True)
    neighbours = {
        o.number: o
        for o in Orientation.objects.filter(number__in=[number - 1, number + 1]).only(
            "number", "title"
        )
    }
    return render(
        request,
        "strategy/orientation_detail.html",
        {
            "orientation": orientation,
            "challenge": orientation.challenge,
            "axis": orientation.challenge.axis,
            "previous": neighbours.get(number - 1),
            "next": neighbours.get(number + 1),
            "figures": indicator_figures(list(orientation.indicators.all())),
            "sections": ORIENTATION_SECTIONS.filled(orientation),
            "breadcrumbs": [
                ("La stratégie", reverse("strategy:overview")),
                (f"Orientation {orientation.number}", None),
            ],
        },
    )


def indicators(request):
    """The indicators with their stored values, per territory and edition (3 queries
    whatever the editions); ``?format=csv|xlsx``: every value."""
    export = requested_export(request)
    if export:
        return _export_values(export)
    indicators = list(Indicator.objects.for_list())
    return render(
        request,
        "strategy/indicators.html",
        {
            "figures": indicator_figures(indicators),
            "indicator_count": len(indicators),
            "breadcrumbs": [
                ("La stratégie", reverse("strategy:overview")),
                ("Indicateurs de suivi", None),
            ],
        },
    )


def _export_values(export: str) -> HttpResponse:
    values = IndicatorValue.objects.select_related("indicator").order_by(
        "indicator__position", "series", "level", "code", "year", "edition"
    )
    rows = export_rows(values)
    if export == "csv":
        body = csv_bytes(EXPORT_HEADERS, rows)
    else:
        body = xlsx_bytes(EXPORT_HEADERS, rows, title="Indicateurs")
    response = HttpResponse(body, content_type=EXPORTS[export])
    response["Content-Disposition"] = f'attachment; filename="indicateurs-scoran.{export}"'
    return response
