"""The directory's map: published organisations at their commune's representative
point, with the list's filters, in one query; the list stays the text equivalent."""

import pytest
from django.urls import reverse

from directory.models import Organisation
from strategy.models import Orientation
from tests.directory.factories import make_organisation
from tests.directory.places.test_places import complete_small_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(small_region):
    complete_small_region()
    return {
        "dijon": make_organisation(
            "Ville de Dijon",
            kind=Organisation.Kind.COMMUNE,
            commune_id="21231",
            themes=[Orientation.objects.get(number=3)],
        ),
        "doubs": make_organisation("Doubs Numérique", commune_id="25056"),
        "sans commune": make_organisation("Association itinérante"),
        "brouillon": make_organisation("Brouillon", commune_id="21231", is_published=False),
    }


def names(client, query=None) -> set[str]:
    collection = client.get(reverse("directory:geojson"), query or {}).json()
    assert collection["type"] == "FeatureCollection"
    return {feature["properties"]["nom"] for feature in collection["features"]}


def test_published_organisations_with_a_commune_are_placed_at_its_point(client, organisations):
    collection = client.get(reverse("directory:geojson")).json()
    features = {f["properties"]["nom"]: f for f in collection["features"]}
    assert set(features) == {"Ville de Dijon", "Doubs Numérique"}
    dijon = features["Ville de Dijon"]
    assert dijon["geometry"] == {"type": "Point", "coordinates": [5.0415, 47.322]}
    assert dijon["properties"] == {
        "nom": "Ville de Dijon",
        "lieu": "Commune, Dijon (Côte-d'Or)",
        "url": organisations["dijon"].get_absolute_url(),
        "approximatif": True,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "commune"}, {"Ville de Dijon"}),
        ({"departement": "25"}, {"Doubs Numérique"}),
        ({"orientation": "3"}, {"Ville de Dijon"}),
        ({"q": "numérique"}, {"Doubs Numérique"}),
        ({"departement": "99"}, set()),  # a wrong filter: nothing, as the list
    ],
)
def test_the_map_follows_the_lists_filters(client, organisations, query, expected):
    assert names(client, query) == expected


@pytest.mark.parametrize("count", [1, 20])
def test_the_map_costs_one_query(client, small_region, count, django_assert_num_queries):
    complete_small_region()
    for number in range(count):
        make_organisation(f"Structure {number}", commune_id="21231")
    with django_assert_num_queries(1):
        assert len(names(client)) == count


def test_the_list_page_holds_the_map_and_stays_its_text_equivalent(client, organisations, settings):
    html = client.get(reverse("directory:list"), {"kind": "commune"}).content.decode()
    assert '<h2 id="carte-titre">Carte des structures</h2>' in html
    assert f'data-geojson-url="{reverse("directory:geojson")}?kind=commune"' in html
    assert "La liste sous la carte donne les mêmes structures." in html
    assert 'data-tiles-url=""' in html  # no tiles unless configured
    assert "/static/directory/js/points-map." in html
    assert "/static/vendor/leaflet/leaflet." in html
    assert ">Ville de Dijon</a>" in html  # the list, server-rendered
    settings.OBSERVATORY_TILES_URL = "/tuiles/{z}/{x}/{y}.png"
    settings.OBSERVATORY_TILES_ATTRIBUTION = "© contributeurs"
    html = client.get(reverse("directory:list")).content.decode()
    assert 'data-tiles-url="/tuiles/{z}/{x}/{y}.png"' in html
    assert 'data-tiles-attribution="© contributeurs"' in html
