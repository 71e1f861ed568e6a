"""Who can do what with accounts, groups and permissions in the admin: every page,
for every role, each checked on its own fresh data. Only superusers manage
privileges (staff, superuser, groups, permissions) and passwords.

Roles: anonymous; agent (a member of an organisation); curator (staff in the
Curateurs group, nothing else); manager (staff holding every permission on accounts
and groups, but not superuser: what the admin must refuse even when a permission
was given by mistake); superuser. Outcomes: a status code, or LOGIN (redirected
to the admin's sign-in page).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from directory.models import User
from scoran.lib import roles
from tests.directory.factories import (
    PASSWORD,
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "agent", "curator", "manager", "superuser"]
NEW_PASSWORD = "prise-de-controle-2026"


@dataclass
class World:
    person: User  # an account without privileges
    admin: User  # a superuser, the target of a takeover
    group: Group
    users: dict


@pytest.fixture
def world():
    manager = make_user("gestionnaire@example.fr", is_staff=True)
    manager.user_permissions.set(
        Permission.objects.filter(content_type__app_label="auth")
        | Permission.objects.filter(content_type__model="user")
    )
    superuser = User.objects.create_superuser(email="admin-site@example.fr", password=PASSWORD)
    return World(
        person=make_user("personne@example.fr"),
        admin=User.objects.create_superuser(email="autre-admin@example.fr", password=PASSWORD),
        group=Group.objects.get(name=roles.CURATORS),
        users={
            "anonymous": None,
            "agent": make_agent("agent@example.fr", make_organisation()),
            "curator": make_curator(),
            "manager": manager,
            "superuser": superuser,
        },
    )


def user_url(name, who):
    return lambda w, me: reverse(f"admin:directory_user_{name}", args=[who(w, me).pk])


def password_url(who):
    # Django names the page after its own user model, whatever the model.
    return lambda w, me: reverse("admin:auth_user_password_change", args=[who(w, me).pk])


PERSON = lambda w, me: w.person  # noqa: E731
ADMIN = lambda w, me: w.admin  # noqa: E731
MYSELF = lambda w, me: me or w.person  # noqa: E731 (anonymous: someone's page)


def account(who, **changes):
    """A complete POST of a change page (what a superuser's form holds)."""

    def data(w, me):
        user = who(w, me)
        return {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
            **changes,
        }

    return data


def password(w, me):
    return {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


ADMIN_LOGIN = {"anonymous": LOGIN, "agent": LOGIN}
SUPERUSERS = {**ADMIN_LOGIN, "curator": 403, "manager": 403, "superuser": 200}
SUPERUSERS_ACT = {**SUPERUSERS, "superuser": 302}
VIEWERS = {**ADMIN_LOGIN, "curator": 200, "manager": 200, "superuser": 200}

# name: (method, url(world, me), data(world, me) or None, {role: expected})
ACTIONS = {
    "comptes (liste)": (
        "get",
        lambda w, me: reverse("admin:directory_user_changelist"),
        None,
        VIEWERS,
    ),
    "compte (fiche)": ("get", user_url("change", PERSON), None, VIEWERS),
    "compte d'un superutilisateur (fiche)": ("get", user_url("change", ADMIN), None, VIEWERS),
    "se rendre superutilisateur": (
        "post",
        user_url("change", MYSELF),
        account(MYSELF, is_staff="on", is_superuser="on"),
        SUPERUSERS_ACT,
    ),
    "donner des droits à un compte": (
        "post",
        user_url("change", PERSON),
        account(PERSON, is_staff="on", groups=["GROUP"]),
        SUPERUSERS_ACT,
    ),
    "changer l'adresse d'un compte": (
        "post",
        user_url("change", PERSON),
        account(PERSON, email="nouvelle@example.fr"),
        {**SUPERUSERS_ACT, "manager": 302},
    ),
    "changer l'adresse d'un superutilisateur": (
        "post",
        user_url("change", ADMIN),
        account(ADMIN, email="pirate@example.fr", is_staff="on", is_superuser="on"),
        SUPERUSERS_ACT,
    ),
    "changer l'adresse d'un superutilisateur (sans les droits)": (
        "post",
        user_url("change", ADMIN),
        account(ADMIN, email="pirate@example.fr"),
        SUPERUSERS_ACT,
    ),
    "mot de passe d'un superutilisateur (page)": (
        "get",
        password_url(ADMIN),
        None,
        SUPERUSERS,
    ),
    "mot de passe d'un superutilisateur (changer)": (
        "post",
        password_url(ADMIN),
        password,
        SUPERUSERS_ACT,
    ),
    "mot de passe d'un compte (changer)": (
        "post",
        password_url(PERSON),
        password,
        SUPERUSERS_ACT,
    ),
    "ajouter un compte (page)": (
        "get",
        lambda w, me: reverse("admin:directory_user_add"),
        None,
        SUPERUSERS,
    ),
    "ajouter un compte (enregistrer)": (
        "post",
        lambda w, me: reverse("admin:directory_user_add"),
        lambda w, me: {"email": "ajout@example.fr", **password(w, me)},
        SUPERUSERS_ACT,
    ),
    "supprimer un compte": (
        "post",
        user_url("delete", PERSON),
        lambda w, me: {"post": "yes"},
        {**SUPERUSERS_ACT, "manager": 302},
    ),
    "supprimer un superutilisateur": (
        "post",
        user_url("delete", ADMIN),
        lambda w, me: {"post": "yes"},
        SUPERUSERS_ACT,
    ),
    "supprimer des comptes (action groupée)": (
        "post",
        lambda w, me: reverse("admin:directory_user_changelist"),
        lambda w, me: {
            "action": "delete_selected",
            "_selected_action": [w.admin.pk],
            "post": "yes",
        },
        # without the action, the list comes back and nothing is done
        {**ADMIN_LOGIN, "curator": 200, "manager": 200, "superuser": 302},
    ),
    "groupes (liste)": (
        "get",
        lambda w, me: reverse("admin:auth_group_changelist"),
        None,
        SUPERUSERS,
    ),
    "groupe (fiche)": (
        "get",
        lambda w, me: reverse("admin:auth_group_change", args=[w.group.pk]),
        None,
        SUPERUSERS,
    ),
    "groupe (lui donner une permission)": (
        "post",
        lambda w, me: reverse("admin:auth_group_change", args=[w.group.pk]),
        lambda w, me: {
            "name": w.group.name,
            "permissions": [Permission.objects.get(codename="change_user").pk],
        },
        SUPERUSERS_ACT,
    ),
    "ajouter un groupe (page)": (
        "get",
        lambda w, me: reverse("admin:auth_group_add"),
        None,
        SUPERUSERS,
    ),
    "permissions (liste)": (
        "get",
        lambda w, me: reverse("admin:index") + "auth/permission/",
        None,
        {**ADMIN_LOGIN, "curator": 404, "manager": 404, "superuser": 404},
    ),
}


def _changed(world, me) -> dict:
    """What each action would change, as it is now."""
    person = User.objects.filter(pk=world.person.pk).first() or world.person
    admin = User.objects.filter(pk=world.admin.pk)
    return {
        # (the superuser was one already)
        "se rendre superutilisateur": me is not None and User.objects.get(pk=me.pk).is_superuser,
        "donner des droits à un compte": person.is_staff or person.groups.exists(),
        "changer l'adresse d'un compte": person.email == "nouvelle@example.fr",
        "changer l'adresse d'un superutilisateur": admin.filter(email="pirate@example.fr").exists(),
        "changer l'adresse d'un superutilisateur (sans les droits)": admin.filter(
            email="pirate@example.fr"
        ).exists(),
        "mot de passe d'un superutilisateur (changer)": any(
            user.check_password(NEW_PASSWORD) for user in admin
        ),
        "mot de passe d'un compte (changer)": person.check_password(NEW_PASSWORD),
        "ajouter un compte (enregistrer)": User.objects.filter(email="ajout@example.fr").exists(),
        "groupe (lui donner une permission)": world.group.permissions.filter(
            codename="change_user"
        ).exists(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, world, role, action):
    method, url, data, expected = ACTIONS[action]
    me = world.users[role]
    if me:
        client.force_login(me)
    address = url(world, me)
    values = data(world, me) if data else None
    if values and values.get("groups") == ["GROUP"]:
        values["groups"] = [world.group.pk]
    response = getattr(client, method)(address, values)
    outcome = expected[role]
    if outcome == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("admin:login")), response["Location"]
    else:
        assert response.status_code == outcome, (action, role, response.status_code)
    changed = _changed(world, me)
    acted = outcome == 302 and action != "supprimer des comptes (action groupée)"
    if action in changed:
        assert changed[action] == acted, (action, role)
    if action == "supprimer un compte":
        assert User.objects.filter(pk=world.person.pk).exists() != acted
    if action.startswith("supprimer un superutilisateur") or action.startswith("supprimer des"):
        assert User.objects.filter(pk=world.admin.pk).exists() != (role == "superuser")


def test_a_takeover_by_a_curator_fails_and_the_superusers_password_still_signs_in(client, world):
    """The attack found on the demo: a curator makes themselves superuser, then sets
    a superuser's password. Both refused; nothing changed."""
    curator = world.users["curator"]
    client.force_login(curator)
    own = reverse("admin:directory_user_change", args=[curator.pk])
    data = account(MYSELF, is_staff="on", is_superuser="on")(world, curator)
    assert client.post(own, data).status_code == 403
    target = reverse("admin:auth_user_password_change", args=[world.admin.pk])
    assert client.post(target, password(world, curator)).status_code == 403
    curator.refresh_from_db()
    world.admin.refresh_from_db()
    assert not curator.is_superuser
    assert world.admin.check_password(PASSWORD) and not world.admin.check_password(NEW_PASSWORD)


def test_staff_who_may_change_accounts_see_neither_privileges_nor_password(client, world):
    client.force_login(world.users["manager"])
    page = client.get(reverse("admin:directory_user_change", args=[world.person.pk]))
    form = page.context["adminform"].form
    assert set(form.fields) >= {"email", "first_name", "is_active"}
    assert not set(form.fields) & {"is_staff", "is_superuser", "groups", "user_permissions"}
    assert "password" not in form.fields
    html = page.content.decode()
    assert reverse("admin:auth_user_password_change", args=[world.person.pk]) not in html
    assert 'name="is_superuser"' not in html
    # Superusers see them all.
    client.force_login(world.users["superuser"])
    page = client.get(reverse("admin:directory_user_change", args=[world.person.pk]))
    fields = set(page.context["adminform"].form.fields)
    assert {"is_staff", "is_superuser", "groups", "user_permissions", "password"} <= fields


def test_the_curators_role_holds_no_privilege_over_accounts(world):
    group = Group.objects.get(name=roles.CURATORS)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("directory", "view_user") in held  # to pick a member of an organisation
    for codename in ("add_user", "change_user", "delete_user"):
        assert ("directory", codename) not in held
    assert not any(app == "auth" for app, _ in held)
