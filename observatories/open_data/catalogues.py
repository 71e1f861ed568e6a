"""What the open data of the collectivités adds to the site: its page under the
observatory (menu, site map, sitemap) and the strategy's indicator of orientation 13
(``strategy.measures``), called from ``observatories.catalogues.register``."""

from django.utils.formats import number_format

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection
from strategy import measures
from strategy.measures import Measure

from ..models.open_data import OPEN_DATA_THRESHOLD
from .selectors import open_data_share

MEASURE_KEY = "open_data_collectivites"
THRESHOLD = f"{OPEN_DATA_THRESHOLD:,}".replace(",", " ")  # "3 500"

SECTION = SiteSection(
    key="open-data",
    title="Ouverture des données des collectivités",
    url_name="observatories:open_data",
    description=f"Les collectivités de plus de {THRESHOLD} habitants qui publient des données "
    "ouvertes, par département, d'après l'observatoire d'OpenDataFrance.",
    order=38,
    parent="observatoire",
)


def _share(row) -> str:
    if row.share is None:
        return "—"
    return number_format(row.share, decimal_pos=1, use_l10n=True)


def open_data_measure() -> Measure | None:
    """The latest edition's share of collectivités over the threshold publishing at
    least one dataset, for the region and each department (2 queries)."""
    editions = open_data_share()
    if not editions:
        return None
    latest = editions[0]
    areas = [area for area in (latest.region, *latest.departments) if area is not None]
    run = latest.run
    return Measure(
        caption=f"Collectivités de plus de {THRESHOLD} habitants ayant ouvert des données",
        columns=[
            "Territoire",
            f"Collectivités de plus de {THRESHOLD} habitants",
            "Dont publiant au moins un jeu de données",
            "Part (%)",
        ],
        rows=[
            [area.name, str(area.over_threshold), str(area.over_threshold_publishing), _share(area)]
            for area in areas
        ],
        date=latest.edition,
        source=f"{run.source.publisher}, {run.source.name}",
        source_url=run.get_absolute_url(),
        note=f"Communes, intercommunalités, départements et région de plus de {THRESHOLD} "
        "habitants (population INSEE, 3 500 exclus) publiant au moins un jeu de données sur "
        "leur plateforme ou sur data.gouv.fr.",
    )


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    # One small function: the strategy's registry of measures is being reshaped.
    measures.register(MEASURE_KEY, open_data_measure)
