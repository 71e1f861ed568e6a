from django.contrib.sitemaps import Sitemap

from .selectors import published_resource_addresses


class ResourceSitemap(Sitemap):
    """Every published resource (never a draft): one query."""

    changefreq = "weekly"

    def items(self):
        return published_resource_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]
