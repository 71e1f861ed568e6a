"""Who may see or change what in a working group: one helper per rule, used by every
view. Each returns the object or raises Http404 / PermissionDenied; the views never
repeat the rule.

Every group is public (its theme, leads and public content); members-only news are
404 to anyone else, so that their existence is not disclosed. A row of another group
(a membership, a news item) named in an address is 404 too: the objects are always
looked up through the group of the address.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import GroupMembership, GroupNews, WorkingGroup


def get_group(slug: str, queryset=None) -> WorkingGroup:
    queryset = WorkingGroup.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset, slug=slug)


def get_led_group(request, slug: str) -> WorkingGroup:
    """For the group's active leads only (curators manage groups in the admin)."""
    group = get_group(slug)
    if not group.is_lead(request.user):
        raise PermissionDenied(
            "Seuls les animateurs du groupe gèrent ses membres et ses nouvelles."
        )
    return group


def get_group_membership(group: WorkingGroup, pk: int) -> GroupMembership:
    """A row of this group (any step), with its person and organisation."""
    return get_object_or_404(group.memberships.select_related("user", "organisation"), pk=pk)


def get_own_membership(request, group: WorkingGroup, *statuses: str) -> GroupMembership:
    """The person's own row in the group, at one of ``statuses`` (404 otherwise)."""
    return get_object_or_404(
        group.memberships.select_related("group"), user=request.user, status__in=statuses
    )


def get_visible_news(request, slug: str, pk: int) -> GroupNews:
    """Public, or members-only for the group's members (and staff)."""
    return get_object_or_404(
        GroupNews.objects.visible_to(request.user).select_related("group", "author"),
        group__slug=slug,
        pk=pk,
    )


def get_editable_news(group: WorkingGroup, pk: int) -> GroupNews:
    """A news item of this group, for its leads (``get_led_group`` first)."""
    return get_object_or_404(group.news.select_related("group"), pk=pk)
