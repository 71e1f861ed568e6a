"""The communes coloured by FttH coverage: the page, and the GeoJSON its map draws."""

import gzip
import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers

from ..models import Commune
from . import maps

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
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
    etag = f'"ftth-map-{maps.GEOJSON_FORMAT}-{version}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = maps.cached_coverage_geojson(version)
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(body, content_type=GEOJSON)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(body), content_type=GEOJSON)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
