from django.contrib.sitemaps import Sitemap

from .selectors import published_data_centre_addresses


class DataCentreSitemap(Sitemap):
    """Every published data centre or hosting offer (never a withdrawn one): one query."""

    changefreq = "monthly"

    def items(self):
        return published_data_centre_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]
