"""Points drawn by the directory's maps (places, organisations, projects): one GeoJSON
shape for the one map script (static/directory/js/points-map.js)."""

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
