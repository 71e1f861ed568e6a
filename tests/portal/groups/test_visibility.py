"""Members-only content never reaches anyone else, through any surface: a working
group's members-only meeting and document appear on no shared surface (lists,
archives, calendars, feeds, search, sitemap, exports, orientation and organisation
pages, the indicator, error reports), for anybody, members and staff included
(those surfaces are the same for everyone); their pages, calendars and files are 404
for everyone but the group's active members and staff, who get them never cached;
the group's page and calendar show them to members and staff only; an agent of the
organiser who is not a member sees them in no list of theirs."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from icalendar import Calendar

from directory.models import Visibility
from portal.models import Event
from portal.resources.indicators import guide_downloads
from portal.search.services import rebuild_index
from scoran.lib.catalogues import CURATED_KINDS, REPORTABLE_KINDS, search
from strategy.models import Orientation
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.agenda.factories import PARIS, make_event
from tests.portal.factories import make_resource_row
from tests.portal.groups.factories import join, make_document, make_group

pytestmark = pytest.mark.django_db

SECRET = "Zorglubesque"
READERS = ["anonymous", "organiser's agent", "asked to join", "invited", "member", "staff"]
OUTSIDERS = READERS[:4]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


@pytest.fixture
def world(small_region):
    organiser = make_organisation("Syndicat organisateur", slug="organisateur")
    orientation = Orientation.objects.get(number=3)
    group = make_group()
    common = {
        "kind": Event.Kind.WORKING_GROUP,
        "working_group": group,
        "orientations": [orientation],
        "commune_id": "21231",
    }
    past = datetime.datetime.now(PARIS) - datetime.timedelta(days=10)
    members_only = {"visibility": Visibility.MEMBERS, **common}
    documents = {"organisation": organiser, "group": group, "orientations": [orientation]}
    world = {
        "organiser": organiser,
        "orientation": orientation,
        "group": group,
        "public_meeting": make_event("Réunion ouverte du groupe", organiser, **common),
        "meeting": make_event(f"{SECRET} réunion", organiser, **members_only),
        "past_meeting": make_event(f"{SECRET} passée", organiser, start=past, **members_only),
        "public_document": make_document(
            "Feuille de route du groupe", visibility=Visibility.PUBLIC, **documents
        ),
        # Designated as the guide of the indicator: its title must not show there either.
        "document": make_document(f"{SECRET} compte rendu", is_territory_guide=True, **documents),
    }
    rebuild_index()  # the site's search, as the nightly job leaves it
    return world


def secrets_of(world) -> list[str]:
    """What would show a members-only item: titles, addresses, calendar UIDs (not the
    word alone: a searched page echoes it)."""
    hidden = [world["meeting"], world["past_meeting"], world["document"]]
    return [
        *(item.title for item in hidden),
        *(item.slug for item in hidden),
        *(str(item.uid) for item in hidden[:2]),
    ]


def sign_in(client, world, reader: str):
    group = world["group"]
    if reader == "anonymous":
        return None
    if reader == "staff":
        user = make_curator()
    elif reader == "organiser's agent":  # of the organiser, not a member of the group
        user = make_agent("collegue@organisateur.fr", world["organiser"])
    else:
        user = make_agent(f"{reader.replace(' ', '-')}@ailleurs.fr", make_organisation("Ailleurs"))
        status = {"asked to join": "requested", "invited": "invited"}.get(reader, "active")
        join(group, user, status=status)
    client.force_login(user)
    return user


@pytest.fixture(params=READERS)
def reader(request, client, world):
    sign_in(client, world, request.param)
    return request.param


def shared_surfaces(world) -> dict[str, str]:
    agenda, resources = reverse("agenda:list"), reverse("resources:list")
    return {
        "agenda": agenda,
        "agenda searched": f"{agenda}?q={SECRET}",
        "agenda of group meetings": f"{agenda}?type=groupe-de-travail",
        "archives": reverse("agenda:archives"),
        "archives searched": reverse("agenda:archives") + f"?q={SECRET}",
        "agenda calendar": reverse("agenda:ical"),
        "agenda calendar searched": reverse("agenda:ical") + f"?q={SECRET}",
        "agenda calendar filtered": reverse("agenda:ical") + "?type=groupe-de-travail",
        "agenda feed": reverse("agenda:feed"),
        "agenda feed searched": reverse("agenda:feed") + f"?q={SECRET}",
        "resources": resources,
        "resources searched": f"{resources}?q={SECRET}",
        "resources csv": f"{resources}?format=csv",
        "resources csv searched": f"{resources}?format=csv&q={SECRET}",
        "resources feed": reverse("resources:feed"),
        "sitemap": reverse("sitemap"),
        "site search": reverse("search:results") + f"?q={SECRET}",
        "site search of the group": reverse("search:results") + "?q=groupe+reunion",
        "site search by orientation": reverse("search:results") + "?q=groupe&orientation=3",
        "orientation": world["orientation"].get_absolute_url(),
        "organisation": world["organiser"].get_absolute_url(),
    }


def test_no_shared_surface_shows_members_only_items_to_anybody(client, world, reader):
    surfaces = shared_surfaces(world)
    for name, url in surfaces.items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = text(response)
        for secret in secrets_of(world):
            assert secret not in body, (name, secret)
    # The group's public items are there: the surfaces work.
    for name in (
        "agenda",
        "agenda calendar",
        "agenda feed",
        "sitemap",
        "orientation",
        "site search of the group",
        "site search by orientation",
    ):
        assert world["public_meeting"].get_absolute_url() in text(client.get(surfaces[name]))
    for name in ("resources", "resources csv", "resources feed", "sitemap", "organisation"):
        assert world["public_document"].get_absolute_url() in text(client.get(surfaces[name]))
    workbook = client.get(reverse("resources:list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["Feuille de route du groupe"]


def test_no_filter_offers_an_organiser_of_members_only_items_alone(client, world):
    alone = make_organisation("Structure discrète", slug="structure-discrete")
    make_event("Réunion discrète", alone, working_group=world["group"], visibility="membres")
    make_document("Note discrète", alone, world["group"])
    for url in (reverse("agenda:list"), reverse("resources:list")):
        body = client.get(url).content.decode()
        assert "organisateur" in body and "structure-discrete" not in body, url


def test_no_search_report_nor_indicator_shows_them(client, world):
    assert search("agenda", SECRET) == [] and search("ressources", SECRET) == []
    found = client.get(reverse("search:results"), {"q": "groupe"}).text
    assert "Réunion ouverte du groupe" in found and "Feuille de route du groupe" in found
    assert [r.title for r in search("agenda", "réunion ouverte")] == ["Réunion ouverte du groupe"]
    for kind, name in (("agenda", "meeting"), ("ressources", "document")):
        lookup = REPORTABLE_KINDS[kind].lookup
        assert lookup(str(world[name].pk)) is None, kind
        assert lookup(str(world[f"public_{name}"].pk)) == world[f"public_{name}"], kind
    # Never designated as the smart-territory guide of the strategy's indicator.
    measure = guide_downloads()
    assert measure.points == [] and SECRET not in measure.source


@pytest.mark.parametrize("who", OUTSIDERS)
def test_their_pages_calendars_and_files_are_404_to_outsiders(client, world, who):
    sign_in(client, world, who)
    meeting, document = world["meeting"], world["document"]
    file = document.versions.get().files.get()
    for url in (
        meeting.get_absolute_url(),
        meeting.get_ical_url(),
        world["past_meeting"].get_absolute_url(),
        document.get_absolute_url(),
        document.get_download_url(),
        file.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["member", "staff"])
def test_members_and_staff_get_them_never_cached(client, world, who):
    sign_in(client, world, who)
    meeting, document = world["meeting"], world["document"]
    for item in (meeting, document):
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert "Réservé aux membres du groupe" in body
        assert '<a href="/groupes/ouverture-des-donnees/">Ouverture des données</a>' in body
        assert '<meta name="robots" content="noindex">' in body
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{meeting.get_ical_url()}"' in page and "webcal:" not in page
    calendar = client.get(meeting.get_ical_url())
    assert calendar.status_code == 200 and "private" in calendar["Cache-Control"]
    assert str(meeting.uid) in calendar.content.decode()
    file = document.versions.get().files.get()
    for url in (document.get_download_url(), file.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "private" in response["Cache-Control"], url


def test_public_items_of_a_group_stay_cacheable_and_show_their_group(client, world):
    for item in (world["public_meeting"], world["public_document"]):
        response = client.get(item.get_absolute_url())
        body = response.content.decode()
        assert response.status_code == 200 and "Réservé aux membres" not in body
        assert "Groupe de travail" in body and "/groupes/ouverture-des-donnees/" in body
        assert "no-store" not in response.get("Cache-Control", "")
        assert "noindex" not in body


def group_calendar(client, world) -> tuple[object, str]:
    response = client.get(reverse("agenda:group_ical", args=[world["group"].slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    Calendar.from_ical(response.content)  # valid
    return response, response.content.decode()


def test_the_group_calendar_and_page_show_members_only_items_to_members_and_staff(
    client, world, reader
):
    response, body = group_calendar(client, world)
    assert str(world["public_meeting"].uid) in body
    page = client.get(world["group"].get_absolute_url()).content.decode()
    assert world["public_meeting"].get_absolute_url() in page
    assert world["public_document"].get_absolute_url() in page
    if reader in OUTSIDERS:
        for secret in secrets_of(world):
            assert secret not in body and secret not in page, secret
    else:
        assert str(world["meeting"].uid) in body and str(world["past_meeting"].uid) in body
        assert "private" in response["Cache-Control"]
        for item in (world["meeting"], world["past_meeting"], world["document"]):
            assert item.get_absolute_url() in page
        assert "réservé aux membres" in page
    if reader == "anonymous":  # a calendar app subscribing: no session, public meetings
        assert "private" not in response.get("Cache-Control", "")


def test_an_agent_of_the_organiser_who_is_not_a_member_sees_none_in_their_lists(client, world):
    colleague = sign_in(client, world, "organiser's agent")
    for url in (reverse("agenda_agents:list"), reverse("resource_agents:mine")):
        body = client.get(url).content.decode()
        assert "Réunion ouverte du groupe" in body or "Feuille de route du groupe" in body
        assert SECRET not in body, url
    meeting, document = world["meeting"], world["document"]
    for url in (
        reverse("agenda_agents:edit", args=[meeting.slug]),
        reverse("resource_agents:edit", args=[document.slug]),
        reverse("resource_agents:new_version", args=[document.slug]),
    ):
        assert client.get(url).status_code == 404, url
    # Nor in the owners' reminders of what to review.
    for kind, item in (("agenda", meeting), ("ressources", document)):
        entry = CURATED_KINDS[kind]
        owners = entry.owners(type(item).objects.filter(pk=item.pk))
        assert colleague.email not in [email for _, email in owners]


def test_an_agent_of_the_organiser_who_is_a_member_keeps_them_in_their_lists(client, world):
    agent = make_agent("membre@organisateur.fr", world["organiser"])
    join(world["group"], agent)
    client.force_login(agent)
    assert f"{SECRET} réunion" in client.get(reverse("agenda_agents:list")).content.decode()
    mine = client.get(reverse("resource_agents:mine")).content.decode()
    assert f"{SECRET} compte rendu" in mine
    assert (
        client.get(reverse("agenda_agents:edit", args=[world["meeting"].slug])).status_code == 200
    )
    entry = CURATED_KINDS["ressources"]
    owners = entry.owners(type(world["document"]).objects.filter(pk=world["document"].pk))
    assert [email for _, email in owners] == ["membre@organisateur.fr"]


def test_a_member_who_leaves_loses_them_at_once(client, world):
    member = sign_in(client, world, "member")
    assert client.get(world["document"].get_absolute_url()).status_code == 200
    member.group_memberships.all().delete()
    assert client.get(world["document"].get_absolute_url()).status_code == 404
    assert client.get(world["meeting"].get_ical_url()).status_code == 404
    assert SECRET not in group_calendar(client, world)[1]


def test_made_members_only_they_leave_the_site_search_at_once(
    client, world, django_capture_on_commit_callbacks
):
    public = world["public_meeting"]
    url = reverse("search:results") + "?q=reunion+ouverte"
    assert public.get_absolute_url() in text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        public.visibility = Visibility.MEMBERS
        public.save()
    assert public.get_absolute_url() not in text(client.get(url))


def test_made_public_they_appear_everywhere(client, world):
    Event.objects.filter(pk=world["meeting"].pk).update(visibility=Visibility.PUBLIC)
    rebuild_index()
    for name in (
        "agenda",
        "agenda calendar",
        "agenda feed",
        "sitemap",
        "orientation",
        "site search",
    ):
        body = text(client.get(shared_surfaces(world)[name]))
        assert world["meeting"].get_absolute_url() in body, name
    assert client.get(world["meeting"].get_absolute_url()).status_code == 200


def test_a_members_only_document_kept_elsewhere_is_a_redirect_never_cached(client, world):
    """A document whose version is a link: the permanent link redirects members (never
    cached: where it lives is theirs too) and is a 404 to anybody else."""
    document = make_resource_row(
        "Tableau partagé",
        world["organiser"],
        link="https://exemple.fr/tableur",
        working_group=world["group"],
        visibility=Visibility.MEMBERS,
    )
    assert client.get(document.get_download_url()).status_code == 404
    sign_in(client, world, "member")
    response = client.get(document.get_download_url())
    assert response.status_code == 302 and response["Location"] == "https://exemple.fr/tableur"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
