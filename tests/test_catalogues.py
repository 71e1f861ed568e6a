"""Each catalogue entry shows where it must (``scoran/lib/catalogues.py``): every site
section on the site map, in sitemap.xml (or kept from crawlers) and, when it asks,
in the header menu; every followable list's feed is valid Atom honouring the list's
filters; every searchable kind finds its published rows and never an unpublished
one; every model field holding a person's data is declared in the personal-data
catalogue, with a policy that matches what deleting an account does."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from directory.models import Organisation
from observatories.models import Commune
from portal.search.services import rebuild_index
from portal.sitemaps import sitemaps
from scoran.lib.catalogues import (
    FOLLOWABLE_LISTS,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    OnDelete,
    declared_personal_fields,
    menu_sections,
    search,
    site_sections,
)
from scoran.lib.lists import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS
from strategy.models import ActionTrack, Indicator, Orientation
from tests.directory.factories import make_organisation, make_place, make_project_row
from tests.directory.groups.factories import make_group, make_news
from tests.observatories.operators.factories import make_network
from tests.portal.agenda.factories import make_event
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding
from tests.portal.hosting.factories import make_data_centre
from tests.portal.watch.factories import make_watch_item

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def content(small_region):
    """One published row of each kind the sections list."""
    carrier = make_organisation("Syndicat porteur", commune_id="21231")
    return {
        "organisation": carrier,
        "project": make_project_row("Fibre des écoles", carrier),
        "place": make_place("Tiers-lieu de Dijon"),
        "resource": make_resource_row("Guide des réseaux d'initiative publique", carrier),
        "funding": make_funding("Fonds numérique"),
        "event": make_event("Atelier du réseau", carrier),
        "watch_item": make_watch_item("La fibre à Dole"),
        "group_news": make_news(make_group("Ouverture des données"), "Compte rendu public"),
        "network": make_network("Réseau d'initiative publique du Doubs"),
        "data_centre": make_data_centre("Centre de données de Dijon"),
    }


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def sitemap_locations(client) -> set[str]:
    xml = client.get(reverse("sitemap")).content.decode()
    return {url.removeprefix("http://testserver") for url in re.findall(r"<loc>([^<]+)</loc>", xml)}


# ---------- Site sections ----------


def test_the_sections_of_every_app_are_registered():
    keys = set(SITE_SECTIONS.keys())
    for key in ("accueil", "strategie", "observatoire", "annuaire", "lieux", "projets"):
        assert key in keys
    assert {"mentions-legales", "accessibilite", "donnees-personnelles"} <= keys


def test_every_site_section_is_on_the_site_map_page(client):
    links = hrefs(client.get(reverse("portal:site_map")).content.decode())
    for section in site_sections():
        assert section.url in links, section.key


def test_every_indexed_section_is_in_the_sitemap_and_every_other_kept_from_crawlers(client):
    locations = sitemap_locations(client)
    robots = client.get(reverse("robots_txt")).content.decode().splitlines()
    for section in site_sections():
        if section.indexed:
            assert section.url in locations, section.key
        else:
            assert section.url not in locations, section.key
            assert f"Disallow: {section.url}" in robots, section.key


def test_the_pages_below_each_section_are_in_the_sitemap(client, content):
    locations = sitemap_locations(client)
    for key, sitemap in sitemaps().items():
        sitemap = sitemap() if isinstance(sitemap, type) else sitemap
        items = list(sitemap.items())
        assert items, key  # each has pages with this content
        for item in items:
            assert sitemap.location(item) in locations, key
    for page in (
        content["organisation"].get_absolute_url(),
        content["project"].get_absolute_url(),
        content["place"].get_absolute_url(),
        content["resource"].get_absolute_url(),
        content["group_news"].group.get_absolute_url(),
        content["group_news"].get_absolute_url(),
        content["network"].get_absolute_url(),
        content["data_centre"].get_absolute_url(),
        reverse("observatories:commune", args=["21231"]),
        Orientation.objects.get(number=2).get_absolute_url(),
    ):
        assert page in locations


def test_the_header_menu_holds_the_menu_sections_in_their_order(client):
    html = client.get(reverse("portal:home")).content.decode()
    nav = html.split('aria-label="Menu principal"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a class="main-nav__link" href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    assert links == [(section.url, section.menu_label) for section in menu_sections()]
    assert [label for _, label in links] == [
        "Accueil",
        "La stratégie",
        "Indicateurs",
        "Observatoire",
        "Annuaire",
        "Projets",
        "Lieux",
        "Ressources",
        "Aides",
        "Agenda",
        "Veille",
        "Groupes",
    ]


def test_the_site_map_lists_the_observatory_and_the_places_again(client):
    html = client.get(reverse("portal:site_map")).content.decode()
    for name in ("observatories:home", "observatories:commune_table", "places:list"):
        assert f'href="{reverse(name)}"' in html, name


# ---------- Followable lists ----------


def parse_atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted
    assert feed.tag == f"{ATOM}feed"
    for child in ("title", "id", "updated", "link"):
        assert feed.find(f"{ATOM}{child}") is not None, child
    for entry in feed.iter(f"{ATOM}entry"):
        for child in ("title", "id", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{child}") is not None, child
    return feed


@pytest.mark.parametrize("key", FOLLOWABLE_LISTS.keys())
def test_every_followable_list_has_a_valid_atom_feed_filtered_as_its_list(client, content, key):
    entry = FOLLOWABLE_LISTS[key]
    url = reverse(entry.feed_url_name)
    feed = parse_atom(client.get(url))
    assert len(feed.findall(f"{ATOM}entry")) == entry.queryset().count() >= 1
    assert (
        feed.find(f"{ATOM}link").get("href") == f"http://testserver{reverse(entry.list_url_name)}"
    )
    # A filter the list refuses (too long a text) gives no item, as the list shows none.
    assert "q" in entry.filterset.base_filters
    refused = parse_atom(client.get(url, {"q": "x" * (SEARCH_MAX_LENGTH + 1)}))
    assert refused.findall(f"{ATOM}entry") == []


def test_the_projects_feed_is_the_first_followable_list():
    assert FOLLOWABLE_LISTS.keys()[0] == "projets"
    assert reverse(FOLLOWABLE_LISTS["projets"].feed_url_name) == "/projets/flux/"


# ---------- Searchable kinds ----------


def orientation_rows(word):
    orientation = Orientation.objects.get(number=4)
    Orientation.objects.filter(pk=orientation.pk).update(context=f"Un texte sur {word}.")
    return orientation, None


def organisation_rows(word):
    return (
        make_organisation(f"Syndicat {word}"),
        make_organisation(f"Brouillon {word}", is_published=False),
    )


def place_rows(word):
    return make_place(f"Lieu {word}"), make_place(f"Caché {word}", published=False)


def project_rows(word):
    carrier = make_organisation("Porteur")
    return (
        make_project_row("Projet public", carrier, summary=f"Du {word}."),
        make_project_row(f"Brouillon {word}", carrier, state="draft"),
    )


def resource_rows(word):
    author = make_organisation("Autrice")
    return (
        make_resource_row("Guide public", author, summary=f"Du {word}."),
        make_resource_row(f"Brouillon {word}", author, state="draft"),
    )


def funding_rows(word):
    return (
        make_funding("Aide publique", summary=f"Du {word}."),
        make_funding(f"Brouillon {word}", state="draft"),
    )


def event_rows(word):
    organiser = make_organisation("Organisatrice")
    return (
        make_event("Atelier public", organiser, description=f"Du {word}."),
        make_event(f"Brouillon {word}", organiser, state="draft"),
    )


def watch_rows(word):
    return (
        make_watch_item("Information publique", summary=f"<p>Du {word}.</p>"),
        make_watch_item(f"Proposée {word}", state="submitted"),
    )


def group_rows(word):
    return make_group(f"Groupe {word}"), None  # every group is public


def group_news_rows(word):
    group = make_group("Groupe ouvert")
    return (
        make_news(group, "Compte rendu public", body=f"Du {word}."),
        make_news(group, f"Réservée {word}", visibility="membres"),
    )


def action_track_rows(word):
    track = ActionTrack.objects.order_by("pk").first()
    ActionTrack.objects.filter(pk=track.pk).update(detail=f"Une précision sur {word}.")
    return ActionTrack.objects.select_related("orientation").get(pk=track.pk), None


def indicator_rows(word):
    indicator = Indicator.objects.order_by("pk").first()
    Indicator.objects.filter(pk=indicator.pk).update(objective=f"Mesurer le {word}.")
    return indicator, None


def commune_rows(word):
    Commune.objects.filter(code="25056").update(name=f"Besançon-{word}")
    return Commune.objects.get(code="25056"), None  # every commune is public


SEARCH_ROWS = {
    "orientations": orientation_rows,
    "pistes": action_track_rows,
    "indicateurs": indicator_rows,
    "communes": commune_rows,
    "organisations": organisation_rows,
    "lieux": place_rows,
    "projets": project_rows,
    "ressources": resource_rows,
    "aides": funding_rows,
    "agenda": event_rows,
    "veille": watch_rows,
    "groupes": group_rows,
    "groupes-nouvelles": group_news_rows,
}


def test_every_searchable_kind_is_tested_here():
    assert set(SEARCHABLE_KINDS.keys()) == set(SEARCH_ROWS)


@pytest.mark.parametrize("kind", SEARCH_ROWS)
def test_each_kind_finds_its_published_rows_and_never_an_unpublished_one(small_region, kind):
    published, unpublished = SEARCH_ROWS[kind]("zorglub")
    results = search(kind, "ZORGLUB")
    entry = SEARCHABLE_KINDS[kind]
    assert [(r.title, r.link) for r in results] == [(entry.title(published), entry.link(published))]
    assert results[0].kind == kind
    if unpublished is not None:
        assert unpublished.get_absolute_url() not in {r.link for r in results}
    assert search(kind, "zorglub introuvable-ailleurs") == []  # every word must match


@pytest.mark.parametrize("kind", SEARCH_ROWS)
def test_the_site_search_finds_each_kinds_published_rows_and_never_an_unpublished_one(
    client, small_region, kind
):
    published, unpublished = SEARCH_ROWS[kind]("zorglub")
    rebuild_index()
    response = client.get(reverse("search:results"), {"q": "ZORGLUB", "type": kind})
    links = re.findall(r'class="card__title"><a href="([^"]*)"', response.text)
    assert links == [escape(SEARCHABLE_KINDS[kind].link(published))]
    if unpublished is not None:
        assert escape(unpublished.get_absolute_url()) not in response.text


def test_search_words_are_bounded_as_in_every_list():
    kind = SEARCHABLE_KINDS["organisations"]
    sql = str(kind.search(" ".join(["zorglub"] * 5000)).query)
    lookups = len(Organisation.objects.none().SEARCH)
    assert sql.count("LIKE") == SEARCH_MAX_WORDS * lookups  # not 5,000 words


# ---------- Personal data ----------


def our_models():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and ".venv" not in path.parts:
            yield from config.get_models()


def holds_personal_data(field) -> bool:
    user_model = get_user_model()
    if field.is_relation and field.related_model is user_model and field.concrete:
        return True
    if isinstance(field, ArrayField):
        field = field.base_field
    return isinstance(field, models.EmailField)


def personal_fields() -> dict[str, models.Field]:
    return {
        f"{model._meta.app_label}.{model.__name__}.{field.name}": field
        for model in our_models()
        for field in model._meta.get_fields()
        if holds_personal_data(field)
    }


def test_the_introspection_sees_our_apps_and_the_fields_it_must():
    found = personal_fields()
    for name in (
        "directory.User.email",
        "directory.ErrorReport.email",
        "directory.Place.emails",
        "directory.Membership.user",
        "observatories.ImportRun.triggered_by",
    ):
        assert name in found
    assert not any(name.startswith(("auth.", "admin.")) for name in found)


def test_every_field_holding_a_persons_data_is_declared():
    missing = set(personal_fields()) - set(declared_personal_fields())
    assert not missing, f"declare them in PERSONAL_DATA (scoran/lib/catalogues.py): {missing}"


def test_every_declaration_names_a_field_and_matches_what_deletion_does():
    fields = personal_fields()
    for name, (policy, entry) in declared_personal_fields().items():
        assert name in fields, f"{name} is declared but holds no personal data (or is gone)"
        field = fields[name]
        if field.model is get_user_model():
            assert policy is OnDelete.ERASE, name  # the account's own row goes
        elif field.is_relation:
            # A link to the account: its on_delete does what the declaration says,
            # unless the entry erases the rows itself.
            expected = {OnDelete.ERASE: models.CASCADE, OnDelete.DETACH: models.SET_NULL}
            assert policy in expected, f"{name}: a link to the account cannot be kept as is"
            on_delete = field.remote_field.on_delete
            assert on_delete is expected[policy] or entry.erase, name
        elif policy is not OnDelete.KEEP:
            # An address copied in a row: only the entry's erase can reach it.
            assert entry.erase is not None, f"{name}: {policy} needs an erase function"
