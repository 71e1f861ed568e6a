"""The communes coloured by FttH coverage: the page, and the GeoJSON its map draws."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from ..caching import gzipped_document
from ..models import Commune
from . import maps

GEOJSON = "application/geo+json"


def ftth_map(request):
    """Communes coloured by FttH coverage. Everything but the drawing is in the HTML:
    legend, communes per class, source and the table, for readers without JavaScript."""
    coverage = maps.ftth_coverage()
    return render(
        request,
        "observatories/map.html",
        {
            "coverage": coverage,
            "summary": maps.class_summary(coverage, Commune.objects.count()),
            "tiles_url": settings.OBSERVATORY_TILES_URL,
            "tiles_attribution": settings.OBSERVATORY_TILES_ATTRIBUTION,
            "breadcrumbs": [
                ("Observatoire", reverse("observatories:home")),
                ("Carte de la couverture FttH", None),
            ],
        },
    )


def ftth_map_geojson(request):
    """The communes' outlines with their coverage, built once per import (gzipped in
    the cache), revalidated by ETag: an unchanged map costs one query."""
    version = maps.data_version()
    return gzipped_document(
        request,
        tag=f"ftth-map-{maps.GEOJSON_FORMAT}-{version}",
        content_type=GEOJSON,
        gzipped=lambda: maps.cached_coverage_geojson(version),
    )
