"""Section 8 indicators computed from the published places, per department and for
the region, stored in ``PlaceIndicator`` after each change (import, curator's edit):

- places per 10,000 inhabitants (municipal population of the communes);
- the average distance from where people live to the nearest place: from each
  commune's representative point to the nearest published place (its own
  coordinates, else its commune's point), great-circle, weighted by the commune's
  population. Communes without a point or population do not count.

They are stored as the strategy's indicator values through ``strategy.measures``
(``refresh_indicator_values`` after each refresh).
"""

import logging
from dataclasses import dataclass, fields

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.formats import date_format

from observatories.models import Commune, Department, ImportRun, Region
from strategy.measures import Measure, Point
from strategy.services import refresh_indicator_values_after

from ..models import Place, PlaceIndicator

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
PER = 10_000

# Each commune's distance to the nearest published place (km), NULL with no place.
# communes x places distances: about 5 million for the region, done by PostgreSQL.
NEAREST_SQL = """
WITH places AS (
    SELECT DISTINCT
        coalesce(p.latitude, c.latitude) AS lat, coalesce(p.longitude, c.longitude) AS lon
    FROM directory_place p JOIN observatories_commune c ON c.code = p.commune_id
    WHERE p.state = 'published'
      AND coalesce(p.latitude, c.latitude) IS NOT NULL
      AND coalesce(p.longitude, c.longitude) IS NOT NULL
)
SELECT c.code, c.department_id, c.population, (
    SELECT min(2 * %(radius)s * asin(sqrt(
        power(sin(radians(p.lat - c.latitude) / 2), 2)
        + cos(radians(c.latitude)) * cos(radians(p.lat))
          * power(sin(radians(p.lon - c.longitude) / 2), 2)
    )))
    FROM places p
) AS km
FROM observatories_commune c
JOIN observatories_department d ON d.code = c.department_id
WHERE d.region_id = %(region)s AND c.latitude IS NOT NULL AND c.longitude IS NOT NULL
"""


@dataclass
class Totals:
    communes: int = 0
    population: int = 0
    places: int = 0
    measured: int = 0  # communes with a point, a population and a distance
    weighted_km: float = 0.0
    weights: int = 0

    def add_distance(self, population: int, km: float | None) -> None:
        if km is None or population <= 0:
            return
        self.measured += 1
        self.weighted_km += population * km
        self.weights += population

    def figures(self) -> dict:
        return {
            "communes": self.communes,
            "population": self.population,
            "places": self.places,
            "communes_measured": self.measured,
            "places_per_10k": PER * self.places / self.population if self.population else None,
            "mean_distance_km": self.weighted_km / self.weights if self.weights else None,
        }


def compute(region_code: str) -> tuple[dict[tuple[str, str], dict], dict]:
    """({(level, code): figures} for the region and each of its departments,
    {department code: name})."""
    departments = dict(Department.objects.filter(region_id=region_code).values_list("code", "name"))
    totals = {code: Totals() for code in departments}
    for department, count, population in (
        Commune.objects.filter(department__region_id=region_code)
        .values_list("department_id")
        .annotate(Count("code"), Sum("population"))
    ):
        totals[department].communes, totals[department].population = count, population or 0
    for department, count in (
        Place.objects.published()
        .filter(commune__department__region_id=region_code)
        .values_list("commune__department_id")
        .annotate(Count("pk"))
    ):
        totals[department].places = count
    with connection.cursor() as cursor:
        cursor.execute(NEAREST_SQL, {"radius": EARTH_RADIUS_KM, "region": region_code})
        for _code, department, population, km in cursor.fetchall():
            totals[department].add_distance(population, km)

    region = Totals()
    for item in totals.values():
        for field in fields(Totals):
            setattr(region, field.name, getattr(region, field.name) + getattr(item, field.name))
    figures = {(PlaceIndicator.Level.REGION, region_code): region.figures()}
    figures.update(
        {(PlaceIndicator.Level.DEPARTMENT, code): item.figures() for code, item in totals.items()}
    )
    return figures, departments


def refresh_place_indicators(run: ImportRun | None = None, region_code: str | None = None) -> None:
    """Recompute and store the indicators (in the caller's transaction, if any).

    ``run``: the import that changed the places (the pipeline's ``after_load``);
    without it, the latest import behind a published place.
    """
    region_code = region_code or settings.REGION_CODE
    figures, departments = compute(region_code)
    places = Place.objects.published()
    data_date = places.aggregate(latest=Max("updated_on"))["latest"]
    previous = PlaceIndicator.objects.aggregate(latest=Max("data_date"))["latest"]
    if previous and (data_date is None or data_date < previous):
        # The most recently updated places left (unpublished, gone from the file): the
        # figures changed today, not at an older date whose stored value they would
        # overwrite while the previous date's value stayed the strategy's latest.
        data_date = timezone.localdate()
    run_id = run.pk if run else places.aggregate(latest=Max("run"))["latest"]
    region = Region.objects.filter(code=region_code).values_list("name", flat=True).first()
    names = {
        PlaceIndicator.Level.REGION: {region_code: region or region_code},
        PlaceIndicator.Level.DEPARTMENT: departments,
    }
    with transaction.atomic():
        PlaceIndicator.objects.all().delete()
        PlaceIndicator.objects.bulk_create(
            PlaceIndicator(
                level=level,
                code=code,
                name=names[level][code],
                data_date=data_date,
                run_id=run_id,
                **values,
            )
            for (level, code), values in figures.items()
        )
        # The strategy's values of these indicators, dated by the places' latest update.
        refresh_indicator_values_after(keys=list(MEASURES))
    log.info("place indicators refreshed: %s territories, data of %s", len(figures), data_date)


def _source(row: PlaceIndicator) -> tuple[str, str]:
    run = row.run
    if run is None:
        return "Lieux de médiation numérique saisis par les curateurs du portail", ""
    return f"{run.source.publisher}, {run.source.name}", run.get_absolute_url()


def _measure(unit: str, field: str) -> Measure:
    """The stored figure ``field`` of the region and each department, as one point
    each dated by the latest update of a published place (1 query). The figures
    are recomputed in place: each refresh of the strategy's values keeps the
    previous date's points as history."""
    rows = [
        row
        for row in PlaceIndicator.objects.for_table().select_related("run__source")
        if row.data_date and getattr(row, field) is not None
    ]
    if not rows:
        return Measure(unit=unit, source="")
    source, source_url = _source(rows[0])
    return Measure(
        unit=unit,
        source=source,
        source_url=source_url,
        points=[
            Point(
                level=row.level,
                code=row.code,
                label=row.name,
                edition=row.data_date,
                period=date_format(row.data_date, "j F Y"),
                value=round(getattr(row, field), 3),
            )
            for row in rows
        ],
    )


def places_per_inhabitants() -> Measure:
    return _measure("lieux pour 10 000 habitants", "places_per_10k")


def mean_distance() -> Measure:
    return _measure("km", "mean_distance_km")


PER_INHABITANTS_NOTE = (
    "Lieux publiés sur ce portail pour 10 000 habitants (population municipale des communes)."
)
DISTANCE_NOTE = (
    "Distance à vol d'oiseau entre le point représentatif de chaque commune et le lieu "
    "publié le plus proche (dans la région), moyenne pondérée par la population municipale. "
    "Les lieux situés hors de la région ne sont pas comptés : la distance est surestimée "
    "près des limites régionales."
)

# Keys of strategy.measures, named by the ``measure`` of the indicators they fill.
MEASURES = {
    "lieux_mediation_distance": (mean_distance, DISTANCE_NOTE),
    "lieux_mediation_taux": (places_per_inhabitants, PER_INHABITANTS_NOTE),
}
