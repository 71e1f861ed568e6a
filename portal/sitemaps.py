from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from directory.models import Organisation
from directory.places.selectors import published_place_addresses
from directory.projects.selectors import published_project_addresses
from observatories.models import EPCI, Commune, Department
from strategy.models import Orientation


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "portal:home",
            "strategy:overview",
            "strategy:indicators",
            "observatories:home",
            "observatories:commune_table",
            "directory:list",
            "observatories:map",
            "places:list",
            "projects:list",
            "portal:legal_notice",
            "portal:accessibility",
            "portal:privacy",
            "portal:site_map",
        ]

    def location(self, item):
        return reverse(item)


class OrientationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Orientation.objects.only("number", "title", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(Sitemap):
    """Published organisations of the directory, one query."""

    changefreq = "weekly"

    def items(self):
        return list(Organisation.objects.published().only("slug", "updated_at"))

    def lastmod(self, item):
        return item.updated_at


class TerritorySitemap(Sitemap):
    """The observatory page of every territory of one kind, from its codes alone:
    one query (a list, so the paginator counts it without a second one)."""

    changefreq = "monthly"
    model = None
    code_field = ""
    url_name = ""

    def items(self):
        return list(
            self.model.objects.order_by(self.code_field).values_list(self.code_field, flat=True)
        )

    def location(self, code):
        return reverse(self.url_name, args=[code])


class CommuneSitemap(TerritorySitemap):
    model, code_field, url_name = Commune, "code", "observatories:commune"


class EPCISitemap(TerritorySitemap):
    model, code_field, url_name = EPCI, "siren", "observatories:epci"


class DepartmentSitemap(TerritorySitemap):
    model, code_field, url_name = Department, "code", "observatories:department"


class PlaceSitemap(Sitemap):
    """Every published place: one query."""

    changefreq = "weekly"

    def items(self):
        return published_place_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_on"]


class ProjectSitemap(Sitemap):
    """Every published project (never a draft nor a revision): one query."""

    changefreq = "weekly"

    def items(self):
        return published_project_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "orientations": OrientationSitemap,
    "organisations": OrganisationSitemap,
    "departments": DepartmentSitemap,
    "epci": EPCISitemap,
    "communes": CommuneSitemap,
    "places": PlaceSitemap,
    "projects": ProjectSitemap,
}
