"""The ranked communes table's mobile columns (best operator's 4G and 5G coverage,
operators covering well in 4G, sites, targeted sites): shown, filtered, ordered and
exported as shown, in a constant number of queries; forged values refused in French."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import Commune, CommuneCoverage, CommuneFixedStats, ImportRun, MobileSite
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.mobile.test_selectors import populate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

TABLE = reverse("observatories:commune_table")
ORANGE, SFR = "20801", "20810"
DIJON, BELLENEUVE, BESANCON = "21231", "21060", "25056"
MOBILE_COLUMNS = [
    "bonne couverture 4G, meilleur opérateur (%)",
    "opérateurs en bonne couverture 4G",
    "bonne couverture 5G, meilleur opérateur (%)",
    "sites mobiles",
    "sites de couverture ciblée (DCC)",
    "trimestre des données mobiles",
]


@pytest.fixture
def fixed():
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)


def mobile(quarters: int = 1) -> None:
    """In 4G, every operator covers Dijon at 95 %, Belleneuve at 45 % and Besançon at
    80 %, but Orange covers Besançon at 30 % only (5G: 40 points less), plus one point
    a quarter; 2 sites per operator (1 targeted), none in Belleneuve and none of SFR's
    in Besançon."""
    populate(quarters=quarters, sites=2, weeks=0)
    CommuneCoverage.objects.filter(commune_id=BESANCON, operator=ORANGE, generation="4G").update(
        population_very_good=30, population_none=70
    )
    MobileSite.objects.filter(commune_id=BELLENEUVE).delete()
    MobileSite.objects.filter(commune_id=BESANCON, operator=SFR).delete()


def listed(html: str) -> list[str]:
    return re.findall(r'href="/observatoire/communes/(\d[\dAB]\d{3})/"', html)


def mobile_cells(html: str, code: str) -> list[str]:
    """The last five cells of the commune's row: its mobile columns."""
    row = html.split(f'href="/observatoire/communes/{code}/"', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<td class="num">(.*?)</td>', row)[-5:]


def exported(client, params) -> list[dict]:
    response = client.get(TABLE, {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_each_commune_shows_its_mobile_figures(client, fixed):
    mobile()
    html = client.get(TABLE).content.decode()
    for column in ("Bonne couverture 4G, meilleur opérateur", "Opérateurs en bonne couverture 4G",
                   "Bonne couverture 5G, meilleur opérateur", "Sites mobiles",
                   "Sites de couverture ciblée"):  # fmt: skip
        assert f'<th scope="col" class="num">{column}</th>' in html
    assert mobile_cells(html, DIJON) == ["95,0 %", "4", "55,0 %", "8", "4"]
    assert mobile_cells(html, BELLENEUVE) == ["45,0 %", "0", "5,0 %", "0", "0"]
    assert mobile_cells(html, BESANCON) == ["80,0 %", "3", "40,0 %", "6", "3"]


def test_without_mobile_data_the_columns_are_empty_not_zero(client, fixed):
    html = client.get(TABLE).content.decode()
    assert mobile_cells(html, DIJON) == ["—"] * 5
    row = exported(client, {})[0]
    assert [row[column] for column in MOBILE_COLUMNS] == [""] * 6


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"couverture_4g": "sans"}, [BELLENEUVE]),
        ({"couverture_4g": "avec"}, [DIJON, BESANCON]),
        ({"operateur_4g": ORANGE}, [DIJON]),
        ({"operateur_4g": SFR}, [DIJON, BESANCON]),
        ({"operateur_4g": SFR, "departement": "25"}, [BESANCON]),
        ({"sites_max": "0"}, [BELLENEUVE]),
        ({"sites_min": "7"}, [DIJON]),
        ({"sites_min": "6", "sites_max": "6"}, [BESANCON]),
    ],
)
def test_mobile_filters_narrow_the_table_and_its_export(client, fixed, params, expected):
    mobile()
    assert sorted(listed(client.get(TABLE, params).content.decode())) == sorted(expected)
    assert sorted(row["code INSEE"] for row in exported(client, params)) == sorted(expected)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("part_4g", [BELLENEUVE, BESANCON, DIJON]),
        ("-part_4g", [DIJON, BESANCON, BELLENEUVE]),
        ("operateurs_4g", [BELLENEUVE, BESANCON, DIJON]),
        ("part_5g", [BELLENEUVE, BESANCON, DIJON]),
        ("-sites", [DIJON, BESANCON, BELLENEUVE]),
        ("sites_cibles", [BELLENEUVE, BESANCON, DIJON]),
    ],
)
def test_mobile_columns_order_the_table_and_its_export_alike(client, fixed, order, expected):
    mobile()
    assert listed(client.get(TABLE, {"order": order}).content.decode()) == expected
    assert [row["code INSEE"] for row in exported(client, {"order": order})] == expected


def test_communes_without_mobile_figures_come_last_in_either_direction(client, fixed):
    mobile()
    CommuneCoverage.objects.filter(commune_id=DIJON).delete()
    assert listed(client.get(TABLE, {"order": "part_4g"}).content.decode())[-1] == DIJON
    assert listed(client.get(TABLE, {"order": "-part_4g"}).content.decode())[-1] == DIJON


def test_the_export_has_the_pages_mobile_columns_with_their_values(client, fixed):
    mobile()
    rows = {row["code INSEE"]: row for row in exported(client, {})}
    assert [rows[BESANCON][column] for column in MOBILE_COLUMNS] == [
        "80.0", "3", "40.0", "6", "3", "T4 2025"
    ]  # fmt: skip
    response = client.get(TABLE, {"order": "-sites", "format": "xlsx"})
    header, *lines = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True
    )
    assert list(header[-6:]) == MOBILE_COLUMNS
    assert [line[0] for line in lines] == [DIJON, BESANCON, BELLENEUVE]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"couverture_4g": "1 OR 1=1"}, "Sélectionnez un choix valide"),
        ({"operateur_4g": "<script>alert(1)</script>"}, "Sélectionnez un choix valide"),
        ({"operateur_4g": "=cmd|' /C calc'!A0"}, "Sélectionnez un choix valide"),
        ({"order": "mobile_4g"}, "Sélectionnez un choix valide"),  # a field, not a choice
        ({"order": "-commune__name; DROP TABLE x"}, "Sélectionnez un choix valide"),
        ({"sites_max": "beaucoup"}, "Saisissez un nombre."),
        ({"sites_min": "NaN"}, "Saisissez un nombre."),
    ],
)
def test_forged_mobile_filters_are_refused_in_french_and_export_nothing(
    client, fixed, params, error
):
    mobile()
    html = client.get(TABLE, params).content.decode()
    assert "Certains filtres sont incorrects" in html and error in html
    assert listed(html) == [] and "<script>alert(1)" not in html
    export = client.get(TABLE, {**params, "format": "csv"})
    assert export["Content-Type"].startswith("text/html")  # the page and its error
    assert "Certains filtres sont incorrects" in export.content.decode()


def test_a_huge_number_filters_without_an_error(client, fixed):
    mobile()
    assert listed(client.get(TABLE, {"sites_max": "1e30"}).content.decode()) != []


@pytest.mark.parametrize("quarters", [1, 3])
def test_the_table_reads_the_same_queries_whatever_the_quarters_or_sites(
    client, fixed, django_assert_num_queries, quarters
):
    mobile(quarters)
    with django_assert_num_queries(4):  # count, rows, and the two lists of the filter form
        html = client.get(TABLE, {"couverture_4g": "avec", "order": "-sites"}).content.decode()
    assert listed(html) == [DIJON, BESANCON]
    with django_assert_num_queries(1):  # the export: its rows
        client.get(TABLE, {"operateur_4g": SFR, "format": "csv"})


@pytest.mark.parametrize("order", [None, "nom", "-part_4g"])
def test_communes_of_the_same_name_and_figures_are_paged_in_the_order_of_their_code(
    client, fixed, settings, order
):
    """Namesakes are common (Sainte-Colombe, Villers…): the default order, by share and
    name, and every other one end on the code, so that no page repeats or skips one."""
    settings.LIST_PAGE_SIZE = 1
    Commune.objects.update(name="Sainte-Colombe")
    stats = CommuneFixedStats.objects.order_by("-commune_id")
    for row in stats:  # written again, the last code first: ties come out in any order
        shares = {"eligible_3": 50, "eligible_8": 50, "eligible_30": 50, "eligible_100": 10}
        CommuneFixedStats.objects.filter(pk=row.pk).update(premises=100, eligible_1000=10, **shares)
    params = {"order": order} if order else {}
    pages = [listed(client.get(TABLE, {**params, "page": n}).text) for n in (1, 2, 3)]
    assert pages == [[BELLENEUVE], [DIJON], [BESANCON]]
    assert [row["code INSEE"] for row in exported(client, params)] == [
        BELLENEUVE, DIJON, BESANCON
    ]  # fmt: skip
