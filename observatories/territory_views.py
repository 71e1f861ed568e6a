"""A page per commune, EPCI and department, at addresses keyed by their official codes."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .aggregates import comparison, latest_area
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

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
PAGE_SIZE = 50

REGION = ("region", "27", "Bourgogne-Franche-Comté")
Level = AreaFixedStats.Level


def _breadcrumbs(*items):
    return [("Observatoire", reverse("observatories:home")), *items]


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
    ranking = CommuneRankingFilter(request.GET, queryset=rows)
    export = request.GET.get("format")
    if export in EXPORTS and ranking.is_valid():
        content_type, extension = EXPORTS[export]
        dataset = CommuneRankingResource().export(queryset=ranking.qs)
        body = dataset.csv.encode("utf-8-sig") if export == "csv" else dataset.xlsx
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="communes-eligibilite.{extension}"'
        return response
    page = Paginator(ranking.qs if ranking.is_valid() else rows.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "observatories/commune_table.html",
        {
            "filter": ranking,
            "page": page,
            "query": query.urlencode(),
            "breadcrumbs": _breadcrumbs(("Classement des communes", None)),
        },
    )
