"""``/recherche/``: ranked results with facets and escaped excerpts, forged
parameters answered cleanly, the box in every page's header, a bounded number of
queries, kept from search engines."""

import re

import pytest
from django.urls import reverse

from portal.search import services
from scoran.lib.lists import SEARCH_MAX_LENGTH
from strategy.models import Orientation
from tests.conftest import h1_texts
from tests.directory.factories import make_organisation
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def index(*kinds: str) -> None:
    """Only these kinds indexed (the strategy's text speaks of fibre too)."""
    for kind in kinds or ("ressources", "aides"):
        services.rebuild_kind(kind=kind)


@pytest.fixture
def content(small_region):
    author = make_organisation("Syndicat auteur", commune_id="21231")
    two, five = Orientation.objects.filter(number__in=[2, 5]).order_by("number")
    make_resource_row(
        "Guide de la fibre numérique",
        author,
        summary="Pour les communes.",
        description="Tout sur le déploiement.",
        orientations=[two],
    )
    make_resource_row("Cahier des charges", author, summary="Un marché de fibre optique.")
    make_funding(
        "Aide au numérique", summary="Pour raccorder les écoles en fibre.", departments=["25"]
    )
    make_funding(
        "Aide aux tiers-lieux", summary="Le numérique en milieu rural.", orientations=[five]
    )
    index()


def titles(response) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]*">(.*?)</a></h3>', response.text)


def test_the_results_are_ranked_with_their_excerpt_marked(client, content):
    response = client.get(URL, {"q": "fibre"})
    assert response.status_code == 200
    assert titles(response) == [
        "Guide de la fibre numérique",
        "Cahier des charges",
        "Aide au numérique",
    ]
    assert "3 résultats pour « fibre »" in response.text
    assert "Un marché de <mark>fibre</mark> optique." in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert h1_texts(response.text) == ["Recherche"]


def test_texts_with_oe_and_ae_get_their_excerpt_marked_too(client, small_region):
    # « œ » normalised is « oe »: the excerpt maps the normalised text back.
    author = make_organisation("Syndicat auteur", commune_id="21231")
    make_resource_row(
        "Guide",
        author,
        summary="La mise en Œuvre du plan, au cœur des communes : la fibre <b>et</b> l'ex æquo.",
    )
    index("ressources")
    response = client.get(URL, {"q": "fibre"})
    assert (
        "… plan, au cœur des communes : la <mark>fibre</mark> "
        "&lt;b&gt;et&lt;/b&gt; l&#x27;ex æquo." in response.text
    )
    marked = client.get(URL, {"q": "oeuvre"}).text
    assert "… <mark>Œuvre</mark> du plan, au cœur des communes" in marked


def test_facets_count_by_kind_department_and_orientation(client, content):
    response = client.get(URL, {"q": "numerique"})
    text = response.text
    assert "Ressources (1)" in text and "Aides (2)" in text
    assert "Doubs (1)" in text
    assert "2. " in text and "5. " in text
    assert titles(client.get(URL, {"q": "numerique", "type": "aides"})) == [
        "Aide au numérique",
        "Aide aux tiers-lieux",
    ]
    assert titles(client.get(URL, {"q": "numerique", "departement": "25"})) == ["Aide au numérique"]
    assert titles(client.get(URL, {"q": "numerique", "orientation": "5"})) == [
        "Aide aux tiers-lieux"
    ]
    narrowed = client.get(URL, {"q": "numerique", "type": "aides"}).text
    # The other facets count within the kind chosen; the kinds, without it.
    assert "Ressources (1)" in narrowed and '<a href="?q=numerique">Tous</a>' in narrowed


def test_the_words_are_bounded_with_a_french_message(client, content):
    response = client.get(URL, {"q": "fibre " * 2_000})
    assert response.status_code == 200
    assert (
        f"Votre recherche est trop longue : {SEARCH_MAX_LENGTH} caractères au plus."
        in response.text
    )
    assert titles(response) == []
    empty = client.get(URL, {"q": "   "})
    assert empty.status_code == 200 and "Saisissez un ou plusieurs mots" in empty.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "fibre", "page": "-1"},
        {"q": "fibre", "page": "999999"},
        {"q": "fibre", "page": "abc"},
        {"q": "fibre", "type": "inconnu"},
        {"q": "fibre", "type": "<script>"},
        {"q": "fibre", "departement": "99"},
        {"q": "fibre", "departement": "'; DROP TABLE"},
        {"q": "fibre", "orientation": "999"},
        {"q": "fibre", "orientation": "x" * 5_000},
        {"q": "fibre & | ! ( ) :* <-> '"},
        {"q": "\x00fibre"},
    ],
)
def test_forged_parameters_are_answered_cleanly(client, content, params):
    response = client.get(URL, params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "<script>" not in response.text.split("<main", 1)[1]


def test_out_of_range_pages_give_the_last_one(client, content):
    assert titles(client.get(URL, {"q": "fibre", "page": "999999"})) == titles(
        client.get(URL, {"q": "fibre"})
    )


def test_hostile_content_is_escaped(client, small_region):
    author = make_organisation("Syndicat auteur")
    make_resource_row(
        "<script>alert('titre')</script> fibre",
        author,
        summary="<img src=x onerror=alert(1)> fibre <b>gras</b>",
    )
    index()
    response = client.get(URL, {"q": "fibre"})
    main = response.text.split("<main", 1)[1]
    assert "<script>" not in main and "<img" not in main and "<b>" not in main
    assert "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt; fibre" in main
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>fibre</mark> &lt;b&gt;gras&lt;/b&gt;" in main


def test_the_page_takes_a_fixed_number_of_queries(client, content, django_assert_num_queries):
    for number in range(25):
        make_resource_row(
            f"Fibre {number}", summary="fibre", orientations=[Orientation.objects.get(number=1)]
        )
    index()
    # The bounded reads (the count, the facets and the candidates, in one query), the
    # names of the departments and of the orientations, the ranked page, its excerpts.
    with django_assert_num_queries(5):
        response = client.get(URL, {"q": "fibre"})
    assert len(titles(response)) == 20
    with django_assert_num_queries(5):
        client.get(URL, {"q": "fibre", "page": "2", "type": "ressources"})
    with django_assert_num_queries(0):
        client.get(URL)


def test_the_pager_keeps_the_words_and_facets(client, content):
    for number in range(25):
        make_resource_row(f"Fibre {number}", summary="fibre")
    index()
    response = client.get(URL, {"q": "fibre", "type": "ressources"})
    assert 'href="?q=fibre&amp;type=ressources&amp;page=2"' in response.text


def test_a_commune_is_found_by_name_postcode_or_code_and_leads_to_its_page(client, small_region):
    from observatories.models import Commune

    Commune.objects.filter(code="21231").update(postcodes=["21000"])
    index("communes")
    page = reverse("territories:commune", kwargs={"code": "21231"})
    for words in ("dijon", "21000", "21231"):
        assert f'href="{page}"' in client.get(URL, {"q": words}).text, words


def test_every_page_has_the_search_box_in_its_header(client, small_region):
    for url in ("/", reverse("resources:list"), URL):
        header = client.get(url).text.split("</header>", 1)[0]
        assert 'role="search"' in header and 'action="/recherche/"' in header
        assert '<label for="recherche-site"' in header
    header = client.get(URL, {"q": "fibre"}).text.split("</header>", 1)[0]
    assert 'value="fibre"' in header


def test_beyond_the_bound_the_count_says_more_and_titles_rank_first(
    client, small_region, settings, monkeypatch
):
    monkeypatch.setattr("portal.search.selectors.CANDIDATES", 5)
    author = make_organisation("Syndicat auteur")
    for number in range(8):
        make_resource_row(f"Guide {number}", author, summary="Sur la fibre optique.")
    make_resource_row("La fibre en titre", author, summary="Autre chose.")
    index("ressources")
    response = client.get(URL, {"q": "fibre"})
    assert "Plus de 5 résultats pour « fibre »" in response.text
    assert "Nombres comptés sur les 5 premiers résultats." in response.text
    assert titles(response)[0] == "La fibre en titre"
    assert len(titles(response)) == 5


def test_beyond_the_bound_a_choice_is_counted_and_ranked_among_its_own_matches(
    client, small_region, monkeypatch
):
    monkeypatch.setattr("portal.search.selectors.CANDIDATES", 5)
    author = make_organisation("Syndicat auteur")
    for number in range(8):
        make_funding(f"Aide {number}", summary="Pour la fibre optique.")
    for number in range(3):
        make_resource_row(f"Guide {number}", author, summary="Sur la fibre optique.")
    index()
    response = client.get(URL, {"q": "fibre", "type": "ressources"})
    assert "3 résultats pour « fibre »" in response.text
    assert sorted(titles(response)) == ["Guide 0", "Guide 1", "Guide 2"]
    response = client.get(URL, {"q": "fibre", "type": "aides"})
    assert "Plus de 5 résultats pour « fibre »" in response.text
    assert len(titles(response)) == 5
    assert all(title.startswith("Aide ") for title in titles(response))
