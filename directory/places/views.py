"""Pages of the places: the list with its filters and map, the GeoJSON the map
draws, and each place's page with its error report form."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from scoran.lib import throttling
from scoran.lib.errors import service_unavailable, too_many_requests
from scoran.lib.geojson import point, points_response
from scoran.lib.lists import filtered, list_page
from scoran.lib.throttling import client_ip

from ..models import Place
from .access import get_visible_place
from .filters import PlaceFilter
from .forms import ErrorReportForm
from .hours import parse
from .services import report_allowed, report_error


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


REPORTS_REFUSED = (
    "Vous avez envoyé beaucoup de signalements en peu de temps : réessayez dans une heure."
)


def place_detail(request, pk: int, slug: str):
    place = get_visible_place(request, pk)
    if slug != place.slug:
        return redirect(place, permanent=True)
    form = ErrorReportForm()
    if request.method == "POST":
        form = ErrorReportForm(request.POST)
        try:
            allowed = report_allowed(client_ip(request))
        except throttling.ThrottleUnavailable:
            return service_unavailable(request)
        if not allowed:
            return too_many_requests(request, REPORTS_REFUSED, retry_after=3600)
        if form.is_valid():
            report_error(place=place, **form.cleaned_data)
            messages.success(
                request, "Merci : votre signalement a été transmis à l'équipe qui tient l'annuaire."
            )
            return redirect(place)
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
