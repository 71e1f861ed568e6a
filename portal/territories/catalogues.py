"""What the territory pages offer the site: their section (« Territoires », on the
site map and in the menu's site map, with every territory's page in the sitemap)."""

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection

from .selectors import territory_pages

SECTION = SiteSection(
    key="territoires",
    title="Territoires : une page par commune",
    url_name="territories:find",
    description="Tout ce que le portail sait d'une commune, d'une intercommunalité, d'un "
    "département ou de la région : fibre, éligibilité, couverture mobile, lieux de "
    "médiation, acteurs, projets, aides, évènements et ressources.",
    order=25,
    sitemap=territory_pages,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
