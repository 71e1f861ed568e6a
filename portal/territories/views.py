"""One page per territory (``/territoires/communes/<code>/``, ``epci/<siren>/``,
``departements/<code>/``, ``region/``) gathering what the site knows of it, and the
« Votre commune » resolver of the home page.

A page has two parts. Its figures (fixed eligibility, FttH deployment, mobile
coverage: ``observatories.referential.selectors``, the observatory pages' own) change
only with an import: they are kept in the page cache per data version
(``observatories.caching``). Its sections (places, organisations, projects, aides,
events, resources…: ``TERRITORY_SECTIONS``, filled by each app) change without any
import: they are read at each request and put in the cached page's slot."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from observatories.caching import SECTIONS_SLOT, cached_per_data_version, fill_slot
from observatories.mobile.selectors import territory_section
from observatories.models import EPCI, Commune, Department, Region
from observatories.referential.sections import TERRITORY_SECTIONS
from observatories.referential.selectors import (
    department_epcis,
    epci_members,
    region,
    region_figures,
    scope_of,
    territory_figures,
)

from .forms import QUERY_MAX_LENGTH, CommuneSearchForm
from .selectors import FOUND_LIMIT, find_communes, region_departments, the_one

TEMPLATE = "portal/territories/page.html"


def _with_sections(request, response: HttpResponse, territory) -> HttpResponse:
    """The page (perhaps from the cache) with the territory's sections, read now."""
    scope = scope_of(territory)
    sections = render_to_string(
        "observatories/includes/sections.html",
        {
            "sections": TERRITORY_SECTIONS.filled(scope),
            "territory": territory,
            "scope": scope,
        },
        request,
    )
    return fill_slot(response, sections)


def _breadcrumbs(*items):
    return [("Territoires", reverse("territories:find")), *items]


def _render(request, context: dict) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {"sections_slot": SECTIONS_SLOT, **context},
    )


@require_GET
def commune_page(request, code: str):
    commune = Commune.objects.select_related("department__region", "epci").filter(code=code).first()
    if commune is None:
        # A merged commune: its code lives on in its successor's former codes.
        successor = Commune.objects.successor_of(code)
        if successor is None:
            raise Http404("Commune inconnue")
        return redirect("territories:commune", code=successor.code, permanent=True)
    return _with_sections(request, _commune_figures(request, code, commune=commune), commune)


@cached_per_data_version
def _commune_figures(request, code: str, *, commune: Commune):
    department = commune.department
    parents = [
        (department.name, reverse("territories:department", args=[department.code])),
        (department.region.name, reverse("territories:region")),
    ]
    if commune.epci_id:
        parents.insert(0, (commune.epci.name, reverse("territories:epci", args=[commune.epci_id])))
    return _render(
        request,
        {
            **territory_figures(commune),
            "title": f"{commune.name} ({commune.code})",
            "kind": "Commune",
            "parents": parents,
            "observatory_url": reverse("observatories:commune", args=[commune.code]),
            "breadcrumbs": _breadcrumbs(
                (department.name, reverse("territories:department", args=[department.code])),
                (commune.name, None),
            ),
        },
    )


@require_GET
def epci_page(request, siren: str):
    epci = get_object_or_404(EPCI, siren=siren)
    return _with_sections(request, _epci_figures(request, siren, epci=epci), epci)


@cached_per_data_version
def _epci_figures(request, siren: str, *, epci: EPCI):
    return _render(
        request,
        {
            **territory_figures(epci),
            "title": epci.name,
            "kind": epci.get_kind_display(),
            "parents": [(settings.REGION_NAME, reverse("territories:region"))],
            "members": epci_members(epci),
            "observatory_url": reverse("observatories:epci", args=[epci.siren]),
            "breadcrumbs": _breadcrumbs((epci.name, None)),
        },
    )


@require_GET
def department_page(request, code: str):
    department = get_object_or_404(Department, code=code)
    return _with_sections(
        request, _department_figures(request, code, department=department), department
    )


@cached_per_data_version
def _department_figures(request, code: str, *, department: Department):
    return _render(
        request,
        {
            **territory_figures(department),
            "title": f"{department.name} ({department.code})",
            "kind": "Département",
            "parents": [(settings.REGION_NAME, reverse("territories:region"))],
            "epcis": department_epcis(department),
            "observatory_url": reverse("observatories:department", args=[department.code]),
            "breadcrumbs": _breadcrumbs((department.name, None)),
        },
    )


@require_GET
def region_page(request):
    # The region's page exists before the territories are loaded (named by the settings).
    own = Region.objects.filter(code=settings.REGION_CODE).first() or Region(
        code=settings.REGION_CODE, name=settings.REGION_NAME
    )
    return _with_sections(request, _region_figures(request, own=own), own)


@cached_per_data_version
def _region_figures(request, *, own: Region):
    """The observatory home's figures of the region, and its mobile networks
    compared with nothing larger."""
    return _render(
        request,
        {
            **region_figures(),
            "territory": own,
            "mobile": territory_section(own, region().key, []),
            "title": own.name,
            "kind": "Région",
            "parents": [],
            "departments": region_departments(own),
            "observatory_url": reverse("observatories:home"),
            "breadcrumbs": _breadcrumbs((own.name, None)),
        },
    )


@require_GET
def find(request):
    """« Votre commune »: one commune found, its page; several, their list; none, a
    French message (works without JavaScript: a GET form)."""
    form = CommuneSearchForm(request.GET or None)
    communes = []
    if form.is_valid():
        communes = find_communes(form.cleaned_data["q"])
        if (commune := the_one(communes)) is not None:
            return redirect("territories:commune", code=commune.code)
    return render(
        request,
        "portal/territories/find.html",
        {
            "form": form,
            "communes": communes[:FOUND_LIMIT],
            "more": len(communes) > FOUND_LIMIT,
            "breadcrumbs": [("Territoires", None)],
        },
    )


SUGGESTIONS = 10


@require_GET
def suggestions(request):
    """The communes matching what the visitor is typing in « Votre commune », for the
    suggestions under the field (1 query; none under two characters)."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:QUERY_MAX_LENGTH]
    communes = find_communes(query)[:SUGGESTIONS] if len(query) >= 2 else []
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "label": f"{commune.name} ({commune.department.name}, {commune.code})",
                    "url": reverse("territories:commune", args=[commune.code]),
                }
                for commune in communes
            ],
        }
    )
