from django.contrib.sitemaps import Sitemap

from ..models import Organisation


class OrganisationSitemap(Sitemap):
    """Published organisations of the directory, one query."""

    changefreq = "weekly"

    def items(self):
        return list(Organisation.objects.published().only("slug", "updated_at"))

    def lastmod(self, item):
        return item.updated_at
