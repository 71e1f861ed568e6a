"""The territory pages (/territoires/…): each section's content and emptiness, the
figures compared with the department and the region (the observatory's own), former
codes redirected, hostile addresses, constant query counts and the page cache."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import Place, WorkingGroup
from observatories.caching import bump_data_version
from observatories.importing.pipeline import import_file
from observatories.models import Commune, ImportRun
from observatories.referential.sections import TERRITORY_SECTIONS, TerritorySection
from tests.conftest import h1_texts
from tests.directory.factories import make_organisation, make_place, make_project_row, make_user
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.ftth.test_import import SAMPLE as SAMPLE_FTTH
from tests.portal.agenda.factories import make_event
from tests.portal.factories import make_resource_row
from tests.portal.field_reports.factories import make_report
from tests.portal.funding.factories import make_funding
from tests.portal.groups.factories import join, make_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMUNE = reverse("territories:commune", args=["21231"])
EPCI = reverse("territories:epci", args=["242100410"])
DEPARTMENT = reverse("territories:department", args=["21"])
REGION = reverse("territories:region")
PAGES = [COMMUNE, EPCI, DEPARTMENT, REGION]


def section(html: str, key: str) -> str:
    """The section ``key`` of a page ("" without it)."""
    if f'<section id="{key}"' not in html:
        return ""
    return html.split(f'<section id="{key}"', 1)[1].split("</section>", 1)[0]


def page(client, url: str = COMMUNE) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def located():
    """Dijon and Besançon with their points (about 74 km apart)."""
    Commune.objects.filter(code="21231").update(latitude=47.3220, longitude=5.0415)
    Commune.objects.filter(code="25056").update(latitude=47.2378, longitude=6.0241)
    Commune.objects.filter(code="21060").update(latitude=47.3500, longitude=5.2400)


@pytest.fixture
def content(located):
    """Something of every kind at Dijon, at Besançon, and unpublished."""
    today = timezone.localdate()
    dijon = make_organisation("Syndicat de Dijon", commune_id="21231")
    besancon = make_organisation("Association de Besançon", commune_id="25056")
    make_organisation("Brouillon de Dijon", commune_id="21231", is_published=False)
    make_place("Lieu de Dijon")
    far = make_place("Lieu de Besançon", latitude=47.2378, longitude=6.0241)
    Place.objects.filter(pk=far.pk).update(commune_id="25056")
    make_place("Lieu caché", published=False)
    make_project_row("Écoles connectées", dijon, communes=["21231"])
    make_project_row("Projet bisontin", besancon, communes=["25056"], department_codes=["25"])
    make_project_row("Projet en brouillon", dijon, communes=["21231"], state="draft")
    group = WorkingGroup.objects.create(slug="mobile", name="Couverture mobile", theme="4G")
    join(group, make_user("agent@example.fr"), organisation=dijon)
    WorkingGroup.objects.create(slug="autre", name="Groupe sans Dijon", theme="Autre")
    make_funding("Aide régionale ouverte", regions=["27"])
    make_funding("Aide nationale", is_national=True)
    make_funding("Aide du Doubs", departments=["25"])
    make_funding("Aide close de Dijon", communes=["21231"],
                 sessions=[(None, today - datetime.timedelta(days=1))])  # fmt: skip
    make_event("Atelier à Dijon", dijon, commune_id="21231")
    make_event("Atelier à Belleneuve", dijon, commune_id="21060")
    make_event("Atelier à Besançon", besancon, commune_id="25056")
    make_resource_row("Guide dijonnais", dijon)
    make_resource_row("Guide bisontin", besancon)
    make_report(commune="21231", state="validated")
    return {"dijon": dijon, "besancon": besancon}


def test_the_commune_page_gathers_what_the_site_knows_of_it(client, content):
    html = page(client)
    places = section(html, "lieux")
    assert places.index("Lieu de Dijon") < places.index("Lieu de Besançon")
    assert "à 0,0 km à vol d'oiseau" in places and "à 74," in places
    assert "Lieu caché" not in places
    organisations = section(html, "structures")
    assert "Syndicat de Dijon" in organisations
    assert "Besançon" not in organisations and "Brouillon" not in organisations
    projects = section(html, "projets")
    assert "Écoles connectées" in projects
    assert "bisontin" not in projects and "brouillon" not in projects
    groups = section(html, "groupes")
    assert "Couverture mobile" in groups and "sans Dijon" not in groups
    aides = section(html, "aides")
    assert "Aide régionale ouverte" in aides and "Aide nationale" in aides
    assert "Doubs" not in aides and "close" not in aides
    assert 'href="/aides/?territoire=21231&amp;statut=ouvertes"' in aides
    events = section(html, "agenda")
    assert "Atelier à Dijon" in events and "Atelier à Belleneuve" in events
    assert "Besançon" not in events
    resources = section(html, "ressources")
    assert "Guide dijonnais" in resources and "bisontin" not in resources
    reports = section(html, "remontees-terrain")
    assert "Remontées terrain validées à Dijon" in reports


def test_larger_territories_gather_their_communes_rows(client, content):
    department = page(client, DEPARTMENT)
    assert "Syndicat de Dijon" in section(department, "structures")
    assert "Besançon" not in section(department, "structures")
    assert "Lieu de Dijon" in section(department, "lieux")
    assert "km à vol d'oiseau" not in section(department, "lieux")
    assert "Aide du Doubs" not in section(department, "aides")
    epci = page(client, EPCI)
    assert "Écoles connectées" in section(epci, "projets")
    assert "Guide dijonnais" in section(epci, "ressources")
    assert section(epci, "remontees-terrain") == ""  # counted per commune only
    region = page(client, REGION)
    for name in ("Syndicat de Dijon", "Association de Besançon"):
        assert name in section(region, "structures")
    assert "Projet bisontin" in section(region, "projets")
    doubs = page(client, reverse("territories:department", args=["25"]))
    assert "Projet bisontin" in section(doubs, "projets")
    assert "Aide du Doubs" in section(doubs, "aides")


def test_an_empty_territory_says_so_or_hides_the_section(client):
    html = page(client)
    assert "Aucun lieu de médiation numérique publié" in section(html, "lieux")
    assert "Aucune structure de l&#x27;annuaire" in section(html, "structures")
    assert "Aucun projet publié" in section(html, "projets")
    assert "Aucune aide publiée n&#x27;est ouverte" in section(html, "aides")
    assert "Aucun évènement à venir" in section(html, "agenda")
    for key in ("groupes", "ressources", "remontees-terrain"):
        assert section(html, key) == "", key
    assert "Aucune donnée de déploiement ni d'éligibilité" in html


@dataclass
class Row:
    name: str
    theme: str = "un thème"

    def get_absolute_url(self) -> str:
        return "/"


def test_a_section_registered_later_shows_on_every_page(client):
    """The point where the open-data status and the strategy's indicators plugged in."""
    entry = TerritorySection(
        key="a-venir",
        title="Une section à venir",
        template="directory/groups/includes/territory_rows.html",  # any row template
        rows=lambda scope: [Row(f"{scope.level} {scope.code}")],
    )
    with TERRITORY_SECTIONS.replaced(entry.key, entry):
        for url, expected in zip(
            PAGES, ["commune 21231", "epci 242100410", "department 21", "region 27"], strict=True
        ):
            assert expected in section(page(client, url), "a-venir")
    assert section(page(client), "a-venir") == ""


@pytest.mark.parametrize("url", PAGES)
def test_each_page_has_one_title_and_links_to_the_observatory(client, url):
    html = page(client, url)
    assert len(h1_texts(html)) == 1
    assert "Les chiffres détaillés dans l'observatoire" in html
    assert 'media="print"' in html and "territory-print" in html


@pytest.fixture
def imported():
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    return import_file(SAMPLE_FTTH, trigger=ImportRun.Trigger.COMMAND)


def between(html: str, start: str, end: str = "</section>") -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize(
    ("url", "observatory"),
    [
        (COMMUNE, reverse("observatories:commune", args=["21231"])),
        (EPCI, reverse("observatories:epci", args=["242100410"])),
        (DEPARTMENT, reverse("observatories:department", args=["21"])),
    ],
)
def test_the_figures_are_the_observatorys_compared_with_the_department_and_region(
    client, imported, url, observatory
):
    html, detailed = page(client, url), page(client, observatory)
    for start in ('<section aria-labelledby="ftth">', '<section aria-labelledby="comparaison">',
                  '<section aria-labelledby="mobile">'):  # fmt: skip
        assert between(html, start) == between(detailed, start), start
    assert "Source :" in between(html, '<section aria-labelledby="eligibilite">')
    compared = between(html, 'id="tableau-ftth-comparaison"', "</table>")
    # A commune is compared with its EPCI, department and region; the others with the region.
    parents = ("Côte-d&#x27;Or", "Bourgogne-Franche-Comté") if url == COMMUNE else ("Bourgogne",)
    for label in parents:
        assert f'<th scope="row">{label}' in compared
    assert f'href="{observatory}"' in html


def test_the_region_page_shows_the_observatory_homes_figures(client, imported):
    html = page(client, REGION)
    home = page(client, reverse("observatories:home"))
    start = '<section aria-labelledby="departements">'
    assert between(html, start) == between(home, start)
    assert "Source :" in between(html, '<section aria-labelledby="region">')


def test_a_former_code_redirects_to_its_successor(client):
    response = client.get(reverse("territories:commune", args=["21019"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("territories:commune", args=["21060"])


@pytest.mark.parametrize(
    "url",
    [
        "/territoires/communes/99999/",
        "/territoires/communes/%3Cscript%3E/",
        "/territoires/communes/2123%00/",
        "/territoires/communes/21231%27%20OR%201=1/",
        "/territoires/communes/" + "2" * 500 + "/",
        "/territoires/epci/12345678/",
        "/territoires/epci/999999999/",
        "/territoires/departements/99/",
        "/territoires/departements/2C/",
    ],
)
def test_forged_addresses_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_pages_answer_only_get(client):
    assert client.post(COMMUNE).status_code == 405


def test_titles_are_text_on_the_page(client, located):
    make_organisation("<script>alert(1)</script>", commune_id="21231")
    html = page(client)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def fill(count: int, organisation) -> None:
    """``count`` rows of every section at Dijon."""
    group_user = make_user(f"membre{count}@example.fr")
    for number in range(count):
        make_place(f"Lieu {number}")
        make_organisation(f"Structure {number}", commune_id="21231")
        make_project_row(f"Projet {number}", organisation, communes=["21231"])
        group = WorkingGroup.objects.create(slug=f"g{number}", name=f"Groupe {number}", theme="x")
        join(group, group_user, organisation=organisation)
        make_funding(f"Aide {number}", communes=["21231"])
        make_event(f"Atelier {number}", organisation, commune_id="21231")
        make_resource_row(f"Guide {number}", organisation)
        make_report(organisation, commune="21231", state="validated")


# The territory and its figures (none imported: the commune's mobile networks in 4
# queries, no import to load), then one query per section (8), two for the strategy's
# indicators (the indicators, their values), one for the open data.
QUERIES = {COMMUNE: 19, EPCI: 20, DEPARTMENT: 20, REGION: 20}


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("count", [1, 12])
def test_a_page_costs_the_same_queries_for_one_or_many_rows(
    client, located, url, count, django_assert_num_queries
):
    fill(count, make_organisation("Syndicat", commune_id="21231"))
    with django_assert_num_queries(QUERIES[url]):
        page(client, url)


def test_the_sections_are_live_on_a_page_whose_figures_are_cached(
    client, settings, django_assert_num_queries
):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()  # nothing cached by another test is seen here
    assert "Aide du jour" not in page(client)
    make_funding("Aide du jour", communes=["21231"])
    # The commune, then the sections (11 queries); the figures come from the cache.
    with django_assert_num_queries(12):
        assert "Aide du jour" in section(page(client), "aides")


def test_signed_in_readers_are_never_served_the_cache(client, settings):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()
    page(client)
    client.force_login(make_user("lecteur@example.fr"))
    Commune.objects.filter(code="21231").update(population=123456)
    assert re.search(r"123.456 habitants", page(client))


def test_members_only_meetings_and_documents_stay_off_the_pages(client, located):
    organisation = make_organisation("Syndicat de Dijon", commune_id="21231")
    group = WorkingGroup.objects.create(slug="prive", name="Groupe privé", theme="x")
    make_event("Réunion des membres", organisation, commune_id="21231", working_group=group,
               visibility="membres")  # fmt: skip
    make_document("Compte rendu réservé", organisation, group)
    make_event("Atelier public", organisation, commune_id="21231")
    make_document("Compte rendu public", organisation, group, visibility="public")
    client.force_login(make_user("lecteur@example.fr"))
    for url in PAGES:
        html = page(client, url)
        assert "Atelier public" in html and "Compte rendu public" in html, url
        assert "Réunion des membres" not in html and "Compte rendu réservé" not in html, url


def test_a_visitors_message_is_never_kept_in_the_page_cache(client, settings):
    """An anonymous reporter is sent back to the (cached) observatory page with a
    thank-you message: the next page they open shows it, and no other visitor ever
    reads it from the cache."""
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()
    report = reverse("reports:report", kwargs={"kind": "chiffres-communes", "key": "21231"})
    client.get(reverse("observatories:commune", args=["21231"]))  # kept in the cache
    assert client.post(report, {"message": "Chiffre faux."}).status_code == 302
    assert "votre signalement a été transmis" in page(client)
    for other in (Client(), client):  # another visitor, then the reporter once it is read
        assert "votre signalement" not in page(other)
        assert "votre signalement" not in page(
            other, reverse("observatories:commune", args=["21231"])
        )
