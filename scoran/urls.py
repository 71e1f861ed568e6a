from django.contrib import admin
from django.urls import include, path

from portal.views import favicon, robots_txt, sitemap_xml

# French error pages in the portal's layout (and CSRF_FAILURE_VIEW in the settings).
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"

admin.site.site_header = "Administration de l'espace SCORAN BFC"
admin.site.site_title = "Administration SCORAN BFC"
admin.site.index_title = "Contenus et données"

urlpatterns = [
    path("", include("portal.urls")),
    path("strategie/", include("strategy.urls")),
    # Data centres and hosting need the directory's organisations, so the portal
    # serves them, under the observatory's address (before its URLs).
    path("observatoire/hebergement/", include("portal.hosting.urls")),
    path("observatoire/", include("observatories.urls")),
    path("territoires/", include("portal.territories.urls")),
    path("recherche/", include("portal.search.urls")),
    path("annuaire/", include("directory.organisations.urls")),
    # A signed-in person's e-mail subscriptions, among their account's pages.
    path("compte/abonnements/", include("portal.subscriptions.account_urls")),
    path("compte/", include("directory.accounts.urls")),
    path("lieux/", include("directory.places.urls")),
    # The agents' project pages before the public ones (the same /projets/ prefix).
    path("projets/", include("directory.projects.agent_urls")),
    path("projets/", include("directory.projects.urls")),
    # The agents' resource pages before the public ones (the same /ressources/ prefix).
    path("ressources/", include("portal.resources.agent_urls")),
    path("ressources/", include("portal.resources.urls")),
    path("aides/", include("portal.funding.agent_urls")),
    path("aides/", include("portal.funding.urls")),
    path("agenda/", include("portal.agenda.agent_urls")),
    path("agenda/", include("portal.agenda.urls")),
    path("veille/", include("portal.watch.agent_urls")),
    path("veille/", include("portal.watch.urls")),
    path("dorsale/", include("portal.interconnection.urls")),
    path("remontees-terrain/", include("portal.field_reports.urls")),
    path("maturite/", include("portal.maturity.urls")),
    path("groupes/", include("directory.groups.urls")),
    # E-mail digests of any followable list (scoran.lib.catalogues.FOLLOWABLE_LISTS).
    path("abonnements/", include("portal.subscriptions.urls")),
    # "Signaler une erreur" on any reportable item (scoran.lib.catalogues.report_url).
    path("signaler/", include("directory.reports.urls")),
    # The public read-only API (portal/api/): JSON, its own errors, CORS for reads.
    path("api/v1/", include("portal.api.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]
