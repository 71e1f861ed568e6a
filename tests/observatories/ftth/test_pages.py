"""FttH deployment on the observatory pages: series since 2017, target and gap,
zone and operators, comparison; constant queries whatever the quarters or communes."""

import datetime

import pytest
from django.urls import reverse

from observatories.ftth.selectors import Deployment, Point
from observatories.importing.pipeline import import_file
from observatories.models import AreaFtth, AreaFtthZone, Commune, FtthDeployment, ImportRun
from observatories.targets import Target
from tests.conftest import h1_texts
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.ftth.test_import import SAMPLE as SAMPLE_FTTH
from tests.observatories.ftth.test_import import write_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]
COMMAND = ImportRun.Trigger.COMMAND


@pytest.fixture
def imported():
    import_file(SAMPLE_FIXED_STATS, trigger=COMMAND)
    return import_file(SAMPLE_FTTH, trigger=COMMAND)


def text(html: str) -> str:
    return " ".join(html.replace("\xa0", " ").replace("\u202f", " ").split())


def test_the_home_page_gives_the_regional_coverage_its_trend_and_the_gap_to_the_target(
    client, imported
):
    html = text(client.get(reverse("observatories:home")).content.decode())
    # T4 2025: 97,000 + 790 + 71,000 connectable of 98,000 + 800 + 71,540 premises.
    assert "Déploiement de la fibre optique (FttH), T4 2025" in html
    assert "99,1 %" in html and "168 790 locaux sur 170 340" in html
    assert "Écart à l'objectif SCORAN (100 % en 2025)" in html
    assert "0,9 points" in html and "1 550 locaux restant à rendre raccordables" in html
    # Trend since 2017, in a table as well as in the chart's text alternative.
    assert '<th scope="row">T4 2017</th>' in html
    assert "De 0,6 % au T4 2017 à 99,1 % au T4 2025." in html  # 1,000 of 170,340
    assert "Côte-d&#x27;Or (21)" in html.split('id="tableau-ftth-comparaison"')[1]
    assert f'href="{imported.get_absolute_url()}"' in html


def test_a_commune_page_shows_its_zone_operators_and_comparison(client, imported):
    html = text(client.get(reverse("observatories:commune", args=["21231"])).content.decode())
    assert h1_texts(html) == ["Dijon (21231)"]
    assert "Zone d&#x27;initiative privée (AMII)" in html
    assert "Opérateurs d'infrastructure : Orange" in html
    assert "Engagements : Orange (AMII) (100%)" in html
    compared = html.split('id="tableau-ftth-comparaison"')[1].split("</table>")[0]
    for label in ("Dijon", "Dijon Métropole", "Côte-d&#x27;Or", "Bourgogne-Franche-Comté"):
        assert f'<th scope="row">{label}</th>' in compared
    assert "99,0 %" in compared  # Dijon: 97,000 of 98,000


def test_larger_territories_count_their_communes_and_operators_per_zone(client, imported):
    html = text(client.get(reverse("observatories:department", args=["21"])).content.decode())
    zones = html.split('id="tableau-ftth-zones"')[1].split("</table>")[0]
    assert (
        '<tr><th scope="row">Zone d&#x27;initiative privée (AMII)</th>'
        '<td class="num">1</td><td class="num">98 000</td><td>Orange</td></tr>'
    ) in zones
    assert (
        '<tr><th scope="row">Réseau d&#x27;initiative publique</th>'
        '<td class="num">1</td><td class="num">800</td><td>Côte-d&#x27;Or THD</td></tr>'
    ) in zones
    region = AreaFtthZone.objects.filter(level="region", code="27")
    assert {zone.zone: zone.communes for zone in region} == {"AMII": 1, "AMEL": 1, "RIP": 1}


def test_operators_named_together_are_listed_once_per_zone(tmp_path):
    header = ["Code commune", "Meilleure estimation des locaux T4 2025", "OI T4 2025", "T4 2025"]
    rows = [["21231", 10, "Orange, SFR FttH", 5], ["21060", 10, "SFR FttH / Orange", 5]]
    import_file(write_workbook(tmp_path / "oi.xlsx", header, rows), trigger=COMMAND)
    zone = AreaFtthZone.objects.get(level="department", code="21")
    assert (zone.zone, zone.communes, zone.operators) == ("RIP", 2, "Orange, SFR FttH")


def test_the_chart_is_an_image_with_a_text_alternative_and_capped_bars(client, imported):
    html = client.get(reverse("observatories:department", args=["25"])).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    assert 'role="img"' in svg and 'aria-labelledby="ftth-chart-title ftth-chart-desc"' in svg
    assert svg.count('class="chart__bar"') == 3  # T4 2017, T4 2024, T4 2025
    assert "<title>T4 2025 : 99,2 %</title>" in svg  # Besançon: 71,000 of 71,540


def test_bars_never_exceed_the_chart_when_coverage_passes_100():
    points = [Point(datetime.date(2025, 12, 31), 120, 100)]
    chart = Deployment(points, run=None).chart()
    assert chart["bars"][0]["height"] == chart["height"]
    assert chart["bars"][0]["y"] == chart["top"]  # the top of the 100 % gridline
    assert Deployment(points, run=None, target=Target(2025, 100)).gap == 0


def test_the_yearly_table_ends_on_the_latest_quarter():
    points = [
        Point(datetime.date(2024, 12, 31), 10, 100),
        Point(datetime.date(2025, 3, 31), 20, 100),
        Point(datetime.date(2025, 6, 30), 30, 100),
    ]
    labels = [point.label for point in Deployment(points, run=None).yearly()]
    assert labels == ["T4 2024", "T2 2025"]


def more_quarters_and_communes(tmp_path):
    """A later edition with twice the quarters, and a new commune in the region."""
    Commune.objects.create(code="21001", name="Agencourt", department_id="21", epci_id="242100410")
    header = ["Code commune", "Meilleure estimation des locaux T4 2025", "OI T4 2025"]
    quarters = [f"T{n} {year}" for year in range(2019, 2026) for n in range(1, 5)]
    rows = [[code, 1000, "Orange", *range(len(quarters))] for code in ("21231", "21060", "21001")]
    import_file(write_workbook(tmp_path / "more.xlsx", header + quarters, rows), trigger=COMMAND)
    assert FtthDeployment.objects.filter(commune_id="21231").count() > 20


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Each with the SCORAN target, read from the strategy's indicator; the
        # commune's page with the agenda's and the field reports' sections too; the
        # territory pages with their mobile section (5 queries, 4 for an EPCI: no
        # targeted-coverage arrêtés; 4 for a commune without mobile rows: no import
        # behind them to load).
        (reverse("observatories:home"), 8),
        (reverse("observatories:commune", args=["21231"]), 14),
        (reverse("observatories:epci", args=["242100410"]), 13),
        (reverse("observatories:department", args=["21"]), 14),
    ],
)
def test_pages_use_the_same_queries_whatever_the_quarters_or_communes(
    client, imported, tmp_path, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    more_quarters_and_communes(tmp_path)
    assert AreaFtth.objects.filter(level="region").count() > 20
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


TABLE = reverse("observatories:commune_table")


def test_the_table_filters_on_zone_and_ftth_coverage_and_exports_them(client, imported):
    html = text(client.get(TABLE, {"zone": "AMEL"}).content.decode())
    assert 'href="/observatoire/communes/25056/"' in html
    assert 'href="/observatoire/communes/21231/"' not in html
    assert "Zone d&#x27;initiative privée (AMEL)" in html and "99,2 %" in html

    narrowed = client.get(TABLE, {"ftth_min": "98.9", "ftth_max": "99.1"}).content.decode()
    assert 'href="/observatoire/communes/21231/"' in narrowed  # 99.0 %
    assert 'href="/observatoire/communes/21060/"' not in narrowed  # 98.75 %
    assert 'href="/observatoire/communes/25056/"' not in narrowed  # 99.2 %

    export = client.get(TABLE, {"zone": "RIP", "format": "csv"}).content.decode("utf-8-sig")
    header, *rows = export.splitlines()
    assert "zone de déploiement FttH" in header and "part raccordable FttH (%)" in header
    assert len(rows) == 1 and rows[0].startswith("21060,Belleneuve")
    assert ",Réseau d'initiative publique," in rows[0] and ",98.8," in rows[0]


def test_the_table_is_ordered_by_ftth_coverage_on_request(client, imported):
    html = client.get(TABLE, {"order": "part_ftth"}).content.decode()
    codes = [code for code in ("21060", "21231", "25056") if f"/communes/{code}/" in html]
    positions = sorted(codes, key=lambda code: html.index(f"/communes/{code}/"))
    assert positions == ["21060", "21231", "25056"]  # 98.75 %, 98.98 %, 99.25 %
