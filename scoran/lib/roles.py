"""Roles declared in code: the permissions each role's group holds, declared by each
app from its ``AppConfig.ready()``::

    roles.grant(roles.CURATORS, "strategy")  # every permission of the app
    roles.grant(roles.CURATORS, "directory", exclude=["change_user", …])
    roles.grant(roles.CURATORS, "observatories", codenames=["view_*", "add_importupload"])

A role is a group of ``django.contrib.auth`` named after it: making someone a
curator is making them staff and a member of « Curateurs ». Superusers hold every
permission; they are not a role.

The groups are synchronised after every ``migrate`` (``post_migrate``, app by app,
once that app's permissions exist): a group then holds exactly what the code
declares for it, so that the permissions of models added later are included and
those given to the group by hand, or no longer declared, are taken back. The
permissions of an app that declares nothing for a role are taken from it.
"""

import fnmatch
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from .registry import Registry

logger = logging.getLogger(__name__)

CURATORS = "Curateurs"


@dataclass(frozen=True)
class Grant:
    """What one app gives one role: its permissions whose codename matches one of
    ``codenames`` (shell patterns; None: all of them), minus ``exclude``."""

    role: str
    app_label: str
    codenames: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()

    def allows(self, codename: str) -> bool:
        if any(fnmatch.fnmatchcase(codename, pattern) for pattern in self.exclude):
            return False
        if self.codenames is None:
            return True
        return any(fnmatch.fnmatchcase(codename, pattern) for pattern in self.codenames)


GRANTS: Registry[Grant] = Registry("roles")


def grant(
    role: str,
    app_label: str,
    *,
    codenames: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> Grant:
    """Declare what ``app_label`` gives ``role`` (once per app and role)."""
    entry = Grant(
        role=role,
        app_label=app_label,
        codenames=tuple(codenames) if codenames is not None else None,
        exclude=tuple(exclude),
    )
    GRANTS.register(f"{role}:{app_label}", entry)
    post_migrate.connect(_after_migrate, dispatch_uid="scoran.lib.roles.synchronise")
    return entry


def role_names() -> list[str]:
    return sorted({entry.role for entry in GRANTS})


def declared(role: str, app_label: str, using: str = DEFAULT_DB_ALIAS):
    """The permissions ``app_label`` gives ``role`` (a queryset of ``Permission``)."""
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.using(using).filter(content_type__app_label=app_label)
    entry = GRANTS.get(f"{role}:{app_label}")
    if entry is None:
        return permissions.none()
    wanted = [p.pk for p in permissions.only("codename") if entry.allows(p.codename)]
    return permissions.filter(pk__in=wanted)


def synchronise(*, app_label: str | None = None, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Make each role's group hold exactly its declared permissions (of ``app_label``
    only, when given): create the group, add what is missing, take back what is not
    declared. Returns ``{role: (added, removed)}``."""
    from django.contrib.auth.models import Group, Permission

    labels = (
        [app_label]
        if app_label
        else sorted(
            set(Permission.objects.using(using).values_list("content_type__app_label", flat=True))
        )
    )
    changes = {}
    for role in role_names():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        added = removed = 0
        for label in labels:
            wanted = set(declared(role, label, using).values_list("pk", flat=True))
            held = set(
                group.permissions.filter(content_type__app_label=label).values_list("pk", flat=True)
            )
            group.permissions.add(*(wanted - held))
            group.permissions.remove(*(held - wanted))
            added, removed = added + len(wanted - held), removed + len(held - wanted)
        if added or removed:
            logger.info("role %s: %d permission(s) added, %d removed", role, added, removed)
        changes[role] = (added, removed)
    return changes


def _after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    # Sent for each app once its permissions exist (django.contrib.auth creates
    # them on the same signal, connected earlier).
    if app_config is not None:
        synchronise(app_label=app_config.label, using=using)
