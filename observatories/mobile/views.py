"""The observatory's mobile page: the region's and its departments' coverage, sites,
the communes no operator covers well and the targeted-coverage scheme, read only;
and the map of the sites, with its table, its CSV and the document it draws."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from scoran.lib.exports import export_response, query_without, requested_export
from scoran.lib.lists import filtered

from ..caching import cached_per_data_version, gzipped_document
from ..ftth.maps import data_version
from ..models import Department, Operator
from ..models.areas import Level
from ..models.mobile import COVERAGE_LEVELS, AreaTargeted
from ..referential.selectors import region
from . import maps, selectors
from .filters import SiteFilter
from .spreadsheets import SiteResource

# The communes without good coverage listed on the page, fewest covered first; the
# page gives how many there are in all.
COMMUNES_SHOWN = 50


@cached_per_data_version
def mobile_page(request):
    own = region()
    departments = [
        (Level.DEPARTMENT, code, name)
        for code, name in Department.objects.filter(region_id=own.code)
        .order_by("code")
        .values_list("code", "name")
    ]
    coverage = selectors.region_coverage(own.key, departments)
    sites = selectors.area_sites([own.key, *departments])
    areas = [
        {
            "label": label if level == Level.REGION else f"{label} ({code})",
            "code": code,
            "coverage": coverage.areas.get((level, code), {}),
            "sites": sites.get((level, code), []),
        }
        for level, code, label in [own.key, *departments]
    ]
    without = selectors.communes_without_good_coverage(own.key)
    progress = selectors.targeted_progress(own.key)
    names = {code: name for _, code, name in departments}
    coverage_rows = [
        row for area in coverage.areas.values() for table in area.values() for row in table.values()
    ]
    site_rows = [row for rows in sites.values() for row in rows]
    return render(
        request,
        "observatories/mobile/index.html",
        {
            "region": own,
            "areas": areas,
            "coverage": coverage,
            "coverage_run": selectors.first_run(coverage_rows),
            "levels": [label for _, label in COVERAGE_LEVELS],
            "trend": selectors.trend_rows(selectors.coverage_trend(own.key)),
            "sites_run": selectors.first_run(site_rows),
            "sites_edition": site_rows[0].edition if site_rows else None,
            "without": without[:COMMUNES_SHOWN],
            "without_count": len(without),
            "good_share": selectors.GOOD_COVERAGE_SHARE,
            "progress": progress,
            "progress_departments": [
                {"label": f"{names.get(code, code)} ({code})", **figures}
                for code, figures in progress.departments.items()
            ],
            "progress_run": selectors.first_run(progress.decrees),
            "stages": [
                AreaTargeted._meta.get_field(name).verbose_name for name in AreaTargeted.STAGES
            ],
            "has_data": bool(coverage_rows or site_rows or progress.edition),
            "breadcrumbs": [
                ("Observatoire", reverse("observatories:home")),
                ("Couverture mobile", None),
            ],
        },
    )


def sites_map(request):
    """The sites of the latest quarter, filtered by operator and technology: on a map
    (drawn by its script from the document below), per department and operator in a
    table, and as CSV or XLSX. A forged filter value is a 400 with the form's French
    error, and no rows."""
    found, rows = filtered(SiteFilter, request, maps.latest_sites())
    valid = found.is_valid()
    export = requested_export(request)
    if export and valid:
        rows = rows.select_related("commune", "run__source").order_by("operator", "number")
        return export_response(SiteResource(), rows, export, "sites-mobiles")
    chosen = found.form.cleaned_data if valid else {}
    operator, generation = chosen.get("operateur") or "", chosen.get("technologie") or ""
    return render(
        request,
        "observatories/mobile/map.html",
        {
            "filter": found,
            "query": query_without(request, "format", "page"),
            "operator": operator,  # the map draws the same sites as the table
            "generation": generation,
            "table": maps.department_table(rows, [operator] if operator else Operator.values),
            "source": maps.sites_source(),
            "tiles_url": settings.OBSERVATORY_TILES_URL,
            "tiles_attribution": settings.OBSERVATORY_TILES_ATTRIBUTION,
            "breadcrumbs": [
                ("Observatoire", reverse("observatories:home")),
                ("Couverture mobile", reverse("observatories:mobile")),
                ("Carte des sites", None),
            ],
        },
        status=200 if valid else 400,
    )


def sites_map_document(request):
    """The sites of the latest quarter as the map's compact document, built once per
    import (gzipped in the cache), revalidated by ETag: an unchanged map costs one
    query."""
    version = data_version()
    return gzipped_document(
        request,
        tag=f"mobile-map-{maps.DOCUMENT_FORMAT}-{version}",
        content_type="application/json",
        gzipped=lambda: maps.cached_site_document(version),
    )
