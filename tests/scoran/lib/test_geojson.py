"""The area of an outline, which weighs a commune's share of surface in the sums of
its territories."""

import pytest

from scoran.lib.geojson import area_km2


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
