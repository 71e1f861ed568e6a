"""Pages of the data centres and hosting offers, under the observatory's address
(``/observatoire/hebergement/``, wired in ``scoran/urls.py`` before the
observatory's own URLs): the list with its filters, its map, its table and its
exports; the GeoJSON the map draws; a page per data centre with « Signaler une
erreur »."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from scoran.lib.exports import export_response, requested_export
from scoran.lib.geojson import point, points_response
from scoran.lib.lists import filtered, list_page

from ..models import DataCentre
from .filters import DataCentreFilter
from .spreadsheets import DataCentreExportResource

TITLE = "Centres de données et hébergement"


def _breadcrumbs(*items):
    return [("Observatoire", reverse("observatories:home")), *items]


@require_GET
def hosting_list(request):
    listing = list_page(
        request, DataCentreFilter, DataCentre.objects.published(), shown=lambda r: r.for_list()
    )
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            DataCentreExportResource(),
            listing.rows.for_list(),
            export,
            "centres-de-donnees-scoran-bfc",
        )
    return render(
        request,
        "portal/hosting/list.html",
        listing.context(
            tiles_url=settings.OBSERVATORY_TILES_URL,
            tiles_attribution=settings.OBSERVATORY_TILES_ATTRIBUTION,
            breadcrumbs=_breadcrumbs((TITLE, None)),
        ),
    )


@require_GET
def hosting_geojson(request):
    """The published rows matching the list's filters, as points (a row without
    coordinates at its commune's point, said to be approximate): 1 query."""
    _, rows = filtered(DataCentreFilter, request, DataCentre.objects.published().for_list())
    features = []
    for centre in rows:
        commune = centre.commune
        exact = not centre.is_approximate
        lat, lon = (
            (centre.latitude, centre.longitude) if exact else (commune.latitude, commune.longitude)
        )
        where = f"{centre.address}, {commune.name}" if centre.address else commune.name
        features.append(
            point(
                lat,
                lon,
                name=centre.name,
                where=f"{where} – {centre.operator_name}",
                url=centre.get_absolute_url(),
                approximate=not exact,
            )
        )
    return points_response(features)


@require_GET
def hosting_detail(request, slug: str):
    centre = get_object_or_404(DataCentre.objects.published().for_list(), slug=slug)
    return render(
        request,
        "portal/hosting/detail.html",
        {
            "centre": centre,
            "breadcrumbs": _breadcrumbs((TITLE, reverse("hosting:list")), (centre.name, None)),
        },
    )
