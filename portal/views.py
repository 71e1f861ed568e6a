from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from strategy.models import Axis, Orientation

from .health import check_all

RECENT_UPDATES = 5


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "axes": Axis.objects.with_tree(),
            "recent_updates": Orientation.objects.recently_updated()[:RECENT_UPDATES],
        },
    )


def _page(template: str, title: str, context=dict):
    def view(request):
        return render(request, template, {"breadcrumbs": [(title, None)], **context()})

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


legal_notice = _page("portal/legal_notice.html", "Mentions légales")
accessibility = _page("portal/accessibility.html", "Accessibilité")
privacy = _page(
    "portal/privacy.html",
    "Données personnelles",
    context=lambda: {"activation_days": settings.ACCOUNT_ACTIVATION_DAYS},
)


def site_map(request):
    orientations = Orientation.objects.only("number", "title")
    sections = [
        {"label": "Accueil", "url": reverse("portal:home"), "children": []},
        {
            "label": "La stratégie",
            "url": reverse("strategy:overview"),
            "children": [
                {"label": f"Orientation {o.number} – {o.title}", "url": o.get_absolute_url()}
                for o in orientations
            ]
            + [{"label": "Indicateurs de suivi", "url": reverse("strategy:indicators")}],
        },
        {"label": "Annuaire des acteurs", "url": reverse("directory:list"), "children": []},
        {"label": "Projets", "url": reverse("projects:list"), "children": []},
        {
            "label": "Informations",
            "url": reverse("portal:legal_notice"),
            "children": [
                {"label": "Mentions légales", "url": reverse("portal:legal_notice")},
                {"label": "Accessibilité", "url": reverse("portal:accessibility")},
                {"label": "Données personnelles", "url": reverse("portal:privacy")},
                {"label": "État du service", "url": reverse("portal:health")},
            ],
        },
    ]
    return render(
        request,
        "portal/site_map.html",
        {"site_map_sections": sections, "breadcrumbs": [("Plan du site", None)]},
    )


@never_cache
@require_GET
def health(request):
    components = check_all()
    healthy = all(component.ok for component in components)
    status = 200 if healthy else 503
    if request.GET.get("format") == "json":
        payload = {"status": "ok" if healthy else "error"}
        payload.update({component.name: component.as_dict() for component in components})
        return JsonResponse(payload, status=status)
    return render(
        request,
        "portal/health.html",
        {
            "components": components,
            "healthy": healthy,
            "breadcrumbs": [("État du service", None)],
        },
        status=status,
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return redirect(static("img/favicon.svg"), permanent=False)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /sante/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
