"""The API's entry in the site's catalogues: its documentation page on the site map
(and in ``sitemap.xml``)."""

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection

SECTION = SiteSection(
    key="api",
    title="API publique",
    url_name="api:docs",
    description="Les contenus publiés et les chiffres des territoires pour les machines : "
    "JSON, CSV et XLSX, description OpenAPI.",
    order=80,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
