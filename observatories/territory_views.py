"""A page per commune, EPCI and department, at addresses keyed by their official codes;
the communes ranked in a table and coloured on a map."""

import gzip
import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from . import maps
from .aggregates import comparison, latest_area
from .caching import cached_per_data_version
from .deployment import FTTH_TARGET, area_deployment, commune_deployment, compared
from .filters import CommuneRankingFilter
from .models import (
    EPCI,
    AreaFixedStats,
    AreaTechnologyStats,
    Commune,
    CommuneFixedStats,
    CommuneTechnologyStats,
    Department,
)
from .resources import CommuneRankingResource

REGION = ("region", "27", "Bourgogne-Franche-Comté")
Level = AreaFixedStats.Level


def _breadcrumbs(*items):
    return [("Observatoire", reverse("observatories:home")), *items]


@cached_per_data_version
def commune_page(request, code: str):
    commune = Commune.objects.select_related("department", "epci").filter(code=code).first()
    if commune is None:
        # A merged commune: its code lives on in its successor's former codes.
        successor = Commune.objects.filter(former_codes__contains=[code]).only("code").first()
        if successor is None:
            raise Http404("Commune inconnue")
        return redirect("observatories:commune", code=successor.code, permanent=True)
    figures = (
        CommuneFixedStats.objects.filter(commune=commune)
        .select_related("run__source")
        .order_by("-edition")
        .first()
    )
    parents = [
        (Level.DEPARTMENT, commune.department_id, commune.department.name),
        REGION,
    ]
    if commune.epci_id:
        parents.insert(0, (Level.EPCI, commune.epci_id, commune.epci.name))
    deployment = commune_deployment(commune)
    return render(
        request,
        "observatories/territory.html",
        {
            "title": f"{commune.name} ({commune.code})",
            "kind": "Commune",
            "territory": commune,
            "figures": figures,
            "rows": comparison(figures, commune.name, parents),
            "technologies": CommuneTechnologyStats.objects.filter(
                commune=commune
            ).latest_with_source(),
            "deployment": deployment,
            "compared": compared(commune.name, deployment, parents),
            "target": FTTH_TARGET,
            "breadcrumbs": _breadcrumbs(
                (
                    commune.department.name,
                    reverse("observatories:department", args=[commune.department_id]),
                ),
                (commune.name, None),
            ),
        },
    )


@cached_per_data_version
def epci_page(request, siren: str):
    epci = get_object_or_404(EPCI, siren=siren)
    figures = latest_area(Level.EPCI, siren)
    deployment = area_deployment(Level.EPCI, siren)
    members = list(Commune.objects.filter(epci=epci).only("code", "name", "population"))
    return render(
        request,
        "observatories/territory.html",
        {
            "title": epci.name,
            "kind": epci.get_kind_display(),
            "territory": epci,
            "figures": figures,
            "rows": comparison(figures, epci.name, [REGION]),
            "technologies": AreaTechnologyStats.objects.filter(
                level=Level.EPCI, code=siren
            ).latest_with_source(),
            "deployment": deployment,
            "compared": compared(epci.name, deployment, [REGION]),
            "target": FTTH_TARGET,
            "members": members,
            "breadcrumbs": _breadcrumbs((epci.name, None)),
        },
    )


@cached_per_data_version
def department_page(request, code: str):
    department = get_object_or_404(Department, code=code)
    figures = latest_area(Level.DEPARTMENT, code)
    deployment = area_deployment(Level.DEPARTMENT, code)
    epcis = list(
        EPCI.objects.filter(communes__department=department).distinct().only("siren", "name")
    )
    return render(
        request,
        "observatories/territory.html",
        {
            "title": f"{department.name} ({department.code})",
            "kind": "Département",
            "territory": department,
            "figures": figures,
            "rows": comparison(figures, department.name, [REGION]),
            "technologies": AreaTechnologyStats.objects.filter(
                level=Level.DEPARTMENT, code=code
            ).latest_with_source(),
            "deployment": deployment,
            "compared": compared(department.name, deployment, [REGION]),
            "target": FTTH_TARGET,
            "epcis": epcis,
            "breadcrumbs": _breadcrumbs((department.name, None)),
        },
    )


def commune_table(request):
    """Communes ranked by eligibility, filtered; exported as shown (every filtered row)."""
    rows = (
        CommuneFixedStats.objects.latest_edition()
        .for_ranking()
        .order_by("share_30", "commune__name")
    )
    listing = list_page(request, CommuneRankingFilter, rows)
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            CommuneRankingResource(), listing.rows, export, "communes-eligibilite"
        )
    return render(
        request,
        "observatories/commune_table.html",
        listing.context(breadcrumbs=_breadcrumbs(("Classement des communes", None))),
    )


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
            "breadcrumbs": _breadcrumbs(("Carte de la couverture FttH", None)),
        },
    )


ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GEOJSON = "application/geo+json"


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
