"""The section 8 indicator « nombre de téléchargements en ligne du guide
méthodologie sur la mise en place de démarches Territoires intelligents », computed
from the stored monthly downloads of the resource curators designate as that guide
(``counting.territory_guide``), shown on the strategy's indicator page through
``strategy.measures``."""

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import number_format

from strategy.measures import Measure

from ..models import ResourceDownloadMonth
from .counting import territory_guide

KEY = "telechargements_guide_territoires"
CAPTION = "Téléchargements en ligne du guide « Territoires intelligents »"
COLUMNS = ["Année", "Téléchargements"]
SOURCE = "Téléchargements comptés par ce portail"
NOTE = (
    "Chaque visiteur compte au plus une fois par jour, quel que soit le fichier ou la "
    "version téléchargés ; les robots ne sont pas comptés."
)
NONE_DESIGNATED = (
    "Aucune ressource publiée n'est encore désignée comme guide « Territoires "
    "intelligents » : l'indicateur sera calculé dès que l'équipe l'aura désignée."
)


def _number(value: int) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


def guide_downloads() -> Measure:
    """Downloads of the guide per year and in total (2 queries); without a designated
    guide (1 query), the measure says so and has no rows."""
    guide = territory_guide()
    if guide is None:
        return Measure(
            caption=CAPTION,
            columns=COLUMNS,
            rows=[],
            date=None,
            source=SOURCE,
            note=NONE_DESIGNATED,
        )
    years = list(
        ResourceDownloadMonth.objects.filter(resource=guide)
        .annotate(year=ExtractYear("month"))
        .values_list("year")
        .annotate(total=Sum("count"))
        .order_by("year")
    )
    rows = [[str(year), _number(total)] for year, total in years]
    rows.append(["Total", _number(sum(total for _, total in years))])
    return Measure(
        caption=f"{CAPTION} : {guide.title}",
        columns=COLUMNS,
        rows=rows,
        date=timezone.localdate(),
        source=SOURCE,
        note=NOTE,
    )


MEASURES = {KEY: guide_downloads}
