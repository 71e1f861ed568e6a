from django.contrib.sitemaps import Sitemap

from .selectors import published_funding_addresses


class FundingSitemap(Sitemap):
    """Every published aide, closed ones included (their page stays): one query."""

    changefreq = "weekly"

    def items(self):
        return published_funding_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]
