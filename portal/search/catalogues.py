"""What the site's search offers the site: its page on the site map (kept from
crawlers: result pages are not content), and the index kept true as items change
(after every feature has registered its searchable kinds)."""

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection

from .services import connect_signals

SECTION = SiteSection(
    key="recherche",
    title="Recherche",
    url_name="search:results",
    description="Tout le portail en une recherche : stratégie, indicateurs, projets, "
    "structures, lieux, ressources, aides, évènements, groupes, veille et communes.",
    order=900,
    indexed=False,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    connect_signals()
