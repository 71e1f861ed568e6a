"""The map of mobile sites: its document (latest quarter only, lookup tables, masks,
rounded points, the source that says demo figures are invented), served gzipped,
cached per import and revalidated; the page and its table filtered by operator and
technology, a forged filter refused in French; the CSV of the filtered sites; a
fixed number of queries whatever the number of sites and quarters."""

import csv
import datetime
import gzip
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from observatories.caching import bump_data_version
from observatories.importing.pipeline import import_file
from observatories.mobile import maps
from observatories.mobile.imports import SITES as SITES_FORMAT
from observatories.models import Commune, ImportRun, MobileSite, Operator
from portal.management.commands.setup_demo import demo_source
from tests.conftest import h1_texts
from tests.observatories.factories import ftth_run

from .files import SITES, rows_of, table, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

MAP = reverse("observatories:mobile_map")
DOCUMENT = reverse("observatories:mobile_map_document")
Q3, Q4 = datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)
PAGE_QUERIES = 2  # the table's counts, the latest quarter's source
HYPERLINK = '=HYPERLINK("https://evil.invalid/","x")'


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """The document is cached per import: each test gets an empty cache of its own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def site(edition, operator, number, commune, *generations, bands=(), run, **extra):
    values = {
        "latitude": 47.322149, "longitude": 5.041234, "white_zone": False, "targeted": False,
        "strategic": False, "capacity_240": False, **extra,
    }  # fmt: skip
    return MobileSite(
        edition=edition, operator=operator, number=number, commune_id=commune, run=run,
        **{field: name in generations for name, field in MobileSite.GENERATIONS.items()},
        **{f"band_{band}": band in bands for band in (700, 800, 1800, 2100, 3500)},
        **values,
    )  # fmt: skip


def store_sites(per_commune: int = 1, quarters: int = 2) -> ImportRun:
    """In the latest quarter (Q4): an Orange 2G-5G site in Dijon (5G in 700 and 3500
    MHz), an SFR 4G site in Belleneuve, a Free 3G-4G site in Besançon, each
    ``per_commune`` times; older quarters hold other sites, to be ignored."""
    old, run = ftth_run("T3 2025"), ftth_run("T4 2025")
    for step in range(quarters - 1):
        MobileSite.objects.bulk_create(
            site(Q3 - datetime.timedelta(days=92 * step), Operator.BOUYGUES, f"OLD-{n}", "21231",
                 "2G", run=old)
            for n in range(per_commune)
        )  # fmt: skip
    MobileSite.objects.bulk_create(
        [
            *(site(Q4, Operator.ORANGE, f"OR-{n}", "21231", "2G", "3G", "4G", "5G",
                   bands=(700, 3500), run=run) for n in range(per_commune)),
            *(site(Q4, Operator.SFR, f"SFR-{n}", "21060", "4G", run=run, latitude=47.25,
                   longitude=5.2) for n in range(per_commune)),
            *(site(Q4, Operator.FREE, f"FR-{n}", "25056", "3G", "4G", run=run, latitude=47.24,
                   longitude=6.02) for n in range(per_commune)),
        ]
    )  # fmt: skip
    return run


def document(client, **headers):
    response = client.get(DOCUMENT, headers=headers)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, (json.loads(body) if body else None)


def test_the_document_holds_the_latest_quarter_in_columns_with_lookup_tables(
    django_assert_num_queries,
):
    run = store_sites()
    with django_assert_num_queries(2):
        found = maps.site_document()
    assert found["trimestre"] == "2025-12-31" and found["trimestre_libelle"] == "T4 2025"
    assert found["source"] == {
        "nom": "Arcep – déploiements FttH par commune",
        "producteur": "Arcep",
        "import": run.get_absolute_url(),
    }
    assert found["operateurs"] == [[code, Operator(code).label] for code in Operator.values]
    assert found["technologies"] == ["2G", "3G", "4G", "5G"]
    assert found["bandes"] == [700, 800, 1800, 2100, 3500]
    sites = found["sites"]
    assert sites["numero"] == ["OR-0", "SFR-0", "FR-0"]  # no site of older quarters
    assert [found["operateurs"][i][1] for i in sites["operateur"]] == [
        "Orange", "SFR", "Free Mobile"
    ]  # fmt: skip
    assert sites["technologies"] == [0b1111, 0b0100, 0b0110]
    assert sites["bandes"] == [0b10001, 0, 0]  # 700 and 3500 MHz
    assert sites["lat"][0] == 47.3221 and sites["lon"][0] == 5.0412  # rounded to ~10 m
    assert [found["communes"][i] for i in sites["commune"]] == [
        ["21231", "Dijon"], ["21060", "Belleneuve"], ["25056", "Besançon"]
    ]  # fmt: skip


@pytest.mark.parametrize(("per_commune", "quarters"), [(1, 1), (40, 4)])
def test_the_document_and_the_page_cost_the_same_queries_whatever_the_sites_and_quarters(
    client, django_assert_num_queries, per_commune, quarters
):
    store_sites(per_commune, quarters)
    with django_assert_num_queries(3):  # version, then the document (2), once
        _, found = document(client)
    assert len(found["sites"]["lat"]) == 3 * per_commune
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(MAP, {"technologie": "4G"})
    assert response.status_code == 200
    with django_assert_num_queries(1):  # the sites with their commune and source
        response = client.get(MAP, {"operateur": Operator.FREE, "format": "csv"})
    assert len(response.content.decode("utf-8-sig").splitlines()) == 1 + per_commune


def test_without_sites_the_document_is_empty_and_the_page_says_so(client):
    _, found = document(client)
    assert found["trimestre"] is None and found["source"] is None
    assert found["sites"]["lat"] == [] and found["communes"] == []
    response = client.get(MAP)
    assert response.status_code == 200
    assert "Aucune liste de sites n'a encore été importée" in response.text
    assert "mobile-map.js" not in response.text and "<table" not in response.text


def test_demo_sites_say_they_are_invented_in_the_document_and_on_the_page(client, tmp_path):
    header, _ = table(SITES)
    path = write(tmp_path / "2025_T3_sites_Metropole_demo.csv", header, rows_of(SITES))
    run = import_file(path, trigger=ImportRun.Trigger.COMMAND, source=demo_source(SITES_FORMAT))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    _, found = document(client)
    assert found["source"]["nom"].startswith("Démonstration – données fictives")
    assert found["source"]["producteur"] == "Démonstration (données fictives)"
    assert "Source : Démonstration (données fictives)" in client.get(MAP).text


def test_the_document_travels_gzipped_with_an_etag_and_is_revalidated_in_one_query(
    client, django_assert_num_queries
):
    store_sites()
    response, found = document(client, accept_encoding="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept-Encoding" in response["Vary"]
    with django_assert_num_queries(1):  # the version; the document from the cache
        again, same = document(client)
    assert same == found
    assert "Content-Encoding" not in again  # plain for a client that asks no gzip
    with django_assert_num_queries(1):
        revalidated = client.get(
            DOCUMENT, headers={"if-none-match": response["ETag"], "accept-encoding": "gzip"}
        )
    assert revalidated.status_code == 304 and revalidated["ETag"] == response["ETag"]


@pytest.mark.parametrize("accepted", ["gzip;q=0", "deflate, gzip; q=0.0", "br", "*;q=0", ""])
def test_a_client_refusing_gzip_gets_the_plain_document_under_its_own_etag(client, accepted):
    """A shared cache that stored the gzipped document must not have it confirmed
    (304) for a client that takes no gzip: each encoding has its ETag."""
    store_sites()
    zipped, found = document(client, accept_encoding="gzip")
    plain = client.get(
        DOCUMENT, headers={"accept-encoding": accepted, "if-none-match": zipped["ETag"]}
    )
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    assert json.loads(plain.content) == found
    assert plain["ETag"] != zipped["ETag"] and "Accept-Encoding" in plain["Vary"]
    again = client.get(DOCUMENT, headers={"accept-encoding": accepted,
                                          "if-none-match": plain["ETag"]})  # fmt: skip
    assert again.status_code == 304


@pytest.mark.parametrize("accepted", ["gzip", "GZIP;q=0.5", "x-gzip", "*", "br;q=1, *;q=0.1"])
def test_a_client_taking_gzip_gets_it(client, accepted):
    store_sites()
    response, found = document(client, accept_encoding=accepted)
    assert response["Content-Encoding"] == "gzip" and found["trimestre"] == "2025-12-31"


def test_a_new_import_gives_a_new_document(client, tmp_path):
    header, _ = table(SITES)
    import_file(write(tmp_path / "2025_T3_sites_Metropole.csv", header, rows_of(SITES)),
                trigger=ImportRun.Trigger.COMMAND)  # fmt: skip
    before, found = document(client)
    assert found["trimestre"] == "2025-09-30"
    rows = rows_of(SITES, lines={2: {"num_site": "NOUVEAU-1"}})
    run = import_file(write(tmp_path / "2025_T4_sites_Metropole.csv", header, rows),
                      trigger=ImportRun.Trigger.COMMAND)  # fmt: skip
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    after, found = document(client, if_none_match=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert found["trimestre"] == "2025-12-31" and "NOUVEAU-1" in found["sites"]["numero"]


def test_the_page_gives_the_sites_per_department_and_operator_and_stands_without_javascript(
    client,
):
    run = store_sites(per_commune=2)
    response = client.get(MAP)
    html = response.text
    assert h1_texts(html) == ["Carte des sites mobiles"]
    assert "à la fin du trimestre T4 2025" in html
    assert "6 sites correspondent à ces filtres." in html
    body = html.split('id="tableau-sites"', 1)[1].split("</table>", 1)[0]
    cells = [line.strip() for line in body.splitlines() if "<td" in line or "<th scope" in line]
    assert any("Côte-d&#x27;Or (21)" in line for line in cells)
    assert '<th scope="col" class="num">Tous opérateurs</th>' in body
    rows = body.split("<tr>")
    cote_dor = next(row for row in rows if "(21)</a>" in row)
    assert cote_dor.count('<td class="num">2</td>') == 2  # Orange and SFR
    assert '<td class="num">4</td>' in cote_dor  # all operators
    assert f'href="{run.get_absolute_url()}"' in html  # the source line
    # The map is an enhancement over the table: revealed by its script.
    assert "<noscript>" in html and "La carte demande JavaScript" in html
    assert 'id="carte-interactive" class="map-panel" hidden' in html
    assert f'data-document-url="{DOCUMENT}"' in html
    assert 'data-operateur="" data-technologie=""' in html
    assert "vendor/supercluster/supercluster.min." in html
    assert "observatories/js/mobile-map." in html and 'data-tiles-url=""' in html
    assert '<a href="?format=csv">CSV</a>' in html


def test_the_filters_choose_the_table_the_map_and_the_export(client):
    store_sites()
    html = client.get(MAP, {"operateur": Operator.SFR, "technologie": "4G"}).text
    assert "1 site correspond à ces filtres." in html
    assert f'data-operateur="{Operator.SFR}" data-technologie="4G"' in html
    assert "Sites mobiles 4G par département et par opérateur, T4 2025" in html
    assert '<th scope="col" class="num">SFR</th>' in html
    assert "Tous opérateurs" not in html and '<th scope="col" class="num">Orange</th>' not in html
    assert f"?operateur={Operator.SFR}&amp;technologie=4G&amp;format=csv" in html
    html = client.get(MAP, {"technologie": "2G"}).text
    assert "1 site correspond à ces filtres." in html  # the Orange one
    html = client.get(MAP, {"operateur": Operator.BOUYGUES}).text  # only in older quarters
    assert "Aucun site ne correspond à ces filtres." in html


@pytest.mark.parametrize(
    "query",
    [{"operateur": "99999"}, {"technologie": "6G"}, {"operateur": "<script>"},
     {"technologie": "4G", "format": "csv", "operateur": "x" * 500}],
)  # fmt: skip
def test_a_forged_filter_is_refused_in_french_with_no_rows(client, query):
    store_sites()
    response = client.get(MAP, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")  # never an unfiltered export
    assert "Certains filtres sont incorrects" in response.text
    assert "Sélectionnez un choix valide" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "0 site correspond à ces filtres." in response.text
    assert "mobile-map.js" not in response.text


def test_the_csv_holds_the_filtered_sites_of_the_latest_quarter_and_no_formula(client, tmp_path):
    header, _ = table(SITES)
    rows = rows_of(SITES, lines={2: {"num_site": HYPERLINK}, 3: {"num_site": "@SUM(A1:A9)"}})
    import_file(write(tmp_path / "2025_T3_sites_Metropole.csv", header, rows),
                trigger=ImportRun.Trigger.COMMAND)  # fmt: skip
    Commune.objects.filter(code="21231").update(name="+Dijon")
    response = client.get(MAP, {"format": "csv", "technologie": "5G"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sites-mobiles.csv"'
    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["numéro du site"] for row in exported} == {"'" + HYPERLINK, "T25056-3"}
    orange = next(row for row in exported if row["opérateur"] == "Orange")
    assert orange["commune"] == "'+Dijon" and orange["technologies"] == "2G, 3G, 4G, 5G"
    xlsx = client.get(MAP, {"format": "xlsx", "technologie": "5G"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="sites-mobiles.xlsx"'
    sfr = client.get(MAP, {"format": "csv", "operateur": Operator.SFR}).content
    (row,) = csv.DictReader(io.StringIO(sfr.decode("utf-8-sig")))
    assert row["numéro du site"] == "'@SUM(A1:A9)"


def test_the_map_is_linked_from_the_mobile_page_the_observatory_and_the_sitemap(client):
    assert f'href="{MAP}"' in client.get(reverse("observatories:mobile")).text
    assert f'href="{MAP}"' in client.get(reverse("observatories:home")).text
    assert f"http://testserver{MAP}</loc>" in client.get(reverse("sitemap")).text
    assert f'href="{MAP}"' in client.get(reverse("portal:site_map")).text


def test_a_load_of_the_territories_gives_a_new_document(client):
    """Communes renamed or merged by a territory load (no import) are not drawn under
    their old name, nor revalidated as unchanged."""
    store_sites()
    before, _ = document(client)
    Commune.objects.filter(code="21231").update(name="Dijon-la-Neuve")
    bump_data_version()  # what load_territories does once committed
    after, found = document(client, if_none_match=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert ["21231", "Dijon-la-Neuve"] in found["communes"]
