"""A page per commune, EPCI and department, at addresses keyed by their official codes
(see ``converters``), all built by ``selectors.territory_figures``. A commune's page
also shows the sections other apps register (``sections.COMMUNE_SECTIONS``)."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from ..caching import SECTIONS_SLOT, cached_per_data_version, fill_slot
from ..catalogues import COMMUNE_FIGURES
from ..models import EPCI, Commune, Department
from .sections import filled_sections
from .selectors import department_epcis, epci_members, territory_figures

TEMPLATE = "observatories/territory.html"


def _breadcrumbs(*items):
    return [("Observatoire", reverse("observatories:home")), *items]


def commune_page(request, code: str):
    """The commune's figures (kept in the page cache until the data changes) and the
    sections of other apps, read at each request: an event published, cancelled or
    withdrawn shows at once, never from a page kept for the figures."""
    commune = Commune.objects.select_related("department", "epci").filter(code=code).first()
    if commune is None:
        # A merged commune: its code lives on in its successor's former codes.
        successor = Commune.objects.successor_of(code)
        if successor is None:
            raise Http404("Commune inconnue")
        return redirect("observatories:commune", code=successor.code, permanent=True)
    response = _commune_figures(request, code, commune=commune)
    sections = render_to_string(
        "observatories/includes/sections.html",
        {"sections": filled_sections(commune), "territory": commune},
        request,
    )
    return fill_slot(response, sections)


@cached_per_data_version
def _commune_figures(request, code: str, *, commune: Commune):
    """The commune's page with a slot for its sections (cached by the request's
    address: ``code``)."""
    department = commune.department
    return render(
        request,
        TEMPLATE,
        {
            **territory_figures(commune),
            "title": f"{commune.name} ({commune.code})",
            "kind": "Commune",
            "report_kind": COMMUNE_FIGURES.key,
            "sections_slot": SECTIONS_SLOT,
            "operators_query": urlencode({"commune": commune.code}),
            "breadcrumbs": _breadcrumbs(
                (department.name, reverse("observatories:department", args=[department.code])),
                (commune.name, None),
            ),
        },
    )


@cached_per_data_version
def epci_page(request, siren: str):
    epci = get_object_or_404(EPCI, siren=siren)
    return render(
        request,
        TEMPLATE,
        {
            **territory_figures(epci),
            "title": epci.name,
            "kind": epci.get_kind_display(),
            "members": epci_members(epci),
            "operators_query": "",  # the networks' filters take a commune or a department
            "breadcrumbs": _breadcrumbs((epci.name, None)),
        },
    )


@cached_per_data_version
def department_page(request, code: str):
    department = get_object_or_404(Department, code=code)
    return render(
        request,
        TEMPLATE,
        {
            **territory_figures(department),
            "title": f"{department.name} ({department.code})",
            "kind": "Département",
            "epcis": department_epcis(department),
            "operators_query": urlencode({"departement": department.code}),
            "breadcrumbs": _breadcrumbs((department.name, None)),
        },
    )
