from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal.sitemaps import SITEMAPS
from portal.views import favicon, robots_txt

admin.site.site_header = "Administration de l'espace SCORAN BFC"
admin.site.site_title = "Administration SCORAN BFC"
admin.site.index_title = "Contenus et données"

urlpatterns = [
    path("", include("portal.urls")),
    path("strategie/", include("strategy.urls")),
    path("observatoire/", include("observatories.urls")),
    path("annuaire/", include("directory.organisations.urls")),
    path("compte/", include("directory.accounts.urls")),
    path("lieux/", include("directory.places.urls")),
    # The agents' project pages before the public ones (the same /projets/ prefix).
    path("projets/", include("directory.projects.agent_urls")),
    path("projets/", include("directory.projects.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]
