from django.contrib.sitemaps import Sitemap

from .selectors import public_addresses


class GroupSitemap(Sitemap):
    """Every working group and every PUBLIC news item of one (never a members-only
    one): one query."""

    changefreq = "weekly"

    def items(self):
        return public_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]
