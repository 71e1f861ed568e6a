"""The mobile section of the commune, EPCI and department pages: coverage by operator
at the four levels, compared with the larger territories, the history by quarter,
the sites and the targeted-coverage scheme, each table with its source; its empty
state; and a number of queries that does not grow with the quarters or sites."""

import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from observatories.mobile.selectors import stations_table
from observatories.models import Commune
from tests.observatories.mobile.test_selectors import populate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMUNE = reverse("observatories:commune", args=["21231"])
EPCI = reverse("observatories:epci", args=["242100410"])
DEPARTMENT = reverse("observatories:department", args=["21"])
LEVELS = ("Pas de couverture", "Couverture limitée", "Bonne couverture", "Très bonne couverture")


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """The pages are cached per data version: each test gets an empty cache of its own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def mobile_section(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split('<section aria-labelledby="mobile">', 1)[1].split("\n</section>", 1)[0]


def table(section: str, table_id: str) -> str:
    return section.split(f'<caption id="{table_id}">', 1)[1].split("</table>", 1)[0]


def cells(html: str) -> list[str]:
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html)


def test_without_mobile_data_the_section_says_so(client):
    for url in (COMMUNE, EPCI, DEPARTMENT):
        section = mobile_section(client, url)
        assert "Aucune donnée sur les réseaux mobiles n'a encore été importée" in section
        assert "<table" not in section


def test_a_commune_shows_its_coverage_compared_history_and_sites_with_sources(client):
    populate(quarters=3, sites=2, weeks=1)
    section = mobile_section(client, COMMUNE)
    assert '<h2 id="mobile">Réseaux mobiles, T4 2025</h2>' in section
    # Its own coverage at the four levels, of population and surface, in 4G and 5G.
    coverage = table(section, "mobile-couverture-4G")
    assert coverage.startswith("Couverture 4G – Dijon, T4 2025 (en %)</caption>")
    for level in LEVELS:
        assert f'<th scope="col" class="num">{level}</th>' in coverage
    # Dijon: 95 % in very good coverage + 2 quarters of progress, by every operator.
    assert cells(coverage).count("97,0 %") == 2 * 4  # population and surface
    assert "Couverture 5G – Dijon, T4 2025 (en %)" in section
    # Compared with its EPCI, its department (72 %) and the region (75.3 %).
    compared = cells(table(section, "mobile-comparaison-4G"))
    assert compared[:6] == ["Territoire", "Orange", "SFR", "Free Mobile", "Bouygues Telecom",
                            "Dijon"]  # fmt: skip
    rows = {compared[i]: compared[i + 1] for i in range(5, len(compared), 5)}
    assert rows == {"Dijon": "97,0 %", "Dijon Métropole": "97,0 %",
                    "Côte-d&#x27;Or": "72,0 %", "Bourgogne-Franche-Comté": "75,3 %"}  # fmt: skip
    # The history: one row per quarter, oldest first.
    history = table(section, "mobile-evolution-4G")
    assert re.findall(r'<th scope="row">(T\d 2025)</th>', history) == ["T2 2025", "T3 2025",
                                                                        "T4 2025"]  # fmt: skip
    # Its sites per operator, 2 each, 1 with 5G and 1 of the targeted-coverage scheme.
    sites = cells(table(section, "mobile-sites-tableau"))
    assert sites[-12:] == ["Bouygues Telecom", "2", "0", "2", "2", "1", "0", "0", "0", "0",
                           "1", "1"]  # fmt: skip
    assert "Couverture ciblée (DCC)" in sites
    # ANFR's stations of the latest week, by operator, technology and status.
    stations = table(section, "mobile-stations-tableau")
    assert stations.startswith("Stations ANFR – Dijon, semaine 1 de 2026</caption>")
    assert cells(stations) == ["Opérateur", "Technologie", "En service", "Orange", "4G", "2"]
    # Each table followed by its source and import; no arrêtés for a commune.
    assert section.count("Source : Arcep") == 5 and "détail de l'import n°" in section
    assert 'id="mobile-couverture-ciblee"' not in section


def test_an_epci_and_a_department_compare_with_the_region(client):
    populate(quarters=2, sites=1, weeks=0)
    epci = mobile_section(client, EPCI)
    assert "Couverture 4G – Dijon Métropole, T4 2025 (en %)" in epci
    labels = re.findall(r'<th scope="row">([^<]*)</th>', table(epci, "mobile-comparaison-4G"))
    assert labels == ["Dijon Métropole", "Bourgogne-Franche-Comté"]
    assert 'id="mobile-couverture-ciblee"' not in epci  # the scheme counts per department
    department = mobile_section(client, DEPARTMENT)
    labels = re.findall(r'<th scope="row">([^<]*)</th>', table(department, "mobile-comparaison-4G"))
    assert labels == ["Côte-d&#x27;Or", "Bourgogne-Franche-Comté"]
    # The department's sites (2 communes, 1 site per operator each), then its arrêtés.
    sites = cells(table(department, "mobile-sites-tableau"))
    assert sites[12:15] == ["Orange", "2", "0"]
    decrees = table(department, "mobile-ciblee-arretes")
    assert decrees.startswith("Couverture ciblée par arrêté – Côte-d&#x27;Or, T4 2025</caption>")
    assert re.findall(r'<th scope="row">([^<]*)</th>', decrees) == ["A-2018", "A-2021"]
    assert department.count("Source : Arcep") == 5


def test_a_commune_without_its_own_figures_is_still_compared(client):
    populate(quarters=1, sites=1, weeks=0)
    Commune.objects.create(code="21001", name="Agencourt", department_id="21")
    section = mobile_section(client, reverse("observatories:commune", args=["21001"]))
    assert "Aucune carte de couverture n'a encore été importée pour ce territoire." in section
    rows = re.findall(r'<th scope="row">([^<]*)</th>', table(section, "mobile-comparaison-4G"))
    assert rows == ["Agencourt", "Côte-d&#x27;Or", "Bourgogne-Franche-Comté"]
    assert "Aucun site mobile n'est recensé pour ce territoire" in section


def test_a_hostile_territory_name_is_text_in_every_caption(client):
    populate(quarters=1, sites=1, weeks=0)
    Commune.objects.filter(code="21231").update(name="<script>alert(1)</script>")
    html = client.get(COMMUNE).content.decode()
    assert "<script>alert(1)" not in html
    assert "Couverture 4G – &lt;script&gt;alert(1)&lt;/script&gt;, T4 2025" in html


@pytest.mark.parametrize("size", [(1, 1, 1), (3, 12, 2)], ids=["few", "many"])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The commune, its fixed figures (3), the mobile networks (5: its coverage and
        # history, its parents', its sites, its stations, then their imports), the
        # agenda's and the field reports' sections.
        (COMMUNE, 11),
        # The EPCI, its fixed figures (3), its members, the mobile networks (4).
        (EPCI, 9),
        # The department, its fixed figures (3), its EPCI, the mobile networks (5: with
        # the arrêtés).
        (DEPARTMENT, 10),
    ],
    ids=["commune", "epci", "department"],
)
def test_the_pages_read_the_same_queries_whatever_the_quarters_or_sites(
    client, django_assert_num_queries, url, queries, size
):
    populate(*size)  # quarters, sites per commune and operator, weeks
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_stations_are_tabled_by_operator_and_technology_most_advanced_status_first():
    rows = [
        SimpleNamespace(operator="20820", generation="5G", status="Projet approuvé", stations=3),
        SimpleNamespace(operator="20801", generation="4G", status="Autre", stations=1),
        SimpleNamespace(operator="20801", generation="4G", status="En service", stations=7),
    ]
    table = stations_table(rows)
    assert table["statuses"] == ["En service", "Projet approuvé", "Autre"]
    assert table["rows"] == [
        {"operator": "Orange", "generation": "4G", "counts": [7, 0, 1]},
        {"operator": "Bouygues Telecom", "generation": "5G", "counts": [0, 3, 0]},
    ]
