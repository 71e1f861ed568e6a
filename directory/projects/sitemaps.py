from django.contrib.sitemaps import Sitemap

from .selectors import published_project_addresses


class ProjectSitemap(Sitemap):
    """Every published project (never a draft nor a revision): one query."""

    changefreq = "weekly"

    def items(self):
        return published_project_addresses()

    def location(self, item):
        return item["url"]

    def lastmod(self, item):
        return item["updated_at"]
