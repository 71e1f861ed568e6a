"""Who can do what with projects: every agent page and every admin action, for every
role, each checked on its own fresh data.

Roles: anonymous; member and admin of the carrying organisation (agents); agent of
another organisation; curator (staff in the Curateurs group); administrator
(superuser). Outcomes: a status code, or LOGIN (redirected to the sign-in page).
Drafts of another organisation are 404 (their existence is not disclosed).
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from directory.models import Membership, Project, User
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    project_values,
)
from tests.directory.factories import make_project as _make_project

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "member", "org_admin", "other_agent", "curator", "superuser"]
State = Project.State


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@dataclass
class World:
    draft: Project
    published: Project
    waiting: Project
    action: Project
    users: dict


@pytest.fixture
def world():
    organisation = make_organisation("Syndicat", slug="syndicat")
    other = make_organisation("Autre", slug="autre")
    member = make_agent("membre@example.fr", organisation)
    org_admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    curator = make_curator()

    def make(title, state, **extra):
        return _make_project(organisation, by=member, title=title, state=state, curator=curator)

    action = make("Action SCORAN", State.DRAFT)
    Project.objects.filter(pk=action.pk).update(is_scoran_action=True)
    return World(
        draft=make("Brouillon", State.DRAFT),
        published=make("Publié", State.PUBLISHED),
        waiting=make("En attente", State.SUBMITTED),
        action=action,
        users={
            "anonymous": None,
            "member": member,
            "org_admin": org_admin,
            "other_agent": make_agent("autre@example.fr", other),
            "curator": curator,
            "superuser": User.objects.create_superuser(
                email="admin-site@example.fr", password="x" * 16
            ),
        },
    )


def agent_url(name, project):
    return lambda w: reverse(f"project_agents:{name}", args=[getattr(w, project).slug])


def admin_url(name, *args):
    return lambda w: reverse(f"admin:directory_project_{name}", args=[a(w) for a in args])


def pk(project):
    return lambda w: getattr(w, project).pk


def edit_data(w):
    data = {**project_values(title="Titre changé"), "status": "ongoing"}
    for prefix, extra in (("financements", 2), ("images", 1), ("documents", 1)):
        data[f"{prefix}-TOTAL_FORMS"] = str(extra)
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def selected(action, project, **extra):
    return lambda w: {"action": action, "_selected_action": [getattr(w, project).pk], **extra}


SIGNED_IN_OK = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}
AGENTS = {
    "anonymous": LOGIN,
    "member": 200,
    "org_admin": 200,
    "other_agent": 404,
    "curator": 403,
    "superuser": 403,
}
AGENTS_ACT = {**AGENTS, "member": 302, "org_admin": 302}
FOLLOWERS = {**AGENTS, "curator": 200, "superuser": 200}
STAFF = {
    "anonymous": LOGIN,
    "member": LOGIN,
    "org_admin": LOGIN,
    "other_agent": LOGIN,
    "curator": 200,
    "superuser": 200,
}
STAFF_ACT = {**STAFF, "curator": 302, "superuser": 302}

# name: (method, url(world), data(world) or None, {role: expected})
ACTIONS = {
    "mes projets": ("get", lambda w: reverse("project_agents:mine"), None, SIGNED_IN_OK),
    "nouveau projet (page)": (
        "get",
        lambda w: reverse("project_agents:create"),
        None,
        {**AGENTS, "other_agent": 200},
    ),
    "nouveau projet (enregistrer)": (
        "post",
        lambda w: reverse("project_agents:create"),
        edit_data,
        {**AGENTS_ACT, "other_agent": 302},  # for the organisation they belong to
    ),
    "modifier un brouillon (page)": ("get", agent_url("edit", "draft"), None, AGENTS),
    "modifier un brouillon (enregistrer)": (
        "post",
        agent_url("edit", "draft"),
        edit_data,
        AGENTS_ACT,
    ),
    "modifier un projet publié (page)": (
        "get",
        agent_url("edit", "published"),
        None,
        {**AGENTS, "other_agent": 403},
    ),
    "modifier un projet publié (enregistrer)": (
        "post",
        agent_url("edit", "published"),
        edit_data,
        {**AGENTS_ACT, "other_agent": 403},
    ),
    "modifier un projet en attente (page)": ("get", agent_url("edit", "waiting"), None, AGENTS),
    "soumettre": ("post", agent_url("submit", "draft"), lambda w: {}, AGENTS_ACT),
    "historique d'un brouillon": ("get", agent_url("history", "draft"), None, FOLLOWERS),
    "historique d'un projet publié": (
        "get",
        agent_url("history", "published"),
        None,
        {**FOLLOWERS, "other_agent": 403},
    ),
    "suivi (page)": ("get", agent_url("follow_up", "action"), None, FOLLOWERS),
    "suivi (enregistrer)": (
        "post",
        agent_url("follow_up", "action"),
        lambda w: {"progress": "30"},
        {**FOLLOWERS, "member": 302, "org_admin": 302, "curator": 302, "superuser": 302},
    ),
    "suivi d'un projet qui n'est pas une action": (
        "get",
        agent_url("follow_up", "draft"),
        None,
        {**FOLLOWERS, "member": 404, "org_admin": 404, "curator": 404, "superuser": 404},
    ),
    "file de modération": (
        "get",
        lambda w: reverse("admin:directory_project_changelist"),
        None,
        STAFF,
    ),
    "fiche dans l'administration": ("get", admin_url("change", pk("waiting")), None, STAFF),
    "pilotage": ("get", lambda w: reverse("admin:directory_project_steering"), None, STAFF),
    "publier (action groupée)": (
        "post",
        lambda w: reverse("admin:directory_project_changelist"),
        selected("publish", "waiting"),
        STAFF_ACT,
    ),
    "demander des modifications (page intermédiaire)": (
        "post",
        lambda w: reverse("admin:directory_project_changelist"),
        selected("request_changes", "waiting"),
        STAFF,
    ),
    "demander des modifications (appliquer)": (
        "post",
        lambda w: reverse("admin:directory_project_changelist"),
        selected("request_changes", "waiting", apply="1", message="À préciser."),
        STAFF_ACT,
    ),
    "refuser (appliquer)": (
        "post",
        lambda w: reverse("admin:directory_project_changelist"),
        selected("refuse", "waiting", apply="1", message="Hors sujet."),
        STAFF_ACT,
    ),
    "publier (page du projet)": (
        "get",
        admin_url("moderate", pk("waiting"), lambda w: "publier"),
        None,
        STAFF,
    ),
    "refuser (page du projet)": (
        "post",
        admin_url("moderate", pk("waiting"), lambda w: "refuser"),
        lambda w: {"message": "Doublon."},
        STAFF_ACT,
    ),
    "dépublier (page du projet)": (
        "post",
        admin_url("moderate", pk("published"), lambda w: "depublier"),
        lambda w: {"message": ""},
        STAFF_ACT,
    ),
}

# What each successful action leaves behind (checked to make sure it ran).
EFFECTS = {
    "publier (action groupée)": lambda w: w.waiting.state == State.PUBLISHED,
    "demander des modifications (appliquer)": lambda w: w.waiting.state == State.CHANGES_REQUESTED,
    "refuser (appliquer)": lambda w: w.waiting.state == State.REFUSED,
    "refuser (page du projet)": lambda w: w.waiting.state == State.REFUSED,
    "dépublier (page du projet)": lambda w: w.published.state == State.DRAFT,
    "soumettre": lambda w: w.draft.state == State.SUBMITTED,
    "modifier un brouillon (enregistrer)": lambda w: w.draft.title == "Titre changé",
    "suivi (enregistrer)": lambda w: w.action.progress == 30,
}


def refreshed(world):
    for project in (world.draft, world.published, world.waiting, world.action):
        project.refresh_from_db()
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, world, role, action):
    method, url, data, expected = ACTIONS[action]
    if world.users[role]:
        client.force_login(world.users[role])
    address = url(world)
    response = getattr(client, method)(address, data(world) if data else None)
    outcome = expected[role]
    if outcome == LOGIN:
        assert response.status_code == 302, response.status_code
        login_url = reverse("accounts:login" if "/admin/" not in address else "admin:login")
        assert response["Location"].startswith(login_url), response["Location"]
    else:
        assert response.status_code == outcome, (action, role, response.status_code)
    effect = EFFECTS.get(action)
    if effect is not None:
        assert effect(refreshed(world)) == (outcome == 302), (action, role)


def test_nothing_unpublished_reaches_the_public_or_other_organisations(world):
    stranger = world.users["other_agent"]
    titles = {p.title for p in Project.objects.visible_to(stranger)}
    assert titles == {"Publié"}
    from django.contrib.auth.models import AnonymousUser

    assert {p.title for p in Project.objects.visible_to(AnonymousUser())} == {"Publié"}
    assert {p.title for p in Project.objects.visible_to(world.users["member"])} == {
        "Brouillon",
        "Publié",
        "En attente",
        "Action SCORAN",
    }


def test_a_staff_member_without_the_projects_rights_cannot_moderate(client, world):
    staff = User.objects.create_user(email="staff@example.fr", password="x" * 16, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:directory_project_changelist")).status_code == 403
    assert client.get(reverse("admin:directory_project_steering")).status_code == 403
    url = reverse("admin:directory_project_moderate", args=[world.waiting.pk, "publier"])
    assert client.post(url).status_code == 403
    world.waiting.refresh_from_db()
    assert world.waiting.state == State.SUBMITTED
    # ...nor keep the follow-up of an action.
    follow_up = reverse("project_agents:follow_up", args=[world.action.slug])
    assert client.get(follow_up).status_code == 403
