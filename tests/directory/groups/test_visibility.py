"""Members-only news reach nobody but the group's members, on every surface the
directory has: the group's page, its news page and news list, the list of groups,
the site search, both Atom feeds, the sitemap, the orientation and organisation
pages, and the personal-data download of anyone else. Members see them on the
group's pages only; the outputs every reader shares (feeds, sitemap, search) never
hold them, whoever asks."""

import pytest
from django.urls import reverse

from directory.accounts.services import export_personal_data
from directory.models import GroupMembership
from scoran.lib.catalogues import search
from strategy.models import Orientation
from tests.directory.factories import make_curator
from tests.directory.groups.factories import add_member, make_group, make_news, make_person

pytestmark = pytest.mark.django_db

SECRET = "Zorglubien"
Status, Role = GroupMembership.Status, GroupMembership.Role


@pytest.fixture
def rows():
    orientation = Orientation.objects.get(number=14)
    group = make_group("Ouverture des données", slug="ouverture", orientations=[orientation])
    lead = make_person("lead@example.fr")
    organisation = lead.memberships.get().organisation
    add_member(group, lead, role=Role.LEAD)
    member = make_person("membre@example.fr")
    add_member(group, member)
    outsiders = {
        "agent": make_person("agent@example.fr"),
        "requested": make_person("demande@example.fr"),
        "invited": make_person("invite@example.fr"),
        "member of another group": make_person("ailleurs@example.fr"),
    }
    add_member(group, outsiders["requested"], status=Status.REQUESTED)
    add_member(group, outsiders["invited"], status=Status.INVITED)
    other = make_group("Couverture mobile")
    add_member(other, outsiders["member of another group"])
    public = make_news(group, "Compte rendu public", body="Un texte public.", author=lead)
    hidden = make_news(
        group,
        f"{SECRET} relevé",
        body=f"Le {SECRET} est réservé.",
        visibility="membres",
        author=lead,
    )
    return {
        "group": group,
        "orientation": orientation,
        "organisation": organisation,
        "lead": lead,
        "member": member,
        "outsiders": outsiders,
        "public": public,
        "hidden": hidden,
    }


def shared_surfaces(rows) -> dict[str, str]:
    """What every reader gets the same, signed in or not."""
    return {
        "list": reverse("groups:list"),
        "list searched": reverse("groups:list") + f"?q={SECRET}",
        "feed": reverse("groups:feed"),
        "feed searched": reverse("groups:feed") + f"?q={SECRET}",
        "group feed": reverse("groups:group_feed", args=[rows["group"].slug]),
        "sitemap": reverse("sitemap"),
        "orientation": rows["orientation"].get_absolute_url(),
        "organisation": rows["organisation"].get_absolute_url(),
    }


def group_surfaces(rows) -> dict[str, str]:
    return {
        "group page": rows["group"].get_absolute_url(),
        "news list": reverse("groups:news_list", args=[rows["group"].slug]),
    }


def assert_hidden(body: str, rows, where: str) -> None:
    """Neither its title, its text, nor its address (the searched word itself may be
    echoed in the filter box)."""
    for text in (rows["hidden"].title, rows["hidden"].body, rows["hidden"].get_absolute_url()):
        assert text not in body, where


def test_no_surface_shows_members_only_news_to_anyone_else(client, rows):
    readers = {"anonymous": None, **rows["outsiders"]}
    for name, user in readers.items():
        client.logout()
        if user:
            client.force_login(user)
        for where, url in {**shared_surfaces(rows), **group_surfaces(rows)}.items():
            response = client.get(url)
            assert response.status_code == 200, (name, where)
            assert_hidden(response.content.decode(), rows, f"{name}: {where}")
        assert client.get(rows["hidden"].get_absolute_url()).status_code == 404, name
    public = client.get(rows["public"].get_absolute_url())
    assert public.status_code == 200 and "Un texte public." in public.content.decode()


def test_the_shared_outputs_hold_the_public_news_only_whoever_asks(client, rows):
    client.force_login(rows["member"])
    for where, url in shared_surfaces(rows).items():
        body = client.get(url).content.decode()
        assert_hidden(body, rows, where)
    for where in ("feed", "group feed", "sitemap"):
        body = client.get(shared_surfaces(rows)[where]).content.decode()
        assert rows["public"].get_absolute_url() in body, where


def test_members_see_them_on_the_groups_pages_never_cached(client, rows):
    for user in (rows["member"], rows["lead"]):
        client.force_login(user)
        for where, url in group_surfaces(rows).items():
            response = client.get(url)
            assert rows["hidden"].title in response.content.decode(), where
            assert "no-store" in response["Cache-Control"], where
        response = client.get(rows["hidden"].get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert f"Le {SECRET} est réservé." in html
        assert '<meta name="robots" content="noindex">' in html
        assert "no-store" in response["Cache-Control"]


def test_the_site_search_finds_public_news_never_members_only_ones(rows):
    assert [r.title for r in search("groupes-nouvelles", SECRET)] == []
    assert [r.title for r in search("groupes-nouvelles", "public")] == ["Compte rendu public"]
    assert SECRET not in str([r.summary for r in search("groupes", "ouverture")])


def test_nobody_elses_personal_data_holds_them(rows):
    for user in (rows["member"], *rows["outsiders"].values()):
        assert SECRET not in str(export_personal_data(user=user))
    # Their author gets them back: their own data.
    assert SECRET in str(export_personal_data(user=rows["lead"])["nouvelles_de_groupes"])


def test_leaving_the_group_hides_them_again(client, rows):
    client.force_login(rows["member"])
    assert client.get(rows["hidden"].get_absolute_url()).status_code == 200
    rows["group"].memberships.filter(user=rows["member"]).delete()
    assert client.get(rows["hidden"].get_absolute_url()).status_code == 404
    assert_hidden(client.get(rows["group"].get_absolute_url()).content.decode(), rows, "page")


def test_a_news_item_turned_members_only_is_withdrawn_everywhere(client, rows):
    public = rows["public"]
    public.visibility = "membres"
    public.save()
    for where, url in shared_surfaces(rows).items():
        assert public.get_absolute_url() not in client.get(url).content.decode(), where
    assert client.get(public.get_absolute_url()).status_code == 404


def test_curators_read_them_as_the_one_rule_says(client, rows):
    client.force_login(make_curator())
    assert client.get(rows["hidden"].get_absolute_url()).status_code == 200
    for where, url in shared_surfaces(rows).items():
        assert_hidden(client.get(url).content.decode(), rows, where)
