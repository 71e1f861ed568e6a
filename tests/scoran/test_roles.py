"""Roles declared in code (``scoran.lib.roles``): the Curateurs group holds exactly
what the apps declare, after every ``migrate``, models added later included."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from scoran.lib import roles
from scoran.lib.registry import AlreadyRegistered

pytestmark = pytest.mark.django_db


def held() -> set[tuple[str, str]]:
    group = Group.objects.get(name=roles.CURATORS)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_the_curators_role_as_the_apps_declare_it():
    curators = held()
    # All of the directory but the management of accounts.
    assert ("directory", "change_project") in curators
    assert ("directory", "delete_organisation") in curators
    assert ("directory", "view_user") in curators
    assert not {("directory", c) for c in ("add_user", "change_user", "delete_user")} & curators
    # All of the strategy.
    assert ("strategy", "change_orientation") in curators
    # The observatories' imports and sources; their measured rows only looked at.
    for codename in (
        "add_importupload",
        "view_importupload",
        "view_datasource",
        "view_importrun",
        "view_importreject",
        "view_commune",
    ):
        assert ("observatories", codename) in curators, codename
    assert ("observatories", "change_commune") not in curators
    # Where the server downloads from is the administrators' (no fetching of any URL).
    assert not {("observatories", c) for c in ("add_datasource", "change_datasource")} & curators
    assert ("observatories", "delete_importrun") not in curators
    # Nothing of the accounts' groups and permissions, nor of the schedules.
    assert not {app for app, _ in curators} & {"auth", "django_celery_beat", "admin"}


def test_every_migrate_brings_the_group_back_to_what_the_code_declares():
    group = Group.objects.get(name=roles.CURATORS)
    declared = held()
    given_by_hand = [permission("auth", "change_group"), permission("directory", "change_user")]
    group.permissions.add(*given_by_hand)
    group.permissions.remove(permission("observatories", "add_importupload"))
    call_command("migrate", verbosity=0)
    assert held() == declared


def test_the_permissions_of_a_model_added_later_are_included():
    # As when a migration adds a model to the strategy: its content type and
    # permissions appear, then the roles are synchronised.
    kind = ContentType.objects.create(app_label="strategy", model="nouveaute")
    Permission.objects.create(content_type=kind, codename="change_nouveaute", name="Modifier")
    assert ("strategy", "change_nouveaute") not in held()
    changes = roles.synchronise(app_label="strategy")
    assert changes[roles.CURATORS] == (1, 0)
    assert ("strategy", "change_nouveaute") in held()


def test_a_grant_reads_patterns_and_exclusions():
    grant = roles.Grant(
        role="Essai", app_label="x", codenames=("view_*", "add_upload"), exclude=("view_secret",)
    )
    assert grant.allows("view_commune") and grant.allows("add_upload")
    assert not grant.allows("view_secret") and not grant.allows("delete_commune")
    everything = roles.Grant(role="Essai", app_label="x", exclude=("change_user",))
    assert everything.allows("delete_project") and not everything.allows("change_user")


def test_an_app_declares_its_part_of_a_role_once():
    with pytest.raises(AlreadyRegistered):
        roles.grant(roles.CURATORS, "strategy")
