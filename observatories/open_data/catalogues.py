"""What the open data of the collectivités adds to the site: its page under the
observatory (menu, site map, sitemap) and its section of the territory pages, called
from ``observatories.catalogues.register``
(the strategy's indicator of orientation 13 is ``observatories.indicators.open_data_adoption``)."""

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection

from ..models.open_data import OPEN_DATA_THRESHOLD_LABEL as THRESHOLD
from ..referential.sections import TerritorySection, register_territory_section
from .selectors import territory_open_data

SECTION = SiteSection(
    key="open-data",
    title="Ouverture des données des collectivités",
    url_name="observatories:open_data",
    description=f"Les collectivités de plus de {THRESHOLD} habitants qui publient des données "
    "ouvertes, par département, d'après l'observatoire d'OpenDataFrance.",
    order=38,
    parent="observatoire",
)


# On the pages of /territoires/: the collectivity's own status and, for a department
# or the region, its collectivités'. Read at each request like every section (1 query).
TERRITORY = TerritorySection(
    key="donnees-ouvertes",
    title="Ouverture des données",
    template="observatories/open_data/includes/territory.html",
    rows=territory_open_data,
    empty="Aucune édition de l'observatoire open data des territoires n'a encore été importée.",
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    register_territory_section(TERRITORY)
