from django.contrib.sitemaps import Sitemap

from .models import Orientation


class OrientationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Orientation.objects.only("number", "title", "updated_at")

    def lastmod(self, item):
        return item.updated_at
