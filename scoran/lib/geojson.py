"""Points drawn by the directory's maps (places, organisations, projects): one GeoJSON
shape for the one map script (static/directory/js/points-map.js); the area of a
commune's outline, which weighs its share of surface in a territory's sums; and how
far a point lies from an outline, which tells whether a point typed for a commune is
in it."""

import math
from itertools import pairwise

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
    square_metres = sum(
        _ring_area(rings[0]) - sum(_ring_area(hole) for hole in rings[1:])
        for rings in _polygons(geometry)
        if rings
    )
    return square_metres / 1_000_000


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"not a Polygon or MultiPolygon: {geometry['type']!r}")


def _inside(ring: list, x: float, y: float) -> bool:
    """Whether (x, y) lies inside the closed ring (ray casting, even-odd rule)."""
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _segment_distance(x: float, y: float, a: list, b: list, kx: float, ky: float) -> float:
    """Distance (km) from (x, y) to the segment ab, degrees scaled by ``kx``, ``ky``
    (km per degree of longitude and of latitude around the point)."""
    ax, ay = (a[0] - x) * kx, (a[1] - y) * ky
    bx, by = (b[0] - x) * kx, (b[1] - y) * ky
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy)


def distance_km(geometry: dict, latitude: float, longitude: float) -> float:
    """How far (km) the point lies from a GeoJSON Polygon or MultiPolygon in WGS84: 0
    inside it (in an outer ring and in none of its holes), else the distance to its
    nearest edge, on a plane tangent at the point (exact enough within tens of
    kilometres). Raises ``ValueError``, ``KeyError``, ``TypeError`` or ``IndexError``
    on a geometry of another shape."""
    polygons = _polygons(geometry)
    for rings in polygons:
        if (
            rings
            and _inside(rings[0], longitude, latitude)
            and not any(_inside(hole, longitude, latitude) for hole in rings[1:])
        ):
            return 0.0
    ky = math.pi * EARTH_RADIUS_M / 180 / 1000
    kx = ky * math.cos(math.radians(latitude))
    return min(
        (
            _segment_distance(longitude, latitude, a, b, kx, ky)
            for rings in polygons
            for ring in rings
            for a, b in pairwise(ring)
        ),
        default=math.inf,
    )
