"""The territory pages' sections from the observatory: the strategy's indicators (the
department's and the region's values, with date, source, target and gap) and the
collectivity's open data in the latest edition; at each level, empty, hostile, in
constant queries, and read live on a page whose figures are cached."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from observatories.caching import bump_data_version
from observatories.importing.pipeline import import_file
from observatories.models import CollectivityOpenData, Commune, ImportRun
from observatories.open_data.selectors import TerritoryOpenData, territory_open_data
from observatories.open_data.services import refresh_area_open_data
from observatories.referential.selectors import scope_of
from strategy.models import Indicator, IndicatorValue
from tests.observatories.open_data.files import COMMUNE_SIRENS, DECEMBER, JUNE, row, with_rows

from .test_pages import DEPARTMENT, EPCI, PAGES, QUERIES, REGION, page

# The next section of the page after one (an indicator's values are a nested section).
NEXT_SECTION = re.compile(r'<section id="(?!valeurs-)')

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

Q1, Q2 = datetime.date(2025, 3, 31), datetime.date(2025, 6, 30)


@pytest.fixture
def sirens():
    for code, siren in COMMUNE_SIRENS.items():
        Commune.objects.filter(code=code).update(siren=siren, population=1000)


@pytest.fixture
def editions(sirens):
    return [import_file(path, trigger=ImportRun.Trigger.COMMAND) for path in (JUNE, DECEMBER)]


def add_value(level, code, label, edition, value, *, measure="couverture_ftth", **extra):
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(measure=measure), level=level, code=code, label=label,
        year=edition.year, edition=edition,
        period=f"T{(edition.month - 1) // 3 + 1} {edition.year}",
        value=value, unit="%", origin="computed", **{"source": "Arcep", **extra},
    )  # fmt: skip


@pytest.fixture
def values():
    add_value("region", "27", "Bourgogne-Franche-Comté", Q2, 75.5, source_url="/imports/1/")
    add_value("department", "21", "Côte-d'Or", Q1, 50.0)
    add_value("department", "21", "Côte-d'Or", Q2, 80.0)
    add_value("department", "25", "Doubs", Q2, 70.0)


def section(html: str, key: str) -> str:
    """The section ``key`` of a page ("" without it), its nested sections included."""
    if f'<section id="{key}"' not in html:
        return ""
    return NEXT_SECTION.split(html.split(f'<section id="{key}"', 1)[1], 1)[0]


def labels(html: str) -> list[str]:
    """The territories of the indicators' table: its columns between the indicator
    and the target."""
    columns = [cell.split("</th>")[0] for cell in html.split('<th scope="col">')[1:]]
    return columns[columns.index("Indicateur") + 1 : columns.index("Cible")]


# ---------- The strategy's indicators ----------


def test_a_commune_shows_its_departments_and_the_regions_values_saying_so(client, values):
    html = section(page(client), "indicateurs")
    assert "Indicateurs de la stratégie" in html
    assert "pas pour chaque commune" in html and "du département de Dijon" in html
    assert labels(html) == ["Côte-d&#x27;Or", "Bourgogne-Franche-Comté"]  # no Doubs
    assert "80,0\u00a0%" in html and "75,5\u00a0%" in html
    assert '<time datetime="2025-06-30">T2 2025</time>' in html  # each value's date
    assert html.count("<table") == 1  # one table, a line per indicator
    assert "Évolution : T1 2025 : 50,0\u00a0% ; T2 2025 : 80,0\u00a0%." in html  # the trend as text
    assert "100\u00a0% en 2025" in html  # the target
    assert "20,0\u00a0points" in html and "24,5\u00a0points" in html  # the gaps
    assert '<a href="/imports/1/">Arcep</a>' in html  # the source
    assert f'href="{reverse("strategy:indicators")}"' in html
    assert "LPWan" not in html  # indicators without values are left to the strategy's page


@pytest.mark.parametrize(
    ("url", "expected", "says"),
    [
        (EPCI, ["Côte-d&#x27;Or", "Bourgogne-Franche-Comté"], "pas pour chaque intercommunalité"),
        (DEPARTMENT, ["Côte-d&#x27;Or", "Bourgogne-Franche-Comté"], ""),
        (REGION, ["Bourgogne-Franche-Comté"], ""),
        (reverse("territories:department", args=["25"]), ["Doubs", "Bourgogne-Franche-Comté"], ""),
    ],
)
def test_each_level_shows_its_own_values_first(client, values, url, expected, says):
    html = section(page(client, url), "indicateurs")
    assert labels(html) == expected
    assert ("pas pour chaque" in html) == bool(says) and says in html


def test_an_epci_over_two_departments_shows_both(client, values):
    Commune.objects.filter(code="25056").update(epci_id="242100410")
    html = section(page(client, EPCI), "indicateurs")
    assert labels(html) == ["Côte-d&#x27;Or", "Doubs", "Bourgogne-Franche-Comté"]
    assert "des départements de Dijon Métropole" in html


def test_without_values_the_section_says_so(client):
    html = section(page(client), "indicateurs")
    assert "Aucune valeur des indicateurs de la stratégie" in html
    assert "<table" not in html


def test_a_script_in_a_values_label_or_source_is_text(client):
    add_value("department", "21", "<script>alert(1)</script>", Q2, 80.0,
              source="<img src=x onerror=alert(1)>")  # fmt: skip
    html = section(page(client), "indicateurs")
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------- Open data ----------


def test_a_commune_shows_whether_it_publishes_with_its_platform(client, editions):
    html = section(page(client), "donnees-ouvertes")
    assert "Ouverture des données" in html
    assert 'édition du <time datetime="2025-12-31">31 décembre 2025</time>' in html
    assert "Dijon publie des données ouvertes" in html and ">oui</dd>" in html
    assert '<a href="https://data.dijon.fr" rel="nofollow noopener noreferrer">' in html
    assert '<dd class="stat__value">42</dd>' in html and '<dd class="stat__value">0</dd>' in html
    assert f"détail de l'import n°{editions[1].pk}" in html
    assert 'href="/observatoire/open-data/?departement=21&amp;type=commune"' in html
    assert "plus de 3 500 habitants" not in html  # the share is for departments and the region


def test_a_commune_that_does_not_publish_says_non(client, editions):
    html = section(page(client, reverse("territories:commune", args=["25056"])), "donnees-ouvertes")
    assert "Besançon publie des données ouvertes" in html
    html = section(page(client, reverse("territories:commune", args=["21060"])), "donnees-ouvertes")
    assert '<a href="http' not in html and ">aucune</dd>" in html


def test_an_epci_shows_its_own_row(client, editions):
    html = section(page(client, EPCI), "donnees-ouvertes")
    assert "Dijon Métropole publie des données ouvertes" in html
    assert "https://data.metropole-dijon.fr" in html and ">260</dd>" in html
    assert 'href="/observatoire/open-data/?type=epci"' in html


def test_a_department_shows_its_council_and_its_collectivites_share(client, editions):
    html = section(page(client, DEPARTMENT), "donnees-ouvertes")
    assert "Département de la Côte-d&#x27;Or publie des données ouvertes" in html
    assert "https://data.cotedor.fr" in html and ">35</dd>" in html and ">12</dd>" in html
    # Over 3,500 inhabitants in Côte-d'Or: the council, the metropole and Dijon, all publishing.
    assert "3 collectivités de plus de 3 500 habitants sur 3 publient" in html
    assert "<strong>100,0 %</strong>" in html
    assert 'href="/observatoire/open-data/?departement=21&amp;plus_de_3500=oui"' in html
    listed = client.get("/observatoire/open-data/?departement=21&plus_de_3500=oui")
    assert {row.name for row in listed.context["page"].object_list} == {
        "Département de la Côte-d'Or", "Dijon Métropole", "Dijon"
    }  # fmt: skip


def test_the_region_shows_its_own_row_and_the_regions_share(client, editions):
    html = section(page(client, REGION), "donnees-ouvertes")
    assert "Région Bourgogne-Franche-Comté publie des données ouvertes" in html
    assert ">130</dd>" in html and ">50</dd>" in html
    assert "6 collectivités de plus de 3 500 habitants sur 6 publient" in html
    assert 'href="/observatoire/open-data/?plus_de_3500=oui"' in html


def test_the_latest_edition_is_read_even_when_older_ones_hold_the_row(client, sirens, tmp_path):
    import_file(with_rows(tmp_path, [row(url="https://data.dijon.fr", platform="40")],
                          "2025-06-30_odf.csv"), trigger=ImportRun.Trigger.COMMAND)  # fmt: skip
    import_file(with_rows(tmp_path, [row(siren="212500565", nom="Besançon", platform="0")],
                          "2025-12-31_odf.csv"), trigger=ImportRun.Trigger.COMMAND)  # fmt: skip
    html = section(page(client), "donnees-ouvertes")
    assert "31 décembre 2025" in html
    assert "La collectivité (SIREN 212102313) ne figure pas dans cette édition." in html
    assert "data.dijon.fr" not in html


def test_a_commune_without_siren_or_a_department_without_rows(client, editions):
    Commune.objects.filter(code="21231").update(siren="")
    html = section(page(client), "donnees-ouvertes")
    assert "Le SIREN de cette collectivité n'est pas connu" in html
    CollectivityOpenData.objects.filter(department_id="25").delete()
    refresh_area_open_data()
    doubs = page(client, reverse("territories:department", args=["25"]))
    doubs = section(doubs, "donnees-ouvertes")
    assert "Aucune collectivité de plus de 3 500 habitants de ce territoire" in doubs
    assert "ne figure pas dans cette édition" in doubs


def test_without_edition_the_section_says_so(client):
    for url in PAGES:
        html = section(page(client, url), "donnees-ouvertes")
        assert "Aucune édition de l&#x27;observatoire open data" in html, url


def test_a_script_in_a_name_is_text(client, sirens, tmp_path):
    import_file(with_rows(tmp_path, [row(nom="<script>alert(1)</script>")]),
                trigger=ImportRun.Trigger.COMMAND)  # fmt: skip
    html = section(page(client), "donnees-ouvertes")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; publie" in html


def test_a_javascript_platform_never_becomes_a_link(editions):
    dijon = CollectivityOpenData.objects.filter(siren="212102313").first()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it
        CollectivityOpenData.objects.filter(pk=dijon.pk).update(platform_url="javascript:alert(1)")
    # A row built without the database (a later path, a constraint dropped): no link either.
    scope = scope_of(Commune.objects.select_related("department").get(code="21231"))
    status = territory_open_data(scope)[0]
    hostile = TerritoryOpenData(
        region=status.region, siren=status.siren, area=None, list_query="",
        own=CollectivityOpenData(name="Dijon", platform_url=" JavaScript:alert(1)",
                                 platform_datasets=1, datagouv_datasets=0),
    )  # fmt: skip
    html = render_to_string(
        "observatories/open_data/includes/territory.html", {"rows": [hostile], "scope": scope}
    )
    assert '<a href=" JavaScript' not in html and 'href="javascript' not in html.lower()
    assert "JavaScript:alert(1)" in html  # shown as text


# ---------- Queries and cache ----------


@pytest.mark.parametrize("url", PAGES)
def test_the_sections_cost_the_same_queries_with_data(client, values, editions, url,
                                                      django_assert_num_queries):  # fmt: skip
    with django_assert_num_queries(QUERIES[url]):
        page(client, url)


def test_the_sections_are_live_on_a_cached_page(client, settings, editions):
    """Curators enter indicator values in the admin, which bumps no data version: the
    figures of these sections are read at each request, like the other sections."""
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()
    assert "80,0\u00a0%" not in section(page(client), "indicateurs")
    add_value("department", "21", "Côte-d'Or", Q2, 80.0)
    assert "80,0\u00a0%" in section(page(client), "indicateurs")
    CollectivityOpenData.objects.filter(siren="212102313").update(platform_datasets=7)
    assert ">7</dd>" in section(page(client), "donnees-ouvertes")
