"""Who can do what in the directory and the accounts: every view and action, for
every role. Every role against every action, each checked on its own fresh data.

Roles: anonymous; member and admin of the organisation (agents); agent of another
organisation; curator (staff with the directory's permissions); administrator
(superuser). Outcomes: a status code, or LOGIN (redirected to the sign-in page).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.images import reencode_logo
from directory.models import Invitation, JoinRequest, Membership, User
from directory.organisations import services
from tests.directory.factories import (
    image_upload,
    make_agent,
    make_organisation,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "member", "org_admin", "other_agent", "curator", "superuser"]


@dataclass
class World:
    organisation: object
    draft: object
    colleague: Membership
    invitation: Invitation
    join_request: JoinRequest
    users: dict


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = make_organisation("Syndicat", slug="syndicat")
    organisation.logo.save("logo.png", reencode_logo(image_upload()))
    draft = make_organisation("Brouillon", slug="brouillon", is_published=False)
    other = make_organisation("Autre", slug="autre")
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    Membership.objects.create(user=admin, organisation=draft, role=Membership.Role.ADMIN)
    member = make_agent("membre@example.fr", organisation)
    Membership.objects.create(user=member, organisation=draft)
    colleague = Membership.objects.get(user=make_agent("collegue@example.fr", organisation))
    curator = User.objects.create_user(
        email="curatrice@example.fr", password="x" * 16, is_staff=True
    )
    curator.user_permissions.set(Permission.objects.filter(content_type__app_label="directory"))
    users = {
        "anonymous": None,
        "member": member,
        "org_admin": admin,
        "other_agent": make_agent("autre@example.fr", other),
        "curator": curator,
        "superuser": User.objects.create_superuser(
            email="admin-site@example.fr", password="x" * 16
        ),
    }
    invitation = services.invite(
        organisation=organisation, email="invite@example.fr", role="member", by=admin
    )
    join_request = JoinRequest.objects.create(
        user=make_agent("demandeur@example.fr", other), organisation=organisation
    )
    return World(organisation, draft, colleague, invitation, join_request, users)


def profile(world):
    o = world.organisation
    return {"name": "Syndicat renommé", "kind": o.kind, "contact_email": "contact@example.fr"}


# name: (method, url(world), data(world) or None, {role: expected})
ALL_OK = dict.fromkeys(ROLES, 200)
SIGNED_IN_OK = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}
AGENTS_ONLY = {
    "anonymous": LOGIN,
    "member": 200,
    "org_admin": 200,
    "other_agent": 403,
    "curator": 403,
    "superuser": 403,
}
ORG_ADMINS_ONLY = {**AGENTS_ONLY, "member": 403}
ORG_ADMINS_ACT = {**ORG_ADMINS_ONLY, "org_admin": 302}
STAFF_ONLY_ADMIN = {
    "anonymous": LOGIN,
    "member": LOGIN,
    "org_admin": LOGIN,
    "other_agent": LOGIN,
    "curator": 200,
    "superuser": 200,
}


def slug_url(name, *extra):
    return lambda w: reverse(name, args=[w.organisation.slug, *extra])


ACTIONS = {
    "annuaire": ("get", lambda w: reverse("directory:list"), None, ALL_OK),
    "fiche publiée": ("get", lambda w: w.organisation.get_absolute_url(), None, ALL_OK),
    "logo": ("get", lambda w: w.organisation.logo_url, None, ALL_OK),
    "fiche en brouillon": (
        "get",
        lambda w: w.draft.get_absolute_url(),
        None,
        {**ALL_OK, "anonymous": 404, "other_agent": 404},
    ),
    "modifier la fiche": ("get", slug_url("directory:edit"), None, AGENTS_ONLY),
    "enregistrer la fiche": (
        "post",
        slug_url("directory:edit"),
        profile,
        {**AGENTS_ONLY, "member": 302, "org_admin": 302},
    ),
    "modifier un brouillon (autre structure)": (
        "get",
        lambda w: reverse("directory:edit", args=[w.draft.slug]),
        None,
        {**AGENTS_ONLY, "other_agent": 404},
    ),
    "membres": ("get", slug_url("directory:members"), None, ORG_ADMINS_ONLY),
    "inviter": (
        "post",
        slug_url("directory:members"),
        lambda w: {"email": "nouveau@example.fr", "role": "member"},
        ORG_ADMINS_ACT,
    ),
    "changer un rôle": (
        "post",
        lambda w: reverse("directory:member_role", args=[w.organisation.slug, w.colleague.pk]),
        lambda w: {"role": "admin"},
        ORG_ADMINS_ACT,
    ),
    "retirer un membre": (
        "post",
        lambda w: reverse("directory:member_remove", args=[w.organisation.slug, w.colleague.pk]),
        lambda w: {},
        ORG_ADMINS_ACT,
    ),
    "annuler une invitation": (
        "post",
        lambda w: reverse(
            "directory:invitation_revoke", args=[w.organisation.slug, w.invitation.pk]
        ),
        lambda w: {},
        ORG_ADMINS_ACT,
    ),
    "formulaire pour rejoindre": ("get", slug_url("directory:join"), None, SIGNED_IN_OK),
    "demander à rejoindre": (
        "post",
        slug_url("directory:join"),
        lambda w: {"message": "Bonjour"},
        # agents of the organisation are told they already belong to it
        {**dict.fromkeys(ROLES, 302), "anonymous": LOGIN, "member": 200, "org_admin": 200},
    ),
    "mon compte": ("get", lambda w: reverse("accounts:account"), None, SIGNED_IN_OK),
    "mes données": ("get", lambda w: reverse("accounts:personal_data"), None, SIGNED_IN_OK),
    "supprimer mon compte (page)": (
        "get",
        lambda w: reverse("accounts:delete"),
        None,
        SIGNED_IN_OK,
    ),
    "changer de mot de passe": (
        "get",
        lambda w: reverse("accounts:password_change"),
        None,
        SIGNED_IN_OK,
    ),
    "connexion": (
        "get",
        lambda w: reverse("accounts:login"),
        None,
        {**ALL_OK, **{role: 302 for role in ROLES if role != "anonymous"}},
    ),
    "mot de passe oublié": ("get", lambda w: reverse("accounts:password_reset"), None, ALL_OK),
    "structures dans l'administration": (
        "get",
        lambda w: reverse("admin:directory_organisation_changelist"),
        None,
        STAFF_ONLY_ADMIN,
    ),
    "accepter une demande (administration)": (
        "post",
        lambda w: reverse("admin:directory_joinrequest_changelist"),
        lambda w: {"action": "approve", "_selected_action": [w.join_request.pk]},
        {**STAFF_ONLY_ADMIN, "curator": 302, "superuser": 302},
    ),
}


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
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


def test_refused_actions_change_nothing(client, world):
    """The POSTs refused above leave the data as it was (checked for one role)."""
    client.force_login(world.users["member"])
    for action in ("inviter", "changer un rôle", "retirer un membre", "annuler une invitation"):
        _, url, data, _ = ACTIONS[action]
        assert client.post(url(world), data(world)).status_code == 403
    world.colleague.refresh_from_db()
    assert world.colleague.role == "member"
    assert Invitation.objects.filter(pk=world.invitation.pk).exists()
    assert not Invitation.objects.filter(email="nouveau@example.fr").exists()
    assert JoinRequest.objects.get(pk=world.join_request.pk).status == "pending"
