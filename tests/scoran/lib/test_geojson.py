"""The area of an outline, which weighs a commune's share of surface in the sums of
its territories; how far a point lies from an outline, which tells whether a point
typed for a commune is in it."""

import math

import pytest

from scoran.lib.geojson import area_km2, distance_km


def square(lon, lat, side):
    return [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]


def test_a_square_of_a_tenth_of_a_degree_near_dijon_covers_about_84_km2():
    # 0.1° of latitude is 11.1 km; 0.1° of longitude at 47.3° N, 7.5 km.
    area = area_km2({"type": "Polygon", "coordinates": [square(5.0, 47.3, 0.1)]})
    assert area == pytest.approx(84.0, abs=0.2)


def test_the_direction_of_a_ring_does_not_change_its_area():
    ring = square(5.0, 47.3, 0.1)
    assert area_km2({"type": "Polygon", "coordinates": [ring[::-1]]}) == pytest.approx(
        area_km2({"type": "Polygon", "coordinates": [ring]})
    )


def test_holes_are_taken_out_and_the_parts_of_a_multipolygon_added():
    outer, hole = square(5.0, 47.3, 0.1), square(5.02, 47.32, 0.05)
    whole = area_km2({"type": "Polygon", "coordinates": [outer]})
    holed = area_km2({"type": "Polygon", "coordinates": [outer, hole]})
    assert holed == pytest.approx(whole * 0.75, rel=0.01)
    two = area_km2({"type": "MultiPolygon", "coordinates": [[outer, hole], [square(6, 47, 0.1)]]})
    assert two == pytest.approx(
        holed + area_km2({"type": "Polygon", "coordinates": [square(6, 47, 0.1)]})
    )


def test_a_degenerate_ring_has_no_area():
    assert area_km2({"type": "MultiPolygon", "coordinates": [[[[5, 47], [5, 47]]], []]}) == 0


# ---------- How far a point lies from an outline ----------

# A tenth of a degree near Dijon: 11.1 km of latitude, 7.5 km of longitude.
OUTER, HOLE = square(5.0, 47.3, 0.1), square(5.02, 47.32, 0.05)


@pytest.mark.parametrize("ring", [OUTER, OUTER[::-1]])
def test_a_point_inside_an_outline_is_at_no_distance(ring):
    assert distance_km({"type": "Polygon", "coordinates": [ring]}, 47.35, 5.05) == 0


@pytest.mark.parametrize(
    ("latitude", "longitude", "km"),
    [
        (47.35, 5.11, 0.754),  # 0.01° east of the east edge: 0.01 * 111.32 * cos(47.35°)
        (47.41, 5.05, 1.113),  # 0.01° north of the north edge
        (47.41, 5.11, math.hypot(0.754, 1.113)),  # beyond the north-east corner
        (47.35, 4.0, 75.4),  # far west
    ],
)
def test_a_point_outside_is_as_far_as_the_nearest_edge(latitude, longitude, km):
    geometry = {"type": "MultiPolygon", "coordinates": [[OUTER]]}
    assert distance_km(geometry, latitude, longitude) == pytest.approx(km, rel=0.01)


def test_a_point_in_a_hole_is_outside_and_a_second_part_counts():
    holed = {"type": "MultiPolygon", "coordinates": [[OUTER, HOLE], [square(6, 47, 0.1)]]}
    # The hole's centre is 0.025° from its edges: 1.9 km east-west, 2.8 km north-south.
    assert distance_km(holed, 47.345, 5.045) == pytest.approx(0.025 * 111.32 * 0.677, rel=0.01)
    assert distance_km(holed, 47.05, 6.05) == 0  # in the second polygon


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [5, 47]},
        {"type": "MultiPolygon"},
        {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2]]]},
        {"type": "Polygon", "coordinates": [[[5, 47], [6]]]},
    ],
)
def test_a_geometry_of_another_shape_raises(geometry):
    with pytest.raises((ValueError, KeyError, TypeError, IndexError)):
        distance_km(geometry, 47.3, 5.0)


def test_an_outline_without_edges_is_infinitely_far():
    assert distance_km({"type": "MultiPolygon", "coordinates": [[]]}, 47.3, 5.0) == math.inf
