"""Territory sums rebuilt by each import, and the observatory page that reads them."""

import re

import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import AreaFixedStats, ImportRun
from tests.conftest import h1_texts
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]


def area(level, code):
    return AreaFixedStats.objects.get(level=level, code=code)


def test_an_import_rebuilds_the_sums_of_region_departments_and_epci(tmp_path):
    run = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)

    region = area("region", "27")
    assert (region.communes, region.premises, region.eligible_1000) == (
        3,
        98012 + 812 + 71540,
        94000 + 590 + 68500,
    )
    assert region.run == run
    assert area("department", "21").premises == 98012 + 812
    assert area("department", "25").premises == 71540
    assert area("epci", "242100410").premises == 98012  # Belleneuve is in no EPCI here

    lines = SAMPLE_FIXED_STATS.read_text(encoding="utf-8").replace(";812;", ";900;")
    (tmp_path / "v2.csv").write_text(lines, encoding="utf-8")
    import_file(tmp_path / "v2.csv", trigger=ImportRun.Trigger.COMMAND)
    assert area("department", "21").premises == 98012 + 900


def test_shares_are_computed_from_the_counts():
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    doubs = area("department", "25")
    shares = {s["label"]: round(s["share"], 1) for s in doubs.shares()}
    assert shares["≥ 1 Gbit/s"] == round(100 * 68500 / 71540, 1)


def test_the_observatory_page_shows_regional_figures_with_their_source(
    client, django_assert_num_queries
):
    run = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    # 3 for eligibility, 2 for FttH (none imported), 1 for the SCORAN targets
    with django_assert_num_queries(6):
        response = client.get(reverse("observatories:home"))
    html = response.content.decode()
    assert h1_texts(html) == ["Observatoire du haut et très haut débit fixe"]
    assert "Côte-d&#x27;Or (21)" in html and "Doubs (25)" in html
    assert "locaux sur 170 364" in html.replace("\xa0", " ")  # French thousands
    assert (
        "Source : Arcep, Arcep – Ma connexion internet, débits fixes par commune, T4 2025" in html
    )
    assert f'href="{run.get_absolute_url()}"' in html
    assert "Écart restant" in html


def test_the_observatory_page_says_when_nothing_was_imported(client):
    html = client.get(reverse("observatories:home")).content.decode()
    assert "Aucune donnée de déploiement ni d'éligibilité n'a encore été importée." in html


@pytest.fixture
def imported():
    return import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)


def test_a_commune_page_compares_it_with_its_epci_department_and_region(
    client, imported, django_assert_num_queries
):
    url = reverse("observatories:commune", kwargs={"code": "21231"})
    assert url == "/observatoire/communes/21231/"
    # With the figures by technology, the sections of other apps (the agenda's, the field
    # reports') and the mobile networks (4: own coverage with its history, its parents',
    # sites, stations; their imports in one more when there are rows).
    with django_assert_num_queries(11):
        response = client.get(url)
    html = response.content.decode()
    assert h1_texts(html) == ["Dijon (21231)"]
    table = html.split('id="tableau-comparaison"', 1)[1]
    labels = [
        label
        for label in ("Dijon", "Dijon Métropole", "Côte-d&#x27;Or", "Bourgogne-Franche-Comté")
        if label in table
    ]
    assert labels == ["Dijon", "Dijon Métropole", "Côte-d&#x27;Or", "Bourgogne-Franche-Comté"]
    assert f"{100 * 94000 / 98012:.1f}".replace(".", ",") + " %" in html
    assert f'href="{imported.get_absolute_url()}"' in html


def test_the_code_of_a_merged_commune_leads_to_its_successor(client, imported):
    response = client.get(reverse("observatories:commune", kwargs={"code": "21019"}))
    assert response.status_code == 301
    assert response["Location"] == reverse("observatories:commune", kwargs={"code": "21060"})
    assert client.get(reverse("observatories:commune", kwargs={"code": "99999"})).status_code == 404


def test_epci_and_department_pages_at_their_official_codes(
    client, imported, django_assert_num_queries
):
    epci_url = reverse("observatories:epci", kwargs={"siren": "242100410"})
    department_url = reverse("observatories:department", kwargs={"code": "21"})
    assert (epci_url, department_url) == (
        "/observatoire/epci/242100410/",
        "/observatoire/departements/21/",
    )
    # With the sums by technology and the mobile networks (4; 5 for a department,
    # with its targeted-coverage arrêtés).
    with django_assert_num_queries(10):
        epci = client.get(epci_url).content.decode()
    assert h1_texts(epci) == ["Dijon Métropole"]
    assert 'href="/observatoire/communes/21231/"' in epci
    with django_assert_num_queries(11):
        department = client.get(department_url).content.decode()
    assert h1_texts(department) == ["Côte-d&#x27;Or (21)"]
    assert 'href="/observatoire/epci/242100410/"' in department
    assert "Bourgogne-Franche-Comté" in department.split('id="tableau-comparaison"', 1)[1]


def test_a_territory_without_figures_says_so(client):
    html = client.get(reverse("observatories:commune", kwargs={"code": "25056"})).content.decode()
    assert (
        "Aucune donnée de déploiement ni d'éligibilité n'a encore été importée pour ce "
        "territoire." in html
    )


TABLE = reverse("observatories:commune_table")


def listed(html: str) -> list[str]:
    return re.findall(r'href="/observatoire/communes/(\d[\dAB]\d{3})/"', html)


def test_the_table_ranks_communes_from_the_least_covered(
    client, imported, django_assert_num_queries
):
    with django_assert_num_queries(4):  # count, rows, and the two lists of the filter form
        html = client.get(TABLE).content.decode()
    # ≥ 30 Mbit/s: Belleneuve 78.8 %, Besançon 98.1 %, Dijon 97.9 %
    assert listed(html) == ["21060", "21231", "25056"]
    assert client.get(TABLE, {"order": "-population"}).status_code == 200


def test_filters_narrow_the_table_and_the_export_holds_exactly_those_rows(client, imported):
    html = client.get(TABLE, {"departement": "21", "share_30_min": "90"}).content.decode()
    assert listed(html) == ["21231"]
    export = client.get(TABLE, {"departement": "21", "share_30_min": "90", "format": "csv"})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code INSEE,commune,département,intercommunalité,population")
    assert len(lines) == 2 and lines[1].startswith("21231,Dijon,Côte-d'Or,Dijon Métropole")


def test_the_xlsx_export_is_a_workbook_with_the_same_rows(client, imported):
    import io

    import openpyxl

    response = client.get(TABLE, {"departement": "25", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="communes-eligibilite.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "code INSEE"
    assert [row[0] for row in rows[1:]] == ["25056"]


def test_a_wrong_filter_value_is_explained_in_french_next_to_its_field(client, imported):
    html = client.get(TABLE, {"share_30_min": "beaucoup"}).content.decode()
    assert "Certains filtres sont incorrects" in html
    assert "Saisissez un nombre." in html
    assert listed(html) == []


def test_a_territory_page_names_the_edition_of_its_figures_not_of_the_last_import(client, tmp_path):
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    older = SAMPLE_FIXED_STATS.read_text(encoding="utf-8").replace("2025-12-31", "2025-09-30")
    (tmp_path / "t3.csv").write_text(older, encoding="utf-8")
    last = import_file(tmp_path / "t3.csv", trigger=ImportRun.Trigger.COMMAND)
    assert last.edition == "T3 2025"  # it rebuilt every sum, the T4 ones included
    html = client.get(reverse("observatories:department", kwargs={"code": "21"})).content.decode()
    assert '<h2 id="eligibilite">Éligibilité des locaux, T4 2025</h2>' in html
