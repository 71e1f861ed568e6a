"""Points drawn by the directory's maps (places, organisations, projects): one GeoJSON
shape for the one map script (static/directory/js/points-map.js); and the area of a
commune's outline, which weighs its share of surface in a territory's sums."""

import math

from django.http import JsonResponse


def point(latitude, longitude, *, name: str, where: str, url: str, approximate: bool):
    """A GeoJSON point with what the map's popup says, or None without coordinates."""
    if latitude is None or longitude is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {"nom": name, "lieu": where, "url": url, "approximatif": approximate},
    }


def points_response(features) -> JsonResponse:
    """The points that have coordinates, as a FeatureCollection."""
    return JsonResponse(
        {"type": "FeatureCollection", "features": [f for f in features if f is not None]}
    )


EARTH_RADIUS_M = 6378137.0  # WGS84 semi-major axis, as GeoJSON tools take it


def _ring_area(ring: list) -> float:
    """Area (m²) of a closed ring of [longitude, latitude] on the sphere (Chamberlain
    and Duquette, 2007: what Turf and OpenLayers compute), whatever its direction."""
    count = len(ring)
    if count < 4:
        return 0.0
    total = 0.0
    for index in range(count):
        west, middle, east = ring[index], ring[(index + 1) % count], ring[(index + 2) % count]
        total += (math.radians(east[0]) - math.radians(west[0])) * math.sin(math.radians(middle[1]))
    return abs(total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2)


def area_km2(geometry: dict) -> float:
    """Area (km²) of a GeoJSON Polygon or MultiPolygon in WGS84: outer rings less
    their holes."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    square_metres = sum(
        _ring_area(rings[0]) - sum(_ring_area(hole) for hole in rings[1:])
        for rings in polygons
        if rings
    )
    return square_metres / 1_000_000
