"""Territory search by containment: a commune sees the aides of its EPCI, its
department, its region and the national ones, never another department's; a
territory is typed by code or name; a wrong one gives a French message."""

from html import unescape

import pytest
from django.urls import reverse

from observatories.models import Commune, Department
from portal.funding.services import refresh_territory_keys
from portal.models import Funding
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(small_region):
    return {
        "national": make_funding("Nationale", is_national=True),
        "region": make_funding("Régionale", regions=["27"]),
        "cote-d-or": make_funding("Côte-d'Or", departments=["21"]),
        "doubs": make_funding("Doubs", departments=["25"]),
        "metropole": make_funding("Métropole", epcis=["242100410"]),
        "dijon": make_funding("Dijon seule", communes=["21231"]),
        "besancon": make_funding("Besançon seule", communes=["25056"]),
    }


def listed(client, **query) -> set[str]:
    response = client.get(reverse("funding:list"), query)
    assert response.status_code == 200
    names = {f.name for f in Funding.objects.all()}
    html = unescape(response.content.decode())
    return {name for name in names if f">{name}</a>" in html}


def test_the_territory_keys_name_every_level(spread):
    spread["dijon"].regions.set(["27"])
    spread["dijon"].is_national = True
    spread["dijon"].save()
    assert refresh_territory_keys(funding=spread["dijon"]) == ["C21231", "FR", "R27"]
    assert spread["metropole"].territory_keys == ["E242100410"]


def test_a_commune_sees_its_epci_department_region_and_national_aides(client, spread):
    expected = {"Nationale", "Régionale", "Côte-d'Or", "Métropole", "Dijon seule"}
    assert listed(client, territoire="21231") == expected
    assert listed(client, territoire="Dijon") == expected
    assert listed(client, territoire="dijon") == expected


def test_a_commune_outside_the_epci_does_not_see_it(client, spread):
    assert listed(client, territoire="21060") == {"Nationale", "Régionale", "Côte-d'Or"}
    assert listed(client, territoire="25056") == {
        "Nationale", "Régionale", "Doubs", "Besançon seule",
    }  # fmt: skip


def test_a_department_and_an_epci_see_what_covers_them(client, spread):
    assert listed(client, territoire="21") == {"Nationale", "Régionale", "Côte-d'Or"}
    assert listed(client, territoire="Doubs") == {"Nationale", "Régionale", "Doubs"}
    assert listed(client, territoire="242100410") == {
        "Nationale", "Régionale", "Côte-d'Or", "Métropole",
    }  # fmt: skip


@pytest.mark.parametrize("typed", ["99999", "Atlantide", "2A004", "<script>", "21231' OR 1=1"])
def test_an_unknown_territory_gives_a_french_message_and_no_aide(client, spread, typed):
    response = client.get(reverse("funding:list"), {"territoire": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ni le nom d&#x27;un territoire de la région" in html
    assert "<script>" not in html.split("<main", 1)[-1]
    assert listed(client, territoire=typed) == set()


def test_a_name_shared_by_two_communes_asks_for_the_code(client, spread):
    Commune.objects.create(code="25999", name="Dijon", department=Department.objects.get(code="25"))
    assert listed(client, territoire="Dijon") == set()
    assert len(listed(client, territoire="21231")) == 5
