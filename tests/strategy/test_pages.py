"""Public pages of the strategy: content, addresses and a fixed number of queries."""

import pytest
from django.urls import reverse

from strategy.models import ActionTrack, Indicator, Orientation
from tests.conftest import h1_texts

pytestmark = pytest.mark.django_db


def add_more_content():
    """More pistes and indicators than the seed has, to show query counts do not grow."""
    for orientation in Orientation.objects.all():
        for position in range(20, 26):
            ActionTrack.objects.create(
                orientation=orientation, position=position, title=f"Piste {position}"
            )
    axis = Orientation.objects.get(number=13).challenge.axis
    for position in range(100, 110):
        indicator = Indicator.objects.create(
            axis=axis, position=position, objective="Objectif", name=f"Indicateur {position}"
        )
        indicator.orientations.set(Orientation.objects.all())


@pytest.fixture(params=["seed", "more"])
def content(request):
    if request.param == "more":
        add_more_content()


def test_overview_shows_the_tree_and_links_every_orientation(
    client, content, django_assert_num_queries
):
    with django_assert_num_queries(4):
        response = client.get(reverse("strategy:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_texts(html) == ["La stratégie SCORAN BFC"]
    for orientation in Orientation.objects.all():
        assert f'href="{orientation.get_absolute_url()}"' in html
    assert "Défi n°5 – Organiser une culture de la donnée" in html
    assert "Innover par la donnée" in html
    assert "Éthique" in html


def test_orientation_address_is_readable_and_in_french():
    orientation = Orientation.objects.get(number=13)
    assert orientation.get_absolute_url() == (
        "/strategie/orientations/"
        "13-sensibiliser-et-former-les-acteurs-du-territoire-aux-enjeux-de-la-donnee/"
    )
    assert Orientation.objects.get(number=2).slug.endswith("faciliter-l-arrivee-de-la-5g")


def test_orientation_page_shows_context_figures_feedback_pistes_indicators(
    client, content, django_assert_num_queries
):
    orientation = Orientation.objects.get(number=1)
    # + its projects, working groups, resources, aides, events, watch
    with django_assert_num_queries(10):
        response = client.get(orientation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_texts(html) == [f"Orientation 1 – {orientation.title}"]
    assert "Chiffres clés du diagnostic" in html
    assert "323 000 locaux" in html
    assert "Retours de la concertation" in html
    assert "1.5 – Poursuivre la dynamique d&#x27;interconnexion" in html
    assert "Le taux de locaux raccordables au FttH" in html
    assert "Projets liés" in html and "Ressources liées" in html
    assert 'aria-current="page"' in html  # breadcrumbs end on this page


def test_orientation_markdown_is_rendered_and_html_in_it_escaped(client):
    orientation = Orientation.objects.get(number=14)
    orientation.context = "Un **point clé**.\n\n<script>alert(1)</script>"
    orientation.save()
    html = client.get(orientation.get_absolute_url()).content.decode()
    assert "<strong>point clé</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_orientation_with_an_outdated_slug_redirects_to_its_address(client):
    orientation = Orientation.objects.get(number=7)
    url = reverse("strategy:orientation", kwargs={"number": 7, "slug": "ancien-titre"})
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == orientation.get_absolute_url()


def test_unknown_orientation_is_a_404(client):
    url = reverse("strategy:orientation", kwargs={"number": 99, "slug": "inconnue"})
    assert client.get(url).status_code == 404


def test_indicators_page_lists_every_indicator_by_enjeu(client, content, django_assert_num_queries):
    # Indicators, their orientations, then one query per registered measure (places;
    # the guide « Territoires intelligents », none designated here; the collectivités'
    # open data, without data).
    with django_assert_num_queries(6):
        response = client.get(reverse("strategy:indicators"))
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_texts(html) == ["Indicateurs de suivi"]
    for indicator in Indicator.objects.all():
        assert f'id="indicateur-{indicator.pk}"' in html
    assert "Enjeu n°2 – Engager la transformation numérique du territoire" in html


def test_presentations_of_enjeux_and_defis_are_shown_where_they_belong(client):
    overview = client.get(reverse("strategy:overview")).content.decode()
    assert "Présentation de l'enjeu" in overview
    assert "La donnée devient un élément de valeur ajoutée" in overview
    page = client.get(Orientation.objects.get(number=2).get_absolute_url()).content.decode()
    assert "Présentation du défi" in page
    assert "La mise en place d'un socle d'infrastructures numériques" in page
