"""The observatory's mobile page: the region's and departments' figures as tables with
their source, the empty state, and a number of queries that does not grow with the
quarters imported."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from observatories.mobile import views
from tests.observatories.mobile.test_selectors import populate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

PAGE = reverse("observatories:mobile")
QUERIES = 6  # departments, coverage, sites, trend, communes, targeted progress


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """The page is cached per data version: each test gets an empty cache of its own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def test_without_mobile_data_the_page_says_so_in_french(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Aucune donnée sur les réseaux mobiles n'a encore été importée" in response.text
    assert "<table" not in response.text


def test_the_page_shows_coverage_trend_sites_communes_and_targeted_progress(client):
    populate(quarters=3, sites=2, weeks=1)
    text = client.get(PAGE).text
    # Coverage by operator and technology, with the four levels, for region and departments.
    assert "Couverture 4G – Bourgogne-Franche-Comté, T4 2025 (en %)" in text
    assert "Couverture 5G – Doubs (25), T4 2025 (en %)" in text
    for level in ("Pas de couverture", "Couverture limitée", "Bonne couverture",
                  "Très bonne couverture"):  # fmt: skip
        assert f'<th scope="col" class="num">{level}</th>' in text
    assert '<th scope="colgroup" colspan="4">Part de la surface</th>' in text
    # Dijon's 95 % + 2 quarters of progress, Belleneuve's 47 %: the Côte-d'Or at 72 %.
    assert '<td class="num">72,0 %</td>' in text or '<td class="num">72.0 %</td>' in text
    # The trend: one row per quarter.
    for quarter in ("T2 2025", "T3 2025", "T4 2025"):
        assert f'<th scope="row">{quarter}</th>' in text
    assert "T1 2025" not in text
    # Sites: 2 per commune and operator, 1 with 5G.
    assert "Sites mobiles – Côte-d&#x27;Or (21)" in text
    # The communes no operator covers well in 4G: Belleneuve alone, linked.
    assert "1 commune" in text and "Belleneuve (21060)" in text
    assert reverse("observatories:commune", kwargs={"code": "21060"}) in text
    # Targeted coverage by department and arrêté, in the four stages.
    assert "Couverture ciblée par département, T4 2025" in text
    assert '<th scope="row">A-2018</th>' in text
    for stage in ("En service", "En service sous 6 mois", "En attente de déploiement"):
        assert stage in text
    # Each figure with its source and import.
    assert text.count("Source : Arcep") >= 4
    assert "détail de l'import n°" in text


def test_the_communes_without_good_coverage_are_capped_with_their_count(client, monkeypatch):
    monkeypatch.setattr(views, "COMMUNES_SHOWN", 0)
    populate(quarters=1, sites=1, weeks=0)
    text = client.get(PAGE).text
    assert "1 commune, les 0 moins bien couvertes ci-dessous" in text
    assert "Belleneuve (21060)" not in text


@pytest.mark.parametrize("quarters", [1, 3])
def test_the_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, quarters
):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    populate(quarters=quarters, sites=quarters, weeks=1)
    with django_assert_num_queries(QUERIES):
        response = client.get(PAGE)
    assert response.status_code == 200
    with django_assert_num_queries(0):  # then from the cache, until the data changes
        assert client.get(PAGE).content == response.content


def test_the_page_is_in_the_observatory_sections(client):
    text = client.get(reverse("observatories:home")).text
    assert PAGE in text and "Couverture mobile" in text


def test_a_hostile_commune_name_is_shown_as_text(client):
    from observatories.models import Commune

    populate(quarters=1, sites=1, weeks=0)
    Commune.objects.filter(code="21060").update(name="<script>alert(1)</script>")
    text = client.get(PAGE).text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_the_published_samples_imported_show_on_the_page(client):
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun
    from tests.observatories.mobile import files

    for sample in (files.COVERAGE, files.SITES, files.TARGETED):
        import_file(sample, trigger=ImportRun.Trigger.COMMAND)
    text = client.get(PAGE).text
    assert "Aucune donnée sur les réseaux mobiles" not in text
    assert "Couverture 4G – Bourgogne-Franche-Comté, T3 2025 (en %)" in text
    assert "Sites mobiles – Bourgogne-Franche-Comté" in text
    assert "Couverture ciblée par département, T3 2025" in text
