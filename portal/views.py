from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from scoran.lib import catalogues
from strategy.models import Axis, Orientation

from .health import check_all
from .sitemaps import sitemaps
from .territories.forms import CommuneSearchForm

RECENT_UPDATES = 5


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "axes": Axis.objects.with_tree(),
            "recent_updates": Orientation.objects.recently_updated()[:RECENT_UPDATES],
            "commune_form": CommuneSearchForm(),
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
    """Every section of the site, from the catalogue the apps fill (1 query: the
    orientations)."""
    return render(
        request,
        "portal/site_map.html",
        {"site_map_sections": catalogues.site_map(), "breadcrumbs": [("Plan du site", None)]},
    )


@require_GET
def sitemap_xml(request):
    return sitemap_views.sitemap(request, sitemaps=sitemaps())


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
    kept_out = [reverse("admin:index")] + [
        section.url for section in catalogues.site_sections() if not section.indexed
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {url}" for url in kept_out),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
