from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
            "observatories:map",
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


SITEMAPS = {"pages": StaticPagesSitemap, "orientations": OrientationSitemap}
