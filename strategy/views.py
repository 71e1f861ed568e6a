from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from .measures import measures_for
from .models import Axis, Indicator, Orientation, Principle
from .sections import ORIENTATION_SECTIONS


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
            "sections": ORIENTATION_SECTIONS.filled(orientation),
            "breadcrumbs": [
                ("La stratégie", reverse("strategy:overview")),
                (f"Orientation {orientation.number}", None),
            ],
        },
    )


def indicators(request):
    """The indicators, with the figures of those computed from data (each measure
    reads precomputed figures: a fixed number of queries)."""
    indicators = list(Indicator.objects.for_list())
    measures = measures_for(indicators)
    for indicator in indicators:
        indicator.computed = measures.get(indicator.pk)
    return render(
        request,
        "strategy/indicators.html",
        {
            "indicators": indicators,
            "breadcrumbs": [
                ("La stratégie", reverse("strategy:overview")),
                ("Indicateurs de suivi", None),
            ],
        },
    )
