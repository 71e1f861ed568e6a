""" "Mon adresse": the address search, its suggestions, and each building's page."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ..models import Building, BuildingEligibility
from .selectors import suggest_addresses


def address_search(request):
    """ "Mon adresse": a form that lists matching addresses (JavaScript adds suggestions
    as one types, from ``address_suggestions``)."""
    query = request.GET.get("q", "").strip()[:200]
    results = suggest_addresses(query, limit=20) if query else []
    return render(
        request,
        "observatories/address.html",
        {
            "query": query,
            "results": results,
            "breadcrumbs": [
                ("Observatoire", reverse("observatories:home")),
                ("Mon adresse", None),
            ],
        },
    )


def address_suggestions(request):
    query = request.GET.get("q", "").strip()[:200]
    return JsonResponse(
        {
            "query": query,
            "results": [
                {"id": s.imb_id, "label": s.label, "url": s.url} for s in suggest_addresses(query)
            ],
        }
    )


def building_page(request, imb_id: str):
    """A building: its address, commune, and what it is eligible to, with the source."""
    building = (
        Building.objects.select_related(
            "commune", "street", "run__source", "eligibility__run__source"
        )
        .filter(imb_id=imb_id)
        .first()
    )
    if building is None:
        raise Http404("Immeuble inconnu")
    try:
        eligibility = building.eligibility
    except BuildingEligibility.DoesNotExist:
        eligibility = None
    return render(
        request,
        "observatories/building.html",
        {
            "building": building,
            "eligibility": eligibility,
            "technologies": eligibility.technologies() if eligibility else [],
            "breadcrumbs": [
                ("Observatoire", reverse("observatories:home")),
                ("Mon adresse", reverse("observatories:address")),
                (building.address or building.imb_id, None),
            ],
        },
    )
