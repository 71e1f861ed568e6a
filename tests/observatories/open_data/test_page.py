"""``/observatoire/open-data/``: the indicator with its source line, its history, the
collectivités of the latest edition with filters and counts, exports as shown
(formula-safe), forged filters, constant queries, the link from the observatory."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from observatories.importing.pipeline import import_file
from observatories.models import CollectivityOpenData, ImportRun

from .files import DECEMBER, JUNE, row, with_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_data_region")]

URL = "/observatoire/open-data/"


@pytest.fixture
def editions():
    return [import_file(path, trigger=ImportRun.Trigger.COMMAND) for path in (JUNE, DECEMBER)]


def names(response) -> list[str]:
    return [item.name for item in response.context["page"].object_list]


def test_the_address_is_the_observatorys():
    assert reverse("observatories:open_data") == URL


def test_without_data_the_page_says_so(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "n'a encore été importée" in response.content.decode()


def test_the_page_shows_the_indicator_its_source_and_its_history(client, editions):
    html = client.get(URL).content.decode()
    assert "L'indicateur au 31 décembre 2025" in html
    assert "100,0 %" in html and "Doubs (25)" in html
    assert (
        "Source : OpenDataFrance, OpenDataFrance – Observatoire open data des territoires" in html
    )
    assert f"détail de l'import n°{editions[1].pk}" in html
    assert "30 juin 2025" in html and "83,3 %" in html  # the June edition in the history
    assert "Paris" not in html


def test_the_list_is_the_latest_edition_largest_first(client, editions):
    response = client.get(URL)
    assert names(response)[:2] == ["Région Bourgogne-Franche-Comté", "Département du Doubs"]
    assert {item.edition.month for item in response.context["page"].object_list} == {12}
    assert response.context["counts"] == {"total": 7, "publishing": 7}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"departement": "25"}, ["Département du Doubs", "Besançon"]),
        ({"type": "commune"}, ["Dijon", "Besançon", "Belleneuve"]),
        ({"type": "epci"}, ["Dijon Métropole"]),
        ({"plus_de_3500": "non"}, ["Belleneuve"]),
        ({"plus_de_3500": "oui", "type": "commune"}, ["Dijon", "Besançon"]),
    ],
)
def test_the_filters(client, editions, query, expected):
    assert names(client.get(URL, query)) == expected


def test_publishing_or_not(client):
    import_file(JUNE, trigger=ImportRun.Trigger.COMMAND)
    response = client.get(URL, {"publie": "non"})
    assert names(response) == ["Département du Doubs", "Belleneuve"]
    assert response.context["counts"] == {"total": 2, "publishing": 0}
    assert "2 collectivités, dont 0 publie au moins un jeu de données" in response.content.decode()
    assert len(names(client.get(URL, {"publie": "oui"}))) == 5


@pytest.mark.parametrize(
    "query",
    [
        {"departement": "75"},
        {"departement": "' OR 1=1 --"},
        {"type": "syndicat"},
        {"plus_de_3500": "peut-être"},
        {"publie": "<script>"},
    ],
)
def test_a_forged_filter_gives_an_empty_list_never_every_row(client, editions, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert names(response) == [] and response.context["filter"].errors
    assert "<script>" not in response.content.decode()
    export = client.get(URL, {**query, "format": "csv"})
    assert export["Content-Type"].startswith("text/html")  # no export of a wrong filter


def test_the_page_reads_constant_queries(client, editions, django_assert_num_queries):
    # editions and departments, the filters' departments, the counts, the page's count
    # and rows: the same with 7 collectivités or 67.
    with django_assert_num_queries(6):
        client.get(URL, {"type": "commune"})
    dijon = CollectivityOpenData.objects.get(siren="212102313", edition__month=12)
    CollectivityOpenData.objects.bulk_create(
        CollectivityOpenData(
            edition=dijon.edition, siren=f"3{number:08d}", name=f"Commune {number}", kind="commune",
            population=4000 + number, department_id="21", platform_datasets=number % 2,
            datagouv_datasets=0, run=dijon.run,
        )
        for number in range(60)
    )  # fmt: skip
    with django_assert_num_queries(6):
        response = client.get(URL, {"type": "commune", "publie": "oui"})
    assert response.context["counts"]["total"] == 33  # 30 of the 60, and the 3 communes


def test_the_exports_are_the_filtered_rows_as_shown_and_formula_safe(client, tmp_path):
    hostile = '=HYPERLINK("http://evil","x")'
    import_file(
        with_rows(
            tmp_path,
            [
                row(nom=hostile, url="https://data.dijon.fr"),
                row(siren="212500565", nom="Besançon", population="119198"),
            ],
        ),
        trigger=ImportRun.Trigger.COMMAND,
    )
    response = client.get(URL, {"type": "commune", "format": "csv"})
    assert response["Content-Disposition"].endswith('open-data-collectivites.csv"')
    header, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["SIREN", "collectivité", "type"]
    assert lines[0][:3] == ["212102313", "'" + hostile, "Commune"]
    assert lines[0][header.index("publie au moins un jeu de données")] == "oui"
    assert len(lines) == 2
    response = client.get(URL, {"departement": "25", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][1] == "Besançon"
    response = client.get(URL, {"format": "xlsx"})
    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=2)
    assert cell.value == hostile and cell.data_type == "s"


def test_hostile_names_are_escaped(client, tmp_path):
    import_file(
        with_rows(tmp_path, [row(nom="<script>alert(1)</script>")]),
        trigger=ImportRun.Trigger.COMMAND,
    )
    html = client.get(URL).content.decode()
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )


def test_the_observatory_home_the_site_map_and_the_sitemap_link_to_the_page(client):
    assert f'href="{URL}"' in client.get(reverse("observatories:home")).content.decode()
    assert f'href="{URL}"' in client.get(reverse("portal:site_map")).content.decode()
    assert f"{URL}</loc>" in client.get("/sitemap.xml").content.decode()
