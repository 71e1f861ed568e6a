from django.contrib.sitemaps import Sitemap

from .selectors import published_place_addresses


class PlaceSitemap(Sitemap):
    """Every published place: one query."""

    changefreq = "weekly"

    def items(self):
        return published_place_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_on"]
