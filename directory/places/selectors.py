"""What other apps may read about places (their sitemap lists them in sitemap.xml)."""

from django.db.models import FloatField, Value
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt
from django.urls import reverse

from observatories.referential.sections import Scope

from ..models import Place
from .indicators import EARTH_RADIUS_KM

NEAREST_PLACES = 5
TERRITORY_PLACES = 10


def published_place_addresses() -> list[dict]:
    """{"url", "updated_on"} of every published place, in one query."""
    # One reverse() for all: the addresses differ only by id and slug.
    pattern = reverse("places:detail", kwargs={"pk": 0, "slug": "x"})
    return [
        {"url": pattern.replace("/0-x/", f"/{pk}-{slug}/"), "updated_on": updated_on}
        for pk, slug, updated_on in Place.objects.published()
        .order_by("pk")
        .values_list("pk", "slug", "updated_on")
    ]


def organisation_places(organisation):
    """The published places an organisation runs: those whose SIRET (the standard's
    ``pivot``) belongs to its SIREN (1 query; none without a SIREN)."""
    if not organisation.siren:
        return Place.objects.none()
    return (
        Place.objects.published()
        .filter(pivot__startswith=organisation.siren)
        .select_related("commune")
        .order_by("name", "pk")
    )


def _distance_km(latitude: float, longitude: float):
    """Great-circle distance (haversine, km) from a point to a place's own position,
    else its commune's point."""
    lat = Coalesce("latitude", "commune__latitude")
    lon = Coalesce("longitude", "commune__longitude")
    here = Value(latitude, output_field=FloatField())
    half_lat = Radians(lat - here) / 2
    half_lon = Radians(lon - Value(longitude, output_field=FloatField())) / 2
    chord = Power(Sin(half_lat), 2) + Cos(Radians(here)) * Cos(Radians(lat)) * Power(
        Sin(half_lon), 2
    )
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(chord))


def territory_places(scope: Scope) -> list[Place]:
    """For a commune with a point: the nearest published places, wherever they are,
    with ``distance_km`` from the commune's point; for a larger territory (or a
    commune without a point): its published places, by name, ``distance_km`` None
    (1 query)."""
    places = Place.objects.published().select_related("commune")
    if scope.is_commune and scope.latitude is not None and scope.longitude is not None:
        return list(
            places.exclude(latitude__isnull=True, commune__latitude__isnull=True)
            .annotate(distance_km=_distance_km(scope.latitude, scope.longitude))
            .order_by("distance_km", "name", "pk")[:NEAREST_PLACES]
        )
    return list(
        places.filter(scope.communes())
        .annotate(distance_km=Value(None, output_field=FloatField()))
        .order_by("name", "pk")[:TERRITORY_PLACES]
    )
