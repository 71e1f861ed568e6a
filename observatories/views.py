import csv

from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .addresses import suggest_addresses
from .aggregates import latest_fixed_overview
from .caching import cached_per_data_version
from .deployment import FTTH_TARGET, area_deployment, compared
from .imports.tasks import progress_key
from .models import AreaFtth, Building, BuildingEligibility, Department, ImportRun, ImportUpload

# Targets of the SCORAN (orientation 1): 100 % very high speed in 2022, then FttH in 2025.
THD_TARGET = {"year": 2022, "share": 100}


@cached_per_data_version
def home(request, region=("27", "Bourgogne-Franche-Comté")):
    overview = latest_fixed_overview()
    thd_gap = None
    if overview:
        thd_share = overview["region"].share("eligible_30")
        thd_gap = THD_TARGET["share"] - thd_share if thd_share is not None else None
    deployment = area_deployment(AreaFtth.Level.REGION, region[0])
    departments = [
        (AreaFtth.Level.DEPARTMENT, code, f"{name} ({code})")
        for code, name in Department.objects.filter(region_id=region[0]).values_list("code", "name")
    ]
    return render(
        request,
        "observatories/home.html",
        {
            "overview": overview,
            "thd_target": THD_TARGET,
            "thd_gap": thd_gap,
            "deployment": deployment,
            "compared": compared(region[1], deployment, departments),
            "target": FTTH_TARGET,
            "breadcrumbs": [("Observatoire", None)],
        },
    )


PUBLIC_STATUSES = [ImportRun.Status.SUCCEEDED, ImportRun.Status.SKIPPED]


def import_run(request, pk: int):
    """Public summary of an import: where the figures come from."""
    run = get_object_or_404(
        ImportRun.objects.select_related("source").filter(status__in=PUBLIC_STATUSES), pk=pk
    )
    return render(
        request,
        "observatories/import_run.html",
        {"run": run, "breadcrumbs": [(f"Import n°{run.pk}", None)]},
    )


@staff_member_required
def import_rejects(request, pk: int):
    """The rejected rows of an import, as CSV, for curators."""
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejets-import-{run.pk}.csv"'
    response.write("\ufeff")  # BOM: spreadsheets then read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["ligne", "colonne", "valeur", "motif"])
    writer.writerows(run.rejects.values_list("line", "column", "value", "reason"))
    return response


@staff_member_required
def upload_progress(request, pk: int):
    """Where an uploaded file stands, polled by the admin page while a worker imports it."""
    upload = get_object_or_404(ImportUpload.objects.select_related("run"), pk=pk)
    state = upload.progress()
    if upload.status == ImportUpload.Status.RUNNING:
        state["rows_done"] = cache.get(progress_key(upload.pk), 0)
    return JsonResponse(state)


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
