"""The FttH coverage map: the coverage of each commune, its GeoJSON, the page that
stands without JavaScript, and the tile setting that is off by default."""

import datetime
import gzip
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from observatories.caching import bump_data_version
from observatories.ftth import maps
from observatories.models import Commune, CommuneFtth, FtthDeployment
from tests.conftest import h1_texts
from tests.observatories.factories import Q4, ftth_run
from tests.scoran.test_security import directives, read_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

MAP = reverse("observatories:map")
GEOJSON = reverse("observatories:map_geojson")


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """The map is cached per import, and tests with no import share version "0": each
    test gets an empty cache of its own (clearing the shared Redis would also clear
    the Celery broker)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def test_coverage_is_connectable_premises_of_the_latest_quarter_over_the_latest_estimate(
    ftth_deployed, django_assert_num_queries
):
    with django_assert_num_queries(2):
        coverage = maps.ftth_coverage()
        assert coverage.run == ftth_deployed
        assert coverage.run.source.publisher == "Arcep"  # loaded with its source
    assert coverage.quarter == Q4
    assert coverage.quarter_label == "T4 2025"
    assert set(coverage.communes) == {"21231", "25056"}  # Belleneuve: nothing at Q4
    dijon = coverage.communes["21231"]
    assert dijon.coverage == pytest.approx(100 * 90_000 / 98_000)
    assert (dijon.connectable, dijon.premises, dijon.zone, dijon.run) == (
        90_000,
        98_000,
        "AMII",
        ftth_deployed,
    )
    assert coverage.communes["25056"].coverage == pytest.approx(102.5)


def test_a_commune_without_premises_or_profile_has_no_coverage(ftth_deployed):
    run = ftth_run("T4 2025 bis")
    CommuneFtth.objects.filter(commune_id="25056").update(premises=0)
    FtthDeployment.objects.create(commune_id="21060", quarter=Q4, connectable=10, run=run)
    CommuneFtth.objects.filter(commune_id="21060").delete()
    coverage = maps.ftth_coverage()
    assert coverage.communes["25056"].coverage is None
    assert coverage.communes["21060"].coverage is None
    assert coverage.run == run  # the most recent import behind the figures


def test_the_coverage_costs_the_same_queries_for_many_communes_and_quarters(
    ftth_deployed, django_assert_num_queries
):
    runs = [ftth_run(f"run {n}") for n in range(3)]
    for number in range(40):
        code = f"39{number:03d}"
        Commune.objects.create(code=code, name=f"Commune {number}", department_id="25")
        CommuneFtth.objects.create(
            commune_id=code, edition=Q4, premises=100, zone="RIP", run=runs[0]
        )
        for month in (3, 6, 9, 12):
            quarter = datetime.date(2025, month, 30 if month in (6, 9) else 31)
            FtthDeployment.objects.create(
                commune_id=code, quarter=quarter, connectable=month * 5, run=runs[number % 3]
            )
    with django_assert_num_queries(2):
        coverage = maps.ftth_coverage()
    assert len(coverage.communes) == 42
    assert coverage.communes["39007"].coverage == pytest.approx(60.0)


def test_with_nothing_imported_the_coverage_is_empty_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        coverage = maps.ftth_coverage()
    assert (coverage.quarter, coverage.communes, coverage.run) == (None, {}, None)


@pytest.mark.parametrize(
    ("value", "key"),
    [(0, "0"), (24.99, "0"), (25, "1"), (79.9, "2"), (80, "3"), (99.99, "3"), (100, "4"),
     (131, "4"), (None, "none")],
)  # fmt: skip
def test_each_coverage_falls_in_one_class(value, key):
    assert maps.coverage_class(value).key == key


def geojson(client, **headers):
    response = client.get(GEOJSON, headers=headers)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, (json.loads(body) if body else None)


def test_the_geojson_holds_each_outlined_commune_with_its_coverage_class_and_page(
    client, commune_outlines, ftth_deployed, django_assert_num_queries
):
    with django_assert_num_queries(4):  # version, then coverage (2) and outlines, once
        response, collection = geojson(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert collection["type"] == "FeatureCollection"
    assert collection["trimestre"] == "2025-12-31"
    properties = {f["properties"]["code"]: f["properties"] for f in collection["features"]}
    assert properties["21231"] == {
        "code": "21231",
        "nom": "Dijon",
        "taux": 91.8,
        "classe": "3",
        "url": "/observatoire/communes/21231/",
    }
    assert properties["25056"]["classe"] == "4"
    assert properties["21060"]["taux"] is None and properties["21060"]["classe"] == "none"
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "MultiPolygon"

    # Built once per import: the next reader costs one query, a revalidation too.
    with django_assert_num_queries(1):
        again, same = geojson(client)
    assert same == collection
    assert response["ETag"] == again["ETag"]
    assert response["Cache-Control"] == "public, max-age=300"
    with django_assert_num_queries(1):
        revalidated = client.get(GEOJSON, headers={"if-none-match": response["ETag"]})
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == response["ETag"]


def test_the_geojson_travels_gzipped_to_browsers_that_accept_it(
    client, commune_outlines, ftth_deployed
):
    response, collection = geojson(client, accept_encoding="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(collection["features"]) == 3


def test_a_new_import_gives_a_new_map(client, commune_outlines, ftth_deployed):
    before, _ = geojson(client)
    run = ftth_run("T1 2026")
    CommuneFtth.objects.create(
        commune_id="21060", edition=datetime.date(2026, 3, 31), premises=800, zone="RIP", run=run
    )
    for code, connectable in (("21060", 100), ("21231", 95_000)):
        FtthDeployment.objects.create(
            commune_id=code, quarter=datetime.date(2026, 3, 31), connectable=connectable, run=run
        )
    after, collection = geojson(client, if_none_match=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert collection["trimestre"] == "2026-03-31"
    classes = {f["properties"]["code"]: f["properties"]["classe"] for f in collection["features"]}
    assert classes == {"21060": "0", "21231": "3", "25056": "none"}


def test_the_geojson_without_any_figure_draws_every_commune_as_no_data(client, commune_outlines):
    response, collection = geojson(client)
    assert response.status_code == 200
    assert collection["trimestre"] is None
    assert {f["properties"]["classe"] for f in collection["features"]} == {"none"}


def test_the_geojson_without_outlines_is_an_empty_collection(client):
    _, collection = geojson(client)
    assert collection == {"type": "FeatureCollection", "trimestre": None, "features": []}


def test_the_page_gives_legend_counts_source_and_table_without_javascript(
    client, ftth_deployed, django_assert_num_queries
):
    assert MAP == "/observatoire/carte/"
    with django_assert_num_queries(3):  # coverage (2), communes of the referential
        response = client.get(MAP)
    html = response.content.decode()
    assert h1_texts(html) == ["Couverture FttH des communes"]
    assert "à la fin du trimestre T4 2025" in html
    table = reverse("observatories:commune_table") + "?order=part_ftth"
    assert f'<a href="{table}">Voir les mêmes données en tableau' in html
    legend = html.split('id="tableau-classes"', 1)[1].split("</table>", 1)[0]
    counts = dict(
        re.findall(
            r'class="ftth-label">([^<]+)</span>(?: \(<a href="#ftth-a-verifier">à vérifier</a>\))?'
            r'</th>\s*<td class="num">(\d+)<',
            legend,
        )
    )
    assert counts == {
        "moins de 25 %": "0",
        "de 25 à moins de 50 %": "0",
        "de 50 à moins de 80 %": "0",
        "de 80 à moins de 100 %": "1",  # Dijon
        "100 % ou plus": "1",  # Besançon
        "pas de donnée": "1",  # Belleneuve
    }
    assert "33,3 %" in legend  # one commune in three
    assert "Source : Arcep, Arcep – déploiements FttH par commune, T4 2025" in html
    assert f'href="{ftth_deployed.get_absolute_url()}"' in html
    assert "<noscript>" in html and "La carte demande JavaScript" in html
    # The map is only an enhancement: revealed by its script, fed by the GeoJSON.
    assert f'data-geojson-url="{GEOJSON}"' in html
    assert 'id="carte-interactive" class="map-panel" hidden' in html
    assert "observatories/js/ftth-map" in html and "vendor/leaflet/leaflet" in html


def test_the_page_says_when_no_ftth_figure_was_imported(client):
    html = client.get(MAP).content.decode()
    assert "Aucune donnée de déploiement FttH n'a encore été importée." in html
    assert 'id="carte"' not in html and "ftth-map" not in html
    assert "stat__source" not in html  # no source line without figures


def test_the_map_is_linked_from_the_observatory_and_listed_in_the_sitemap(client):
    assert f'href="{MAP}"' in client.get(reverse("observatories:home")).content.decode()
    assert f"http://testserver{MAP}</loc>" in client.get(reverse("sitemap")).content.decode()


def test_without_a_tile_server_the_map_asks_for_no_foreign_image(client, ftth_deployed):
    response = client.get(MAP, secure=True)
    assert 'data-tiles-url=""' in response.content.decode()
    assert directives(response["Content-Security-Policy"])["img-src"] == ["'self'", "data:"]


def test_tiles_are_off_by_default_and_a_tile_server_is_allowed_only_for_images():
    show = (
        "print(repr(s.OBSERVATORY_TILES_URL), s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    default = read_settings(show, OBSERVATORY_TILES_URL=None)
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "'' [\"'self'\", 'data:']"
    tiles = read_settings(
        show, OBSERVATORY_TILES_URL="https://{s}.tuiles.example.fr/{z}/{x}/{y}.png"
    )
    assert tiles.returncode == 0, tiles.stderr
    assert "'https://*.tuiles.example.fr'" in tiles.stdout
    wrong = read_settings("", OBSERVATORY_TILES_URL="ftp://tuiles.example.fr/{z}/{x}/{y}.png")
    assert wrong.returncode != 0
    assert "ImproperlyConfigured: OBSERVATORY_TILES_URL" in wrong.stderr


def test_a_client_refusing_gzip_never_has_the_gzipped_geojson_confirmed(
    client, commune_outlines, ftth_deployed
):
    zipped, collection = geojson(client, accept_encoding="gzip")
    plain = client.get(
        GEOJSON, headers={"accept-encoding": "gzip;q=0", "if-none-match": zipped["ETag"]}
    )
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    assert json.loads(plain.content) == collection and plain["ETag"] != zipped["ETag"]


def test_a_load_of_the_territories_gives_a_new_map(client, commune_outlines, ftth_deployed):
    before, _ = geojson(client)
    Commune.objects.filter(code="21231").update(name="Dijon-la-Neuve")
    bump_data_version()  # what load_territories does once committed
    after, collection = geojson(client, if_none_match=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    names = {f["properties"]["code"]: f["properties"]["nom"] for f in collection["features"]}
    assert names["21231"] == "Dijon-la-Neuve"
