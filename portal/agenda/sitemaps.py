from django.contrib.sitemaps import Sitemap

from .selectors import published_event_addresses


class EventSitemap(Sitemap):
    """Every published event, past ones included (their page stays): one query."""

    changefreq = "weekly"

    def items(self):
        return published_event_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]
