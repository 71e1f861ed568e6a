"""The observatory's mobile page: the region's and its departments' coverage, sites,
the communes no operator covers well and the targeted-coverage scheme, read only."""

from django.shortcuts import render
from django.urls import reverse

from ..caching import cached_per_data_version
from ..models import Department
from ..models.areas import Level
from ..models.mobile import COVERAGE_LEVELS, AreaTargeted
from ..referential.selectors import region
from . import selectors

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
