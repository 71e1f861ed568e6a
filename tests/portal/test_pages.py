"""Home, information pages, site map, sitemap.xml and robots.txt."""

import re

import pytest
from django.urls import reverse

from observatories.models import Commune
from strategy.models import Orientation
from tests.conftest import h1_texts

pytestmark = pytest.mark.django_db

INFORMATION_PAGES = [
    ("portal:legal_notice", "Mentions légales"),
    ("portal:accessibility", "Déclaration d'accessibilité"),
    ("portal:privacy", "Données personnelles"),
]


def test_home_presents_the_space_the_three_enjeux_and_latest_updates(
    client, django_assert_num_queries
):
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(h1_texts(html)) == 1
    for title in (
        "Accélérer le déploiement des infrastructures numériques",
        "Engager la transformation numérique du territoire",
        "Innover par la donnée",
    ):
        assert title in html
    assert f'href="{reverse("strategy:overview")}"' in html
    assert "Dernières mises à jour" in html
    for name in ("observatories:home", "projects:list", "directory:list"):  # quick access
        assert f'href="{reverse(name)}"' in html.split('id="acces-rapides"', 1)[1]


def test_latest_updates_list_the_most_recently_edited_orientation_first(client):
    orientation = Orientation.objects.get(number=9)
    orientation.save()
    html = client.get(reverse("portal:home")).content.decode()
    section = html.split("Dernières mises à jour", 1)[1]
    first_link = re.search(r'href="([^"]+)"', section).group(1)
    assert first_link == orientation.get_absolute_url()


@pytest.mark.parametrize(("name", "title"), INFORMATION_PAGES)
def test_information_pages_exist_with_their_title(client, name, title):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert [re.sub(r"\s+", " ", h).strip() for h in h1_texts(response.content.decode())] == [title]


def test_footer_links_the_legal_pages_and_states_accessibility_compliance(client):
    html = client.get(reverse("portal:home")).content.decode()
    for name, _ in INFORMATION_PAGES:
        assert f'href="{reverse(name)}"' in html
    assert "Accessibilité : non conforme" in html


def test_navigation_marks_the_current_section(client):
    html = client.get(Orientation.objects.get(number=3).get_absolute_url()).content.decode()
    nav = html.split('aria-label="Menu principal"', 1)[1].split("</nav>", 1)[0]
    current = re.findall(r'<a[^>]*aria-current="page"[^>]*>\s*([^<]+?)\s*<', nav)
    assert current == ["La stratégie"]


def test_site_map_page_links_every_orientation(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("portal:site_map"))
    html = response.content.decode()
    for orientation in Orientation.objects.all():
        assert orientation.get_absolute_url() in html


def test_sitemap_xml_lists_public_pages_and_orientations(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    xml = response.content.decode()
    for orientation in Orientation.objects.all():
        assert f"http://testserver{orientation.get_absolute_url()}</loc>" in xml
    assert "http://testserver/strategie/indicateurs/</loc>" in xml
    assert "/admin/" not in xml


def test_sitemap_xml_lists_every_territory_in_queries_that_do_not_grow_with_them(
    client, small_region, django_assert_num_queries
):
    territory_urls = [
        reverse("observatories:commune", kwargs={"code": "21231"}),
        reverse("observatories:epci", kwargs={"siren": "242100410"}),
        reverse("observatories:department", kwargs={"code": "21"}),
    ]
    with django_assert_num_queries(17):  # orientations, territories (the observatory's and
        # the territory pages'), organisations, places, projects, working groups, resources,
        # aides, events, networks, data centres
        xml = client.get(reverse("sitemap")).content.decode()
    for url in territory_urls:
        assert f"<loc>http://testserver{url}</loc>" in xml
        assert client.get(url).status_code == 200, url

    Commune.objects.bulk_create(
        Commune(code=f"25{number:03}", name=f"Commune {number}", department_id="25")
        for number in range(100, 150)
    )
    with django_assert_num_queries(17):  # orientations, territories (the observatory's and
        # the territory pages'), organisations, places, projects, working groups, resources,
        # aides, events, networks, data centres
        xml = client.get(reverse("sitemap")).content.decode()
    assert len(re.findall(r"/observatoire/communes/\w+/</loc>", xml)) == 53
    assert len(re.findall(r"/territoires/communes/\w+/</loc>", xml)) == 53


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_every_page_of_the_sitemap_answers_with_one_h1(client):
    xml = client.get(reverse("sitemap")).content.decode()
    urls = re.findall(r"<loc>http://testserver([^<]+)</loc>", xml)
    assert len(urls) >= 22
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(h1_texts(response.content.decode())) == 1, url


def test_home_is_the_current_menu_entry_only_on_the_home_page(client):
    def current(url):
        html = client.get(url).content.decode()
        nav = html.split('aria-label="Menu principal"', 1)[1].split("</nav>", 1)[0]
        return re.findall(r'<a[^>]*aria-current="page"[^>]*>\s*([^<]+?)\s*<', nav)

    assert current(reverse("portal:home")) == ["Accueil"]
    assert current(reverse("portal:legal_notice")) == []


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.fullmatch(r"/static/img/favicon\.[0-9a-f]{12}\.svg", response["Location"])
