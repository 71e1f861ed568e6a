"""The wholesale offers page (/observatoire/operateurs/) and a network's page: public
initiative networks first, each with its operators and the link to each one's
offer; filters by text, department, commune, zone and market; the FttH zones the
observatory measured beside them; exports; what is withdrawn stays hidden; the
SQL count does not grow with the rows."""

import csv
import io

import pytest
from django.urls import reverse

from observatories.models import AreaFtthZone, CommuneFtth, Network, WholesaleOffer
from tests.conftest import h1_texts
from tests.observatories.factories import Q3, Q4, ftth_run
from tests.observatories.operators.factories import make_network, make_offer

pytestmark = pytest.mark.django_db

LIST = "observatories:operators"
M = WholesaleOffer.Market


@pytest.fixture
def networks(small_region):
    doubs = make_network(
        "RIP du Doubs", slug="rip-doubs", authority="Syndicat mixte Doubs THD", departments=["25"]
    )
    make_offer(doubs, "Délégataire Doubs", role="infrastructure", markets=[M.FTTH_PASSIVE])
    make_offer(doubs, "FAI Entreprises", role="fai", markets=[M.FTTO])
    cote_d_or = make_network("RIP de la Côte-d'Or", slug="rip-21", communes=["21060"])
    make_offer(cote_d_or, "Délégataire Côte-d'Or", role="infrastructure")
    private = make_network(
        "Zone privée de Dijon", slug="amii-dijon", zone="AMII", epcis=["242100410"]
    )
    make_offer(private, "Opérateur privé", role="infrastructure", markets=[M.FTTO])
    return {"doubs": doubs, "cote_d_or": cote_d_or, "private": private}


def names(response) -> list[str]:
    return [network.name for network in response.context["page"].object_list]


def test_public_initiative_networks_come_first_with_their_offers(client, networks):
    response = client.get(reverse(LIST))
    html = response.content.decode()
    assert h1_texts(html) == ["Réseaux et offres de gros"]
    assert names(response) == ["RIP de la Côte-d'Or", "RIP du Doubs", "Zone privée de Dijon"]
    offer = networks["doubs"].offers.get(operator="FAI Entreprises")
    assert f'<a href="{offer.url}" rel="external noopener">Offre de gros' in html
    assert "Syndicat mixte Doubs THD" in html and "FttO : fibre dédiée" in html
    # The network's own operator before the internet service providers.
    assert html.index("Délégataire Doubs") < html.index("FAI Entreprises")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"departement": "25"}, ["RIP du Doubs"]),
        # Côte-d'Or: a network by one of its communes, another by one of its EPCIs.
        ({"departement": "21"}, ["RIP de la Côte-d'Or", "Zone privée de Dijon"]),
        ({"commune": "21231"}, ["Zone privée de Dijon"]),  # by its EPCI
        ({"commune": "dijon"}, ["Zone privée de Dijon"]),
        ({"commune": "21019"}, ["RIP de la Côte-d'Or"]),  # a former code of Belleneuve
        ({"commune": "25056"}, ["RIP du Doubs"]),  # by its department
        ({"zone": "AMII"}, ["Zone privée de Dijon"]),
        ({"marche": "ftto"}, ["RIP du Doubs", "Zone privée de Dijon"]),
        ({"q": "doubs thd"}, ["RIP du Doubs"]),  # the public owner
        ({"q": "privé"}, ["Zone privée de Dijon"]),
        ({"q": "entreprises"}, ["RIP du Doubs"]),  # an operator's name
    ],
)
def test_filters(client, networks, params, expected):
    assert names(client.get(reverse(LIST), params)) == expected


def test_an_unknown_or_ambiguous_commune_is_refused_in_french(client, networks):
    from observatories.models import Commune

    Commune.objects.create(code="21656", name="Vaux", department_id="21")
    Commune.objects.create(code="25590", name="Vaux", department_id="25")
    for text in ("Atlantide", "Vaux", "99999"):
        response = client.get(reverse(LIST), {"commune": text})
        assert names(response) == []  # never the unfiltered list
        assert "ni le code INSEE ni le nom d&#x27;une commune" in response.content.decode()


def test_withdrawn_networks_and_offers_are_hidden_everywhere(client, networks):
    networks["private"].is_published = False
    networks["private"].save()
    make_offer(networks["doubs"], "Offre retirée", is_published=False)
    html = client.get(reverse(LIST)).content.decode()
    assert "Zone privée de Dijon" not in html and "Offre retirée" not in html
    assert client.get(networks["private"].get_absolute_url()).status_code == 404
    exported = client.get(reverse(LIST), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Opérateur privé" not in exported and "Offre retirée" not in exported
    assert names(client.get(reverse(LIST), {"q": "retirée"})) == []


def test_the_network_page_lists_every_commune_and_offer(client, networks):
    network = networks["cote_d_or"]
    response = client.get(network.get_absolute_url())
    html = response.content.decode()
    assert h1_texts(html) == ["RIP de la Côte-d&#x27;Or"]
    assert reverse("observatories:commune", args=["21060"]) in html
    assert "Délégataire Côte-d&#x27;Or" in html
    assert client.get(reverse("observatories:network", args=["inconnu"])).status_code == 404


def test_the_ftth_zones_measured_in_the_territory_shown(client, networks):
    run = ftth_run()
    for level, code, zone, communes, operators in (
        ("region", "27", "RIP", 1, "Délégataire Arcep"),
        ("region", "27", "AMII", 2, "Orange"),
        ("department", "25", "AMII", 1, "SFR"),
    ):
        AreaFtthZone.objects.create(
            level=level, code=code, run=run, edition=Q4, zone=zone, communes=communes,
            premises=1000, operators=operators,
        )  # fmt: skip
    CommuneFtth.objects.create(
        commune_id="21231", edition=Q3, premises=9, zone="RIP", operators="Ancien", run=run
    )
    CommuneFtth.objects.create(
        commune_id="21231", edition=Q4, premises=98_000, zone="AMII", operators="Orange", run=run
    )
    region = client.get(reverse(LIST)).context["zones"]
    assert (region.territory, region.edition_label) == ("Bourgogne-Franche-Comté", "T4 2025")
    assert [(row.zone, row.operators) for row in region.rows] == [
        ("AMII", "Orange"),
        ("RIP", "Délégataire Arcep"),
    ]
    doubs = client.get(reverse(LIST), {"departement": "25"}).context["zones"]
    assert [(row.zone, row.operators) for row in doubs.rows] == [("AMII", "SFR")]
    dijon = client.get(reverse(LIST), {"commune": "21231"})
    zones = dijon.context["zones"]
    assert zones.territory == "Dijon"
    assert [(row.label, row.premises) for row in zones.rows] == [
        ("Zone d'initiative privée (AMII)", 98_000)
    ]
    assert "Opérateurs d'infrastructure (Arcep)" in dijon.content.decode()
    # Nothing measured in Côte-d'Or: no table rather than an empty one.
    assert client.get(reverse(LIST), {"departement": "21"}).context["zones"] is None


def test_the_export_gives_one_line_per_offer_of_the_networks_listed(client, networks):
    response = client.get(reverse(LIST), {"departement": "25", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="offres-de-gros-scoran-bfc.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["réseau"], r["opérateur"], r["départements (codes INSEE)"]) for r in rows] == [
        ("RIP du Doubs", "Délégataire Doubs", "25"),
        ("RIP du Doubs", "FAI Entreprises", "25"),
    ]
    assert rows[0]["lien vers l'offre de gros"].startswith("https://offres.example.fr/")
    assert rows[0]["adresse de la page du réseau"].endswith("/observatoire/operateurs/rip-doubs/")
    xlsx = client.get(reverse(LIST), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_hostile_names_are_escaped_and_never_formulas(client, small_region):
    network = make_network(
        '=HYPERLINK("https://pirate.example","x")', authority="<script>alert(1)</script>"
    )
    make_offer(network, "@SUM(1+1)<img src=x onerror=alert(2)>", note="+33 6 00 00 00 00")
    html = client.get(reverse(LIST)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    exported = client.get(reverse(LIST), {"format": "csv"}).content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["réseau"].startswith("'=HYPERLINK")
    assert row["opérateur"].startswith("'@SUM")
    assert row["précision"] == "'+33 6 00 00 00 00"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "fibre\x00"},
        {"q": "x" * 5000},
        {"commune": "\x00"},
        {"commune": "<script>alert(1)</script>"},
        {"commune": "x" * 500},
        {"departement": "1 OR 1=1"},
        {"zone": "RIP'--"},
        {"marche": '=HYPERLINK("x")'},
        {"page": "-1"},
        {"format": "pdf"},
    ],
)
def test_hostile_filters_give_the_page_with_a_french_error(client, networks, params):
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("path", ["/observatoire/operateurs/%00/", "/observatoire/operateurs/x'/"])
def test_forged_network_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


def _grow(count: int, small_region) -> None:
    for number in range(count):
        network = make_network(
            f"Réseau {number}", departments=["21"], communes=["21231"], epcis=["242100410"]
        )
        for operator in range(3):
            make_offer(network, f"Opérateur {operator}")


@pytest.mark.parametrize("count", [1, 15])
def test_the_page_and_its_export_cost_the_same_whatever_the_rows(
    client, small_region, count, django_assert_num_queries
):
    _grow(count, small_region)
    # The department asked for, the measured zones, the count, the page with its
    # departments, EPCIs, communes and offers, and the department filter's choices.
    with django_assert_num_queries(9):
        client.get(reverse(LIST), {"departement": "21"})
    # The networks, their departments, EPCIs, communes and offers.
    with django_assert_num_queries(5):
        client.get(reverse(LIST), {"format": "csv"})
    url = Network.objects.first().get_absolute_url()
    # The network and its departments, EPCIs, communes and offers.
    with django_assert_num_queries(5):
        client.get(url)


def test_commune_and_department_pages_link_to_their_networks(client, small_region):
    operators = reverse(LIST)
    html = client.get(reverse("observatories:commune", args=["21231"])).content.decode()
    assert f'<a href="{operators}?commune=21231">Réseaux et offres de gros' in html
    html = client.get(reverse("observatories:department", args=["25"])).content.decode()
    assert f'<a href="{operators}?departement=25">Réseaux et offres de gros' in html
    html = client.get(reverse("observatories:epci", args=["242100410"])).content.decode()
    assert f'href="{operators}' not in html
