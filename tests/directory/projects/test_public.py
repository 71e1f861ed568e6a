"""Projects, public side: the list with its filters, pager, map, exports and feed; a
project's page and its preview; the projects on orientation and organisation pages;
the sitemap. Query counts pinned, the same for 1 and 20 projects."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from directory.models import Organisation, Project, ProjectDocument, ProjectFunding, ProjectImage
from observatories.models import EPCI, Commune, Department
from strategy.models import ActionTrack, Orientation
from tests.conftest import h1_texts
from tests.directory.factories import (
    image_upload,
    make_agent,
    make_organisation,
    make_project_row,
    make_user,
)
from tests.directory.places.test_places import complete_small_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(small_region):
    complete_small_region()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def titles_in(html: str, projects) -> list[str]:
    """The projects' titles in the order the page shows them."""
    found = [(html.find(f">{p.title}</a>"), p.title) for p in projects]
    return [title for position, title in sorted(found) if position >= 0]


def many_projects(count: int, **extra) -> list[Project]:
    carrier = make_organisation("Porteur", commune_id="21231")
    orientations = list(Orientation.objects.filter(number__in=[1, 4]))
    return [
        make_project_row(
            f"Projet {number:02}",
            carrier,
            orientations=orientations,
            communes=["21231"],
            department_codes=["21"],
            **extra,
        )
        for number in range(count)
    ]


# --- The list ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 20])
def test_list_shows_published_projects_in_constant_queries(
    client, region, count, django_assert_num_queries
):
    projects = many_projects(count)
    # count, rows, their orientations, choices of the orientation and department filters
    with django_assert_num_queries(5):
        response = client.get(reverse("projects:list"))
    html = response.content.decode()
    assert h1_texts(html) == ["Projets"]
    assert f"{count} projet" in html
    assert len(titles_in(html, projects)) == count
    assert "porté par Porteur (Dijon)" in html


def test_the_header_links_the_projects(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("projects:list")}">Projets</a>' in html
    html = client.get(reverse("projects:list")).content.decode()
    assert f'href="{reverse("projects:list")}" aria-current="page">Projets</a>' in html


@pytest.fixture
def varied(region):
    """Four published projects that differ by each filter."""
    dijon = make_organisation("Ville de Dijon", kind=Organisation.Kind.COMMUNE, commune_id="21231")
    syndicate = make_organisation("Doubs Numérique", commune_id="25056")
    one, four = Orientation.objects.get(number=1), Orientation.objects.get(number=4)
    return {
        "tiers-lieu": make_project_row(
            "Tiers-lieu connecté",
            dijon,
            orientations=[one],
            department_codes=["21"],
            status=Project.Status.ONGOING,
            description="Un espace de **coworking** rural.",
        ),
        "capteurs": make_project_row(
            "Capteurs de rivière",
            syndicate,
            orientations=[four],
            department_codes=["25"],
            status=Project.Status.DONE,
            summary="Mesurer les crues en temps réel.",
        ),
        "wifi": make_project_row(
            "Wifi des écoles",
            syndicate,
            orientations=[one, four],
            department_codes=["21", "25"],
            status=Project.Status.IDEA,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"tiers-lieu", "capteurs", "wifi"}),
        ({"orientation": "1"}, {"tiers-lieu", "wifi"}),
        ({"orientation": "4"}, {"capteurs", "wifi"}),
        ({"departement": "21"}, {"tiers-lieu", "wifi"}),
        ({"departement": "25"}, {"capteurs", "wifi"}),
        ({"avancement": "done"}, {"capteurs"}),
        ({"porteur": "commune"}, {"tiers-lieu"}),
        ({"q": "coworking"}, {"tiers-lieu"}),  # description
        ({"q": "crues"}, {"capteurs"}),  # summary
        ({"q": "doubs numérique"}, {"capteurs", "wifi"}),  # carrier, every word
        ({"q": "ÉCOLES"}, {"wifi"}),  # title, any case
        ({"orientation": "4", "departement": "21"}, {"wifi"}),
    ],
)
def test_filters_apply_to_the_list_and_the_map(client, varied, query, expected):
    html = client.get(reverse("projects:list"), query).content.decode()
    shown = {key for key, project in varied.items() if f">{project.title}</a>" in html}
    assert shown == expected
    features = client.get(reverse("projects:geojson"), query).json()["features"]
    assert {f["properties"]["nom"] for f in features} == {varied[k].title for k in expected}


def test_a_wrong_filter_is_said_and_shows_nothing(client, varied):
    response = client.get(reverse("projects:list"), {"orientation": "99"})
    html = response.content.decode()
    assert "Certains filtres sont incorrects" in html
    assert "Aucun projet ne correspond à ces filtres." in html
    assert client.get(reverse("projects:geojson"), {"orientation": "99"}).json()["features"] == []


def test_the_pager_keeps_the_filters(client, region):
    projects = many_projects(23)
    url = reverse("projects:list")
    first = client.get(url, {"orientation": "1"}).content.decode()
    assert len(titles_in(first, projects)) == 20
    assert 'href="?orientation=1&amp;page=2" rel="next"' in first
    second = client.get(url, {"orientation": "1", "page": "2"}).content.decode()
    assert titles_in(second, projects) == ["Projet 20", "Projet 21", "Projet 22"]
    assert "?orientation=1&amp;format=csv" in second  # exports carry the filters, not the page


# --- Exports -------------------------------------------------------------------------


def exported_csv(client, query) -> list[dict]:
    response = client.get(reverse("projects:list"), {**query, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="projets-scoran-bfc.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_holds_exactly_the_filtered_list_with_french_columns(client, varied):
    for query in ({}, {"departement": "25"}, {"q": "coworking"}):
        html = client.get(reverse("projects:list"), query).content.decode()
        rows = exported_csv(client, query)
        assert [row["titre"] for row in rows] == titles_in(html, varied.values())
    wifi = next(row for row in exported_csv(client, {}) if row["titre"] == "Wifi des écoles")
    assert wifi["structure porteuse"] == "Doubs Numérique"
    assert wifi["nature du porteur"] == "Syndicat mixte"
    assert wifi["orientations"] == "1, 4"
    assert wifi["départements"] == "21, 25"
    assert wifi["avancement"] == "Idée"
    assert wifi["adresse de la page"].endswith(varied["wifi"].get_absolute_url())


def test_xlsx_export_holds_the_same_rows(client, varied):
    response = client.get(reverse("projects:list"), {"orientation": "4", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert header[:3] == ("titre", "résumé", "structure porteuse")
    assert [row[0] for row in rows] == ["Capteurs de rivière", "Wifi des écoles"]


def test_export_lists_fundings_partners_and_territory(client, region):
    carrier = make_organisation("Porteur", commune_id="21231")
    partner = make_organisation("Partenaire")
    project = make_project_row(
        "Réseau",
        carrier,
        partners=[partner],
        partner_names="Université de Bourgogne\nLa Poste",
        communes=["21231", "21060"],
        action_tracks=[ActionTrack.objects.get(orientation__number=1, position=2)],
        budget=Decimal("125000"),
        start_date=datetime.date(2025, 1, 15),
    )
    ProjectFunding.objects.create(project=project, funder="Région", amount=Decimal("50000"))
    ProjectFunding.objects.create(project=project, funder="FEDER")
    (row,) = exported_csv(client, {})
    assert row["partenaires"] == "Partenaire, Université de Bourgogne, La Poste"
    assert row["pistes d'action"] == "1.2"
    assert set(row["communes"].split(", ")) == {"Dijon", "Belleneuve"}
    assert row["financements"] == "Région : 50000.00 €; FEDER"
    assert row["budget total (€)"] == "125000.00"
    assert row["début"] == "2025-01-15"


@pytest.mark.parametrize("count", [1, 20])
def test_export_queries_do_not_grow_with_the_rows(client, region, count, django_assert_num_queries):
    many_projects(count)
    with django_assert_num_queries(7):  # rows, orientations, partners, communes, pistes, fundings
        rows = exported_csv(client, {"orientation": "1"})
    assert len(rows) == count


# --- Feed ----------------------------------------------------------------------------


def test_feed_lists_the_latest_published_projects_filtered_as_the_list(client, varied):
    Project.objects.filter(pk=varied["capteurs"].pk).update(
        published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    response = client.get(reverse("projects:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.index("Wifi des écoles") < xml.index("Capteurs de rivière")  # newest first
    assert "<author><name>Doubs Numérique</name></author>" in xml
    assert f"http://testserver{varied['wifi'].get_absolute_url()}" in xml
    filtered = client.get(reverse("projects:feed"), {"departement": "21"}).content.decode()
    assert "Tiers-lieu connecté" in filtered and "Capteurs de rivière" not in filtered
    html = client.get(reverse("projects:list")).content.decode()
    feed = reverse("projects:feed")
    assert f'type="application/atom+xml" title="Projets publiés" href="{feed}"' in html


# --- Map -----------------------------------------------------------------------------


def test_a_project_is_placed_at_the_first_commune_of_its_territory_else_its_carriers(
    client, region
):
    besancon_org = make_organisation("Grand Besançon", commune_id="25056")
    nowhere = make_organisation("Sans commune")
    make_project_row("Sur son territoire", besancon_org, communes=["21231", "21060"])
    make_project_row("Chez son porteur", besancon_org)
    make_project_row("Nulle part", nowhere)
    collection = client.get(reverse("projects:geojson")).json()
    features = {f["properties"]["nom"]: f for f in collection["features"]}
    assert set(features) == {"Sur son territoire", "Chez son porteur"}
    dijon = Commune.objects.get(code="21060")  # 21060 < 21231: the first by INSEE code
    assert features["Sur son territoire"]["geometry"]["coordinates"] == [
        dijon.longitude,
        dijon.latitude,
    ]
    assert features["Chez son porteur"]["geometry"]["coordinates"] == [6.0243, 47.238]
    assert features["Chez son porteur"]["properties"]["lieu"] == (
        "Besançon – porté par Grand Besançon"
    )
    assert features["Chez son porteur"]["properties"]["url"].startswith("/projets/")


@pytest.mark.parametrize("count", [1, 20])
def test_map_points_cost_two_queries(client, region, count, django_assert_num_queries):
    many_projects(count)
    with django_assert_num_queries(2):
        features = client.get(reverse("projects:geojson")).json()["features"]
    assert len(features) == count


def test_list_page_holds_the_map_without_tiles_unless_configured(client, region, settings):
    html = client.get(reverse("projects:list"), {"orientation": "1"}).content.decode()
    assert f'data-geojson-url="{reverse("projects:geojson")}?orientation=1"' in html
    assert 'data-tiles-url=""' in html
    assert "/static/directory/js/points-map." in html
    settings.OBSERVATORY_TILES_URL = "/tuiles/{z}/{x}/{y}.png"
    html = client.get(reverse("projects:list")).content.decode()
    assert 'data-tiles-url="/tuiles/{z}/{x}/{y}.png"' in html


# --- A project's page ----------------------------------------------------------------


@pytest.fixture
def complete_project(region, media):
    carrier = make_organisation("Syndicat Côte-d'Or Numérique", commune_id="21231")
    partner = make_organisation("Université")
    epci = EPCI.objects.get(siren="242100410")
    project = make_project_row(
        "Fibre des hameaux",
        carrier,
        partners=[partner],
        partner_names="La Poste",
        communes=["21231"],
        epcis=[epci],
        departments=[Department.objects.get(code="21")],
        orientations=[Orientation.objects.get(number=1)],
        action_tracks=[ActionTrack.objects.get(orientation__number=1, position=2)],
        description="Raccorder **les hameaux**.\n\n<script>alert(1)</script>\n\n"
        "[piège](javascript:alert(1))",
        results="Trois hameaux *raccordés*.",
        status=Project.Status.ONGOING,
        start_date=datetime.date(2025, 3, 1),
        budget=Decimal("250000"),
        contact_email="fibre@syndicat.example.fr",
        website="https://fibre.example.fr",
        is_scoran_action=True,
        progress=40,
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2027, 12, 31),
        actual_start=datetime.date(2025, 2, 1),
        evaluation=Project.Evaluation.EXTEND,
        evaluated_on=datetime.date(2025, 11, 20),
        evaluation_comment="À étendre aux zones d'activité.",
    )
    ProjectFunding.objects.create(project=project, funder="Région", amount=Decimal("100000"))
    image = ProjectImage(project=project, alt_text="Tranchée ouverte le long d'un chemin")
    image.image.save("photo.png", image_upload("photo.png"), save=True)
    document = ProjectDocument(
        project=project, title="Bilan 2025", content_type="application/pdf", size=1_258_291
    )
    document.file.save("bilan.pdf", ContentFile(b"%PDF-1.4 bilan"), save=True)
    return project


def test_project_page_shows_everything_the_public_needs(client, complete_project):
    project = complete_project
    response = client.get(project.get_absolute_url())
    html = response.content.decode()
    assert h1_texts(html) == ["Fibre des hameaux"]
    assert "Raccorder <strong>les hameaux</strong>." in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html  # Markdown, escaped
    assert 'href="javascript:' not in html
    assert "Trois hameaux <em>raccordés</em>." in html
    assert f'href="{project.organisation.get_absolute_url()}"' in html
    assert f'<a href="{project.partners.get().get_absolute_url()}">Université</a>' in html
    assert "<li>La Poste</li>" in html
    assert reverse("observatories:commune", args=["21231"]) in html
    assert reverse("observatories:epci", args=["242100410"]) in html
    orientation = Orientation.objects.get(number=1)
    assert f'href="{orientation.get_absolute_url()}"' in html
    assert f'href="{orientation.get_absolute_url()}#piste-2"' in html
    assert "En cours" in html and "1 mars 2025" in html
    assert "250\xa0000 €" in html and "Région : 100\xa0000 €" in html
    image = project.images.get()
    assert (
        f'<img src="{reverse("projects:image", args=[project.slug, image.pk])}" '
        'alt="Tranchée ouverte le long d&#x27;un chemin"'
    ) in html
    document = project.documents.get()
    link = reverse("projects:document", args=[project.slug, document.pk])
    assert f'{link}">Bilan 2025</a> (PDF, 1,2' in html
    assert 'href="mailto:fibre@syndicat.example.fr"' in html
    # Follow-up of a SCORAN action
    assert "Suivi de l'action de la SCORAN" in html
    assert "40 %" in html and "31 décembre 2027" in html and "1 février 2025" in html
    assert "Étendre, le 20 novembre 2025 : À étendre aux zones d&#x27;activité." in html
    assert "noindex" not in html and "non visible du public" not in html
    assert "no-cache" not in response.get("Cache-Control", "")


def test_project_page_queries_do_not_grow_with_its_relations(
    client, complete_project, django_assert_num_queries
):
    # project, partners, communes, epcis, departments, orientations, pistes, images,
    # documents, fundings
    with django_assert_num_queries(10):
        client.get(complete_project.get_absolute_url())
    for number in range(5):
        ProjectFunding.objects.create(project=complete_project, funder=f"Financeur {number}")
    complete_project.partners.add(*(make_organisation(f"P{n}") for n in range(5)))
    complete_project.communes.add("21060", "25056")
    complete_project.orientations.add(*Orientation.objects.filter(number__gt=1)[:4])
    with django_assert_num_queries(10):
        client.get(complete_project.get_absolute_url())


def test_images_and_documents_are_served_with_their_project(client, complete_project):
    project = complete_project
    image = client.get(reverse("projects:image", args=[project.slug, project.images.get().pk]))
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    document = client.get(
        reverse("projects:document", args=[project.slug, project.documents.get().pk])
    )
    assert document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"] == 'attachment; filename="bilan-2025.pdf"'
    assert b"".join(document.streaming_content) == b"%PDF-1.4 bilan"
    other = make_project_row("Autre")
    assert (
        client.get(
            reverse("projects:image", args=[other.slug, project.images.get().pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested", "refused"])
def test_the_carriers_agents_and_curators_preview_an_unpublished_project(client, state):
    carrier = make_organisation("Porteur")
    project = make_project_row("Projet en préparation", carrier, state=state)
    label = Project.State(state).label
    for viewer in (
        make_agent(f"agent-{state}@example.fr", carrier),
        make_user(f"curateur-{state}@example.fr", is_staff=True),
    ):
        client.force_login(viewer)
        response = client.get(project.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert f"{label} — non visible du public." in html
        assert '<meta name="robots" content="noindex">' in html
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_draft_banner_says_brouillon(client):
    carrier = make_organisation("Porteur")
    project = make_project_row("Brouillon de projet", carrier, state="draft")
    client.force_login(make_agent("agent@example.fr", carrier))
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Brouillon — non visible du public." in html


def test_an_unknown_project_is_404(client):
    assert client.get(reverse("projects:detail", args=["inconnu"])).status_code == 404


# --- On other pages ------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 20])
def test_an_orientation_page_lists_its_published_projects(
    client, region, count, django_assert_num_queries
):
    projects = many_projects(count)
    make_project_row("Autre orientation", orientations=[Orientation.objects.get(number=2)])
    orientation = Orientation.objects.get(number=1)
    # + projects with their carrier, working groups, resources, aides, events, watch
    # items, the stored values of its indicators
    with django_assert_num_queries(11):
        html = client.get(orientation.get_absolute_url()).content.decode()
    assert '<h2 id="projets-titre">Projets liés</h2>' in html
    assert '<a href="#projets">Projets liés</a>' in html
    assert len(titles_in(html, projects)) == count
    assert "Autre orientation" not in html
    assert ("Aucun projet publié n&#x27;est encore rattaché" in html) == (count == 0)


def test_an_organisation_page_lists_the_projects_it_carries_or_joins(
    client, region, django_assert_num_queries
):
    organisation = make_organisation("Syndicat")
    other = make_organisation("Autre porteur")
    make_project_row("Porté", organisation)
    make_project_row("En partenariat", other, partners=[organisation, make_organisation("Tiers")])
    make_project_row("Sans lui", other)
    # organisation, themes, projects, working groups, resources, aides, events, data
    # centres
    with django_assert_num_queries(8):
        html = client.get(organisation.get_absolute_url()).content.decode()
    assert '<h2 id="projets-titre" class="section__title">Projets</h2>' in html
    assert html.count(">Porté</a>") == 1 and html.count(">En partenariat</a>") == 1
    assert "Porteur du projet" in html
    assert "Partenaire du projet porté par Autre porteur" in html
    assert "Sans lui" not in html
    html = client.get(make_organisation("Sans projet").get_absolute_url()).content.decode()
    assert "projets-titre" not in html


@pytest.mark.parametrize("count", [1, 20])
def test_sitemap_lists_published_projects_in_one_query(
    client, region, count, django_assert_num_queries
):
    projects = many_projects(count)
    with django_assert_num_queries(17):  # one per sitemap section (the territories: three each)
        xml = client.get(reverse("sitemap")).content.decode()
    for project in projects:
        assert f"<loc>http://testserver{project.get_absolute_url()}</loc>" in xml
    assert f"<loc>http://testserver{reverse('projects:list')}</loc>" in xml
