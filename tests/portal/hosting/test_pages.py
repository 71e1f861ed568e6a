"""The data centres and hosting offers (/observatoire/hebergement/): the list as a
table with its filters, the map of the same rows (GeoJSON, no tiles unless
configured), the exports, a page per row; withdrawn rows and unpublished operators
stay hidden; the SQL count does not grow with the rows; hostile input is escaped,
refused or neutralised."""

import csv
import io

import pytest
from django.urls import reverse

from observatories.models import Commune
from portal.models import DataCentre
from tests.conftest import h1_texts
from tests.directory.factories import make_organisation
from tests.portal.hosting.factories import make_data_centre

pytestmark = pytest.mark.django_db

LIST = "hosting:list"
SV, C = DataCentre.Service, DataCentre.Certification


@pytest.fixture
def centres(small_region):
    Commune.objects.filter(code="21231").update(latitude=47.32, longitude=5.04)
    Commune.objects.filter(code="25056").update(latitude=47.24, longitude=6.02)
    syndicate = make_organisation("Syndicat numérique", slug="syndicat")
    return {
        "public": make_data_centre(
            "Centre public de Dijon",
            slug="public-dijon",
            operator_name="Syndicat numérique",
            operator=syndicate,
            sector="public",
            latitude=47.3,
            longitude=5.05,
            services=[SV.COLOCATION, SV.HOSTING],
            certifications=[C.ISO_27001],
            tier=3,
        ),
        "cloud": make_data_centre(
            "Cloud comtois",
            slug="cloud-comtois",
            kind="offre",
            operator_name="Hébergeur comtois",
            commune_id="25056",
            services=[SV.CLOUD],
            certifications=[C.SECNUMCLOUD, C.HDS],
            url="https://cloud.example.fr/",
        ),
        "small": make_data_centre("Petite salle", slug="petite-salle", commune_id="21060", tier=1),
    }


def listed(response) -> list[str]:
    return [centre.name for centre in response.context["page"].object_list]


def test_the_list_is_a_table_beside_its_map(client, centres, settings):
    response = client.get(reverse(LIST))
    html = response.content.decode()
    assert h1_texts(html) == ["Centres de données et hébergement"]
    assert listed(response) == ["Centre public de Dijon", "Cloud comtois", "Petite salle"]
    assert '<caption id="tableau-hebergement">' in html
    assert "SecNumCloud (ANSSI), HDS (données de santé)" in html
    assert "ISO 27001, Tier III" in html
    assert f'href="{centres["public"].get_absolute_url()}"' in html
    assert 'href="https://cloud.example.fr/" rel="external noopener"' in html
    # The operator is linked to its directory page while it is published.
    assert f'<a href="{centres["public"].operator.get_absolute_url()}">' in html
    # The map: the same filters, vendored scripts, no tiles unless configured.
    assert f'data-geojson-url="{reverse("hosting:geojson")}"' in html
    assert 'data-tiles-url=""' in html and "/static/directory/js/points-map." in html
    settings.OBSERVATORY_TILES_URL = "/tuiles/{z}/{x}/{y}.png"
    html = client.get(reverse(LIST), {"service": "cloud"}).content.decode()
    assert 'data-tiles-url="/tuiles/{z}/{x}/{y}.png"' in html
    assert f'data-geojson-url="{reverse("hosting:geojson")}?service=cloud"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"departement": "25"}, ["Cloud comtois"]),
        ({"nature": "offre"}, ["Cloud comtois"]),
        ({"service": "hebergement"}, ["Centre public de Dijon"]),
        ({"certification": "hds"}, ["Cloud comtois"]),
        ({"tier": "3"}, ["Centre public de Dijon"]),
        ({"tier": "1"}, ["Centre public de Dijon", "Petite salle"]),
        ({"secteur": "public"}, ["Centre public de Dijon"]),
        ({"q": "comtois"}, ["Cloud comtois"]),  # the operator's name
        ({"q": "belleneuve"}, ["Petite salle"]),  # the commune's
        ({"secteur": "prive", "departement": "21"}, ["Petite salle"]),
    ],
)
def test_filters_apply_to_the_list_and_the_map(client, centres, params, expected):
    assert listed(client.get(reverse(LIST), params)) == expected
    points = client.get(reverse("hosting:geojson"), params).json()["features"]
    # Belleneuve has no point in this referential: the small room is not drawn.
    assert [f["properties"]["nom"] for f in points] == [n for n in expected if n != "Petite salle"]


def test_the_map_draws_each_row_at_its_point_or_its_communes(client, centres):
    features = client.get(reverse("hosting:geojson")).json()["features"]
    assert [(f["geometry"]["coordinates"], f["properties"]["approximatif"]) for f in features] == [
        ([5.05, 47.3], False),
        ([6.02, 47.24], True),  # Besançon's point
    ]
    assert features[0]["properties"]["url"] == centres["public"].get_absolute_url()
    assert features[0]["properties"]["lieu"] == "Dijon – Syndicat numérique"


def test_a_data_centres_page(client, centres):
    centre = centres["public"]
    html = client.get(centre.get_absolute_url()).content.decode()
    assert h1_texts(html) == ["Centre public de Dijon"]
    assert "Colocation (baies, salles), Hébergement (serveurs, infogérance)" in html
    assert reverse("observatories:commune", args=["21231"]) in html
    assert reverse("reports:report", kwargs={"kind": "hebergement", "key": centre.pk}) in html
    assert client.get(reverse("hosting:detail", args=["inconnu"])).status_code == 404


def test_withdrawn_rows_and_unpublished_operators_stay_hidden(client, centres):
    centres["small"].is_published = False
    centres["small"].save()
    operator = centres["public"].operator
    operator.state = "draft"
    operator.save()
    html = client.get(reverse(LIST)).content.decode()
    assert "Petite salle" not in html
    assert operator.get_absolute_url() not in html  # named, not linked
    assert "Syndicat numérique" in html
    assert client.get(centres["small"].get_absolute_url()).status_code == 404
    names = [
        f["properties"]["nom"] for f in client.get(reverse("hosting:geojson")).json()["features"]
    ]
    assert "Petite salle" not in names
    exported = client.get(reverse(LIST), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Petite salle" not in exported
    assert (
        operator.get_absolute_url()
        not in client.get(centres["public"].get_absolute_url()).content.decode()
    )


def test_the_export_is_the_list_as_shown(client, centres):
    response = client.get(reverse(LIST), {"certification": "hds", "format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="centres-de-donnees-scoran-bfc.csv"'
    )
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (row["nom"], row["nature"], row["public ou privé"]) == (
        "Cloud comtois",
        "Offre d'hébergement",
        "Privé",
    )
    assert (row["code INSEE de la commune"], row["département"]) == ("25056", "Doubs")
    assert row["certifications"] == "SecNumCloud (ANSSI), HDS (données de santé)"
    assert row["adresse de la page"].endswith("/observatoire/hebergement/cloud-comtois/")
    assert client.get(reverse(LIST), {"format": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_hostile_names_are_escaped_and_never_formulas(client, small_region):
    make_data_centre(
        "<script>alert(1)</script>",
        operator_name='=HYPERLINK("https://pirate.example","clic")',
        address="@SUM(1+1)",
    )
    html = client.get(reverse(LIST)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    feature = client.get(reverse("hosting:geojson")).json()
    assert feature["features"] == []  # Dijon has no point here: nothing to draw
    (row,) = csv.DictReader(
        io.StringIO(client.get(reverse(LIST), {"format": "csv"}).content.decode("utf-8-sig"))
    )
    assert row["exploitant"].startswith("'=HYPERLINK")
    assert row["adresse"] == "'@SUM(1+1)"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x\x00"},
        {"q": "x" * 5000},
        {"departement": "1 OR 1=1"},
        {"tier": "9"},
        {"tier": "-1"},
        {"service": "<script>alert(1)</script>"},
        {"certification": '=HYPERLINK("x")'},
        {"page": "999"},
    ],
)
def test_hostile_filters_give_no_rows_and_no_error(client, centres, params):
    for name in (LIST, "hosting:geojson"):
        response = client.get(reverse(name), params)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    if "page" not in params:
        assert listed(client.get(reverse(LIST), params)) == []
        assert client.get(reverse("hosting:geojson"), params).json()["features"] == []


@pytest.mark.parametrize(
    "path", ["/observatoire/hebergement/%00/", "/observatoire/hebergement/a'/"]
)
def test_forged_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_the_pages_cost_the_same_whatever_the_rows(
    client, small_region, count, django_assert_num_queries
):
    operator = make_organisation("Exploitant")
    for number in range(count):
        make_data_centre(f"Centre {number}", operator=operator, commune_id="25056")
    # Count, the page's rows with their commune, department and operator, the
    # department filter's choices.
    with django_assert_num_queries(3):
        client.get(reverse(LIST))
    with django_assert_num_queries(1):
        client.get(reverse("hosting:geojson"))
    with django_assert_num_queries(1):
        client.get(reverse(LIST), {"format": "csv"})
    url = DataCentre.objects.first().get_absolute_url()
    with django_assert_num_queries(1):
        client.get(url)
