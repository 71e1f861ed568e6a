"""Section 8 indicators computed from the published places, per department and for
the region, stored in ``PlaceIndicator`` after each change (import, curator's edit):

- places per 10,000 inhabitants (municipal population of the communes);
- the average distance from where people live to the nearest place: from each
  commune's representative point to the nearest published place (its own
  coordinates, else its commune's point), great-circle, weighted by the commune's
  population. Communes without a point or population do not count.

They are shown on the strategy's indicator page through ``strategy.measures``.
"""

import logging
from dataclasses import dataclass, fields

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Sum
from django.utils.formats import number_format

from observatories.models import Commune, Department, ImportRun, Region
from strategy.measures import Measure

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
    log.info("place indicators refreshed: %s territories, data of %s", len(figures), data_date)


def _number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _source(rows: list[PlaceIndicator]) -> tuple[str, str]:
    run = rows[0].run
    if run is None:
        return "Lieux de médiation numérique saisis par les curateurs du portail", ""
    return f"{run.source.publisher}, {run.source.name}", run.get_absolute_url()


def _measure(caption: str, columns: list[str], cells, note: str) -> Measure | None:
    rows = list(PlaceIndicator.objects.for_table().select_related("run__source"))
    if not rows:
        return None
    source, source_url = _source(rows)
    return Measure(
        caption=caption,
        columns=columns,
        rows=[[row.name, *cells(row)] for row in rows],
        date=rows[0].data_date,
        source=source,
        source_url=source_url,
        note=note,
    )


def places_per_inhabitants() -> Measure | None:
    return _measure(
        "Lieux de médiation numérique publiés pour 10 000 habitants",
        ["Territoire", "Lieux publiés", "Population municipale", "Lieux pour 10 000 habitants"],
        lambda row: [
            _number(row.places),
            _number(row.population),
            _number(row.places_per_10k, 2),
        ],
        "Lieux publiés sur ce portail rapportés à la population municipale des communes.",
    )


def mean_distance() -> Measure | None:
    return _measure(
        "Distance moyenne entre le lieu d'habitation et le lieu de médiation numérique "
        "le plus proche",
        [
            "Territoire",
            "Communes prises en compte",
            "Population municipale",
            "Distance moyenne (km)",
        ],
        lambda row: [
            f"{_number(row.communes_measured)} sur {_number(row.communes)}",
            _number(row.population),
            _number(row.mean_distance_km, 1),
        ],
        "Distance à vol d'oiseau entre le point représentatif de chaque commune et le lieu "
        "publié le plus proche (dans la région), moyenne pondérée par la population municipale. "
        "Les lieux situés hors de la région ne sont pas comptés : la distance est surestimée "
        "près des limites régionales.",
    )


# Keys of strategy.measures, named by the ``measure`` of the indicators they fill.
MEASURES = {
    "lieux_mediation_distance": mean_distance,
    "lieux_mediation_taux": places_per_inhabitants,
}
