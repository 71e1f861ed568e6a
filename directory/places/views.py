"""Pages of the places: the list with its filters and map, the GeoJSON the map
draws, and each place's page with its error report form."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from scoran.lib.geojson import point, points_response
from scoran.lib.lists import filtered, list_page

from ..models import Place
from ..reports.views import handle_report
from .access import get_visible_place
from .catalogues import REPORTABLE
from .filters import PlaceFilter
from .hours import parse


def _breadcrumbs(*items):
    return [("Lieux de médiation numérique", reverse("places:list")), *items]


def place_list(request):
    listing = list_page(request, PlaceFilter, Place.objects.published().for_list())
    return render(
        request,
        "directory/places/list.html",
        listing.context(
            tiles_url=settings.OBSERVATORY_TILES_URL,
            tiles_attribution=settings.OBSERVATORY_TILES_ATTRIBUTION,
            breadcrumbs=[("Lieux de médiation numérique", None)],
        ),
    )


def places_geojson(request):
    """The published places matching the list's filters, as points (a place without
    coordinates at its commune's point), for the map: 1 query."""
    _, rows = filtered(PlaceFilter, request, Place.objects.published().for_list())
    features = []
    for place in rows:
        commune = place.commune
        exact = place.latitude is not None
        lat, lon = (
            (place.latitude, place.longitude) if exact else (commune.latitude, commune.longitude)
        )
        features.append(
            point(
                lat,
                lon,
                name=place.name,
                where=f"{place.address}, {place.postcode} {commune.name}",
                url=place.get_absolute_url(),
                approximate=not exact,
            )
        )
    return points_response(features)


def place_detail(request, pk: int, slug: str):
    place = get_visible_place(request, pk)
    if slug != place.slug:
        return redirect(place, permanent=True)
    # The error report form is on the page itself (an unpublished place, seen by
    # curators only, takes no report).
    if request.method == "POST" and not place.is_published:
        raise Http404("Lieu non publié")
    form, response = handle_report(request, kind=REPORTABLE, obj=place)
    if response is not None:
        return response
    return render(
        request,
        "directory/places/detail.html",
        {
            "place": place,
            "hours": parse(place.opening_hours),
            "form": form,
            "breadcrumbs": _breadcrumbs((place.name, None)),
        },
    )
