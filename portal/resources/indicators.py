"""The section 8 indicator « nombre de téléchargements en ligne du guide
méthodologie sur la mise en place de démarches Territoires intelligents », computed
from the stored monthly downloads of the resource curators designate as that guide
(``counting.territory_guide``): one point per year for the region, stored as the
strategy's indicator values through ``strategy.measures`` (the year still running
is dated of the day and re-dated at each refresh)."""

import datetime

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from observatories.models import Region
from strategy.measures import Measure, Point
from strategy.models import TerritoryLevel

from ..models import ResourceDownloadMonth
from .counting import territory_guide

KEY = "telechargements_guide_territoires"
UNIT = "téléchargements"
SOURCE = "Téléchargements comptés par ce portail"
NOTE = (
    "Téléchargements du guide désigné par l'équipe du portail, par année civile ; chaque "
    "visiteur compte au plus une fois par jour, quel que soit le fichier ou la version "
    "téléchargés ; les robots ne sont pas comptés."
)


def guide_downloads() -> Measure:
    """Downloads of the guide per year, for the region (3 queries); without a
    designated guide (1 query), no point."""
    guide = territory_guide()
    if guide is None:
        return Measure(unit=UNIT, source=SOURCE)
    years = list(
        ResourceDownloadMonth.objects.filter(resource=guide)
        .annotate(year=ExtractYear("month"))
        .values_list("year")
        .annotate(total=Sum("count"))
        .order_by("year")
    )
    region = Region.objects.filter(code=settings.REGION_CODE).values_list("name", flat=True)
    label = region.first() or "Région"
    today = timezone.localdate()
    return Measure(
        unit=UNIT,
        source=f"{SOURCE} ({guide.title})",
        source_url=guide.get_absolute_url(),
        points=[
            Point(
                level=TerritoryLevel.REGION,
                code=settings.REGION_CODE,
                label=label,
                edition=min(datetime.date(year, 12, 31), today),
                period=str(year),
                value=total,
            )
            for year, total in years
        ],
    )


MEASURES = {KEY: (guide_downloads, NOTE)}
