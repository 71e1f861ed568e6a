"""Who can do what with a working group: every address, for every role, each checked
on its own fresh data.

Roles: anonymous; an agent who is not in the group; an agent whose request waits;
an invited agent; a member; a lead; a curator (staff, « Curateurs »: curators run
groups in the admin, not on these pages). Outcomes: a status code, or LOGIN
(redirected to the sign-in page). Rows of another group named in an address are 404.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from directory.models import GroupMembership, GroupNews
from tests.directory.factories import make_curator
from tests.directory.groups.factories import add_member, make_group, make_news, make_person

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "agent", "requested", "invited", "member", "lead", "curator"]
Status, Role = GroupMembership.Status, GroupMembership.Role


@dataclass
class World:
    group: object
    other: object  # another group, with its own rows
    colleague: GroupMembership  # a member the lead manages
    request: GroupMembership  # a request the lead decides (not the "requested" role's)
    public_news: GroupNews
    members_news: GroupNews
    other_row: GroupMembership
    other_news: GroupNews
    users: dict


@pytest.fixture
def world():
    group = make_group("Ouverture des données", slug="ouverture")
    other = make_group("Couverture mobile", slug="mobile")
    users = {
        "anonymous": None,
        "agent": make_person("agent@example.fr"),
        "requested": make_person("demande@example.fr"),
        "invited": make_person("invite@example.fr"),
        "member": make_person("membre@example.fr"),
        "lead": make_person("lead@example.fr"),
        "curator": make_curator(),
    }
    add_member(group, users["requested"], status=Status.REQUESTED)
    add_member(group, users["invited"], status=Status.INVITED)
    add_member(group, users["member"])
    add_member(group, users["lead"], role=Role.LEAD)
    add_member(group, make_person("colead@example.fr"), role=Role.LEAD)
    other_lead = make_person("autre-lead@example.fr")
    return World(
        group=group,
        other=other,
        colleague=add_member(group, make_person("collegue@example.fr")),
        request=add_member(group, make_person("demandeur@example.fr"), status=Status.REQUESTED),
        public_news=make_news(group, "Compte rendu public"),
        members_news=make_news(group, "Relevé réservé", visibility="membres"),
        other_row=add_member(other, other_lead, role=Role.LEAD),
        other_news=make_news(other, "Nouvelle d'un autre groupe"),
        users=users,
    )


ALL_OK = dict.fromkeys(ROLES, 200)
SIGNED_IN_OK = {**ALL_OK, "anonymous": LOGIN}
LEADS_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "lead": 200}
LEADS_ACT = {**LEADS_ONLY, "lead": 302}
MEMBERS_SEE = {**dict.fromkeys(ROLES, 404), "member": 200, "lead": 200, "curator": 200}


def group_url(name, *extra):
    return lambda w: reverse(f"groups:{name}", args=[w.group.slug, *extra])


def own_step(**codes):
    """A reader's own step: LOGIN for anonymous, 404 without the right row."""
    return {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, **codes}


def news_values(w):
    return {"title": "Relevé", "body": "Texte", "visibility": "public"}


# name: (method, url(world), data(world) or None, {role: expected})
ACTIONS = {
    "liste": ("get", lambda w: reverse("groups:list"), None, ALL_OK),
    "flux des groupes": ("get", lambda w: reverse("groups:feed"), None, ALL_OK),
    "page du groupe": ("get", lambda w: w.group.get_absolute_url(), None, ALL_OK),
    "flux du groupe": ("get", group_url("group_feed"), None, ALL_OK),
    "nouvelles du groupe": ("get", group_url("news_list"), None, ALL_OK),
    "nouvelle publique": ("get", lambda w: w.public_news.get_absolute_url(), None, ALL_OK),
    "nouvelle réservée": ("get", lambda w: w.members_news.get_absolute_url(), None, MEMBERS_SEE),
    "groupe inconnu": (
        "get",
        lambda w: reverse("groups:group", args=["inconnu"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    "nouvelle sous un autre groupe": (
        "get",
        lambda w: reverse("groups:news", args=[w.group.slug, w.other_news.pk]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    "mes groupes": ("get", lambda w: reverse("groups:mine"), None, SIGNED_IN_OK),
    "formulaire pour rejoindre": ("get", group_url("join"), None, SIGNED_IN_OK),
    "demander à rejoindre": (
        "post",
        group_url("join"),
        lambda w: {"organisation": "", "message": "Bonjour"},  # filled in by the test
        # only the agent outside the group may; the others are told why (the curator
        # belongs to no organisation)
        {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN, "agent": 302},
    ),
    "quitter": (
        "post",
        group_url("leave"),
        lambda w: {},
        own_step(requested=302, member=302, lead=302),
    ),
    "accepter l'invitation": ("post", group_url("accept"), lambda w: {}, own_step(invited=302)),
    "décliner l'invitation": (
        "post",
        group_url("decline_invitation"),
        lambda w: {},
        own_step(invited=302),
    ),
    "courriels du groupe": (
        "post",
        group_url("notify"),
        lambda w: {"notify": "0"},
        own_step(member=302, lead=302),
    ),
    "membres": ("get", group_url("members"), None, LEADS_ONLY),
    "inviter": (
        "post",
        group_url("members"),
        lambda w: {"email": "agent@example.fr", "message": ""},
        LEADS_ACT,
    ),
    "accepter une demande": (
        "post",
        lambda w: reverse("groups:approve", args=[w.group.slug, w.request.pk]),
        lambda w: {},
        LEADS_ACT,
    ),
    "refuser une demande": (
        "post",
        lambda w: reverse("groups:decline", args=[w.group.slug, w.request.pk]),
        lambda w: {},
        LEADS_ACT,
    ),
    "nommer animateur": (
        "post",
        lambda w: reverse("groups:role", args=[w.group.slug, w.colleague.pk]),
        lambda w: {"role": "lead"},
        LEADS_ACT,
    ),
    "retirer un membre": (
        "post",
        lambda w: reverse("groups:remove", args=[w.group.slug, w.colleague.pk]),
        lambda w: {},
        LEADS_ACT,
    ),
    "accepter une demande d'un autre groupe": (
        "post",
        lambda w: reverse("groups:approve", args=[w.group.slug, w.other_row.pk]),
        lambda w: {},
        {**LEADS_ACT, "lead": 404},
    ),
    "retirer un membre d'un autre groupe": (
        "post",
        lambda w: reverse("groups:remove", args=[w.group.slug, w.other_row.pk]),
        lambda w: {},
        {**LEADS_ACT, "lead": 404},
    ),
    "nouvelle (formulaire)": ("get", group_url("news_create"), None, LEADS_ONLY),
    "publier une nouvelle": ("post", group_url("news_create"), news_values, LEADS_ACT),
    "modifier une nouvelle (formulaire)": (
        "get",
        lambda w: reverse("groups:news_edit", args=[w.group.slug, w.members_news.pk]),
        None,
        LEADS_ONLY,
    ),
    "modifier une nouvelle": (
        "post",
        lambda w: reverse("groups:news_edit", args=[w.group.slug, w.members_news.pk]),
        news_values,
        LEADS_ACT,
    ),
    "modifier une nouvelle d'un autre groupe": (
        "post",
        lambda w: reverse("groups:news_edit", args=[w.group.slug, w.other_news.pk]),
        news_values,
        {**LEADS_ACT, "lead": 404},
    ),
    "supprimer une nouvelle": (
        "post",
        lambda w: reverse("groups:news_delete", args=[w.group.slug, w.public_news.pk]),
        lambda w: {},
        LEADS_ACT,
    ),
    "supprimer une nouvelle d'un autre groupe": (
        "post",
        lambda w: reverse("groups:news_delete", args=[w.group.slug, w.other_news.pk]),
        lambda w: {},
        {**LEADS_ACT, "lead": 404},
    ),
    "groupes dans l'administration": (
        "get",
        lambda w: reverse("admin:directory_workinggroup_changelist"),
        None,
        {**dict.fromkeys(ROLES, LOGIN), "curator": 200},
    ),
    "un groupe dans l'administration": (
        "get",
        lambda w: reverse("admin:directory_workinggroup_change", args=[w.group.pk]),
        None,
        {**dict.fromkeys(ROLES, LOGIN), "curator": 200},
    ),
}


def data_for(action, world, role):
    data = ACTIONS[action][2](world) if ACTIONS[action][2] else None
    user = world.users[role]
    if data is not None and "organisation" in data and user is not None:
        first = user.memberships.first()
        data["organisation"] = first.organisation_id if first else ""
    return data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, world, role, action):
    method, url, _, expected = ACTIONS[action]
    if world.users[role]:
        client.force_login(world.users[role])
    address = url(world)
    response = getattr(client, method)(address, data_for(action, world, role))
    outcome = expected[role]
    if outcome == LOGIN:
        assert response.status_code == 302, response.status_code
        login_url = reverse("accounts:login" if "/admin/" not in address else "admin:login")
        assert response["Location"].startswith(login_url), response["Location"]
    else:
        assert response.status_code == outcome, (action, role, response.status_code)


def test_refused_steps_change_nothing(client, world):
    """The POSTs refused above leave the data as it was (checked for a member)."""
    client.force_login(world.users["member"])
    before = sorted(GroupMembership.objects.values_list("pk", "status", "role"))
    news = sorted(GroupNews.objects.values_list("pk", "title", "visibility"))
    for action in ACTIONS:
        method, url, _, expected = ACTIONS[action]
        if method == "post" and expected["member"] in (403, 404):
            client.post(url(world), data_for(action, world, "member"))
    assert sorted(GroupMembership.objects.values_list("pk", "status", "role")) == before
    assert sorted(GroupNews.objects.values_list("pk", "title", "visibility")) == news


@pytest.mark.parametrize(
    "name", ["leave", "accept", "decline_invitation", "notify", "approve", "news_delete"]
)
def test_steps_are_posted_never_got(client, world, name):
    client.force_login(world.users["lead"])
    args = [world.group.slug] + ([world.request.pk] if name in ("approve",) else [])
    if name == "news_delete":
        args = [world.group.slug, world.public_news.pk]
    assert client.get(reverse(f"groups:{name}", args=args)).status_code == 405


def test_steps_need_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["lead"])
    url = reverse("groups:approve", args=[world.group.slug, world.request.pk])
    assert client.post(url).status_code == 403
    world.request.refresh_from_db()
    assert world.request.status == Status.REQUESTED
