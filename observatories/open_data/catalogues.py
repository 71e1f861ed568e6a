"""What the open data of the collectivités adds to the site: its page under the
observatory (menu, site map, sitemap), called from ``observatories.catalogues.register``
(the strategy's indicator of orientation 13 is ``observatories.indicators.open_data_adoption``)."""

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection

from ..models.open_data import OPEN_DATA_THRESHOLD_LABEL as THRESHOLD

SECTION = SiteSection(
    key="open-data",
    title="Ouverture des données des collectivités",
    url_name="observatories:open_data",
    description=f"Les collectivités de plus de {THRESHOLD} habitants qui publient des données "
    "ouvertes, par département, d'après l'observatoire d'OpenDataFrance.",
    order=38,
    parent="observatoire",
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
