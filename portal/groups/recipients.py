"""Who hears of a working group's items: its members, after each publication (one
e-mail each, after commit), and, for members-only items, nobody else.

The moderation's e-mails and the owners' reminders go to the agents of an item's
organisation; for a members-only item, only those who may see it (the group's
active members, and staff): ``directory.models.visible_items`` is the rule, here
applied to addresses rather than rows."""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from directory.models import GroupMembership, Visibility
from scoran.lib.mail import send_after_commit


def _members_only(item) -> bool:
    return item.visibility == Visibility.MEMBERS and item.working_group_id is not None


def seeing(users: QuerySet, item) -> QuerySet:
    """Of ``users`` (a ``User`` queryset), those who may see ``item``: all of them
    for a public item; the group's active members and staff for a members-only one."""
    if not _members_only(item):
        return users
    members = GroupMembership.objects.active().filter(group_id=item.working_group_id)
    return users.filter(Q(is_staff=True) | Q(pk__in=members.values("user_id")))


def seeing_owners(
    owners: Callable[[QuerySet], Iterable[tuple[Any, str]]],
) -> Callable[[QuerySet], list[tuple[Any, str]]]:
    """A ``CuratedKind.owners`` keeping, for members-only items, only the owners
    who are active members of the item's group (one more query, only when such
    items are due)."""

    def filtered(items: QuerySet) -> list[tuple[Any, str]]:
        pairs = list(owners(items))
        groups = {item.working_group_id for item, _ in pairs if _members_only(item)}
        if not groups:
            return pairs
        members = set(
            GroupMembership.objects.active()
            .filter(group_id__in=groups)
            .values_list("group_id", "user__email")
        )
        return [
            (item, email)
            for item, email in pairs
            if not _members_only(item) or (item.working_group_id, email) in members
        ]

    return filtered


def member_addresses(group) -> list[str]:
    """The addresses of the group's members who receive its e-mails (active members
    who did not turn them off, with an active account)."""
    return list(
        GroupMembership.objects.to_notify()
        .filter(group=group)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def notify_members(*, group, template: str, context: dict) -> int:
    """One e-mail to each member who receives the group's e-mails (nobody sees
    another's address), sent once the transaction commits; the template gets the
    group, its page and where to turn the e-mails off. Returns how many."""
    addresses = member_addresses(group)
    context = {
        "group": group,
        "group_url": settings.SITE_URL + group.get_absolute_url(),
        "settings_url": settings.SITE_URL + reverse("groups:mine"),
        **context,
    }
    for address in addresses:
        send_after_commit(template=template, to=[address], context=context)
    return len(addresses)
