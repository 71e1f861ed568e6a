"""``sitemap.xml``, assembled from the site sections: every indexed section's
address, then the pages each app lists below its sections (their sitemaps live in
the apps: ``directory/projects/sitemaps.py``…)."""

from django.contrib.sitemaps import Sitemap

from scoran.lib.catalogues import site_sections


class SectionsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [section for section in site_sections() if section.indexed]

    def location(self, section):
        return section.url


class PagesSitemap(Sitemap):
    """The pages a section gives as a callable: addresses, or objects with
    ``get_absolute_url``."""

    changefreq = "monthly"

    def __init__(self, pages):
        self.pages = pages

    def items(self):
        return list(self.pages())

    def location(self, item):
        return item if isinstance(item, str) else item.get_absolute_url()


def sitemaps() -> dict:
    """The sitemaps of ``django.contrib.sitemaps``' view, in the sections' order."""
    found = {"sections": SectionsSitemap}
    for section in site_sections():
        if section.sitemap is None:
            continue
        is_class = isinstance(section.sitemap, type) and issubclass(section.sitemap, Sitemap)
        found[section.key] = section.sitemap if is_class else PagesSitemap(section.sitemap)
    return found
