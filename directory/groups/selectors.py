"""Reads of the working groups: what a group's page shows to whom, one's groups, and
what other pages and outputs show (orientation and organisation pages, the sitemap).
Members-only news reach only the group's members (``GroupNews.objects.visible_to``)."""

from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from observatories.referential.sections import Scope
from scoran.lib.moderation import State

from ..models import GroupMembership, GroupNews, Organisation, WorkingGroup
from .sections import filled_sections

LATEST_NEWS = 5
SECTION_SIZE = 10


@dataclass
class GroupPage:
    """What ``/groupes/<slug>/`` shows to one reader.

    Everyone sees the theme, the orientations, the leads, the number of members and
    the organisations taking part (published ones); only members see who the members
    are. ``viewer`` is the reader's own row in the group (any step), or None."""

    group: WorkingGroup
    viewer: GroupMembership | None
    members: list[GroupMembership]  # active ones, leads first
    news: list[GroupNews]
    sections: list[dict] = field(default_factory=list)

    @property
    def is_member(self) -> bool:
        return self.viewer is not None and self.viewer.is_active

    @property
    def is_lead(self) -> bool:
        return self.viewer is not None and self.viewer.is_lead

    @property
    def leads(self) -> list[GroupMembership]:
        return [membership for membership in self.members if membership.is_lead]

    @property
    def organisations(self) -> list[Organisation]:
        """The published organisations its members represent, each once, by name."""
        found = {
            m.public_organisation.pk: m.public_organisation
            for m in self.members
            if m.public_organisation
        }
        return sorted(found.values(), key=lambda organisation: organisation.name)


def group_page(group: WorkingGroup, user) -> GroupPage:
    """The page of a group for ``user``: 3 queries (orientations, active members with
    their account and organisation, latest news) and one more for a signed-in reader
    who is not an active member (their request or invitation), plus the sections."""
    members = list(
        group.memberships.active()
        .select_related("user", "organisation")
        .order_by("-role", "user__last_name", "user__first_name", "pk")
    )
    viewer = next((m for m in members if m.user_id == getattr(user, "pk", None)), None)
    if viewer is None and user.is_authenticated:
        viewer = group.memberships.filter(user=user).select_related("invited_by").first()
    page = GroupPage(
        group=group,
        viewer=viewer,
        members=members,
        news=list(
            GroupNews.objects.visible_to(user)
            .filter(group=group)
            .select_related("group")[:LATEST_NEWS]
        ),
    )
    page.sections = filled_sections(group, user, is_member=page.is_member)
    return page


def my_memberships(user) -> dict[str, list[GroupMembership]]:
    """One's rows, by step: groups one is a member of, invitations to answer,
    requests waiting (1 query)."""
    rows = GroupMembership.objects.filter(user=user).select_related("group", "invited_by")
    found: dict[str, list[GroupMembership]] = {status: [] for status in GroupMembership.Status}
    for row in rows.order_by("group__name"):
        found[row.status].append(row)
    return found


def managed_memberships(group: WorkingGroup) -> dict[str, list[GroupMembership]]:
    """The rows a lead manages, by step (1 query)."""
    rows = group.memberships.select_related("user", "organisation", "invited_by").order_by(
        "-role", "user__last_name", "user__first_name", "user__email"
    )
    found: dict[str, list[GroupMembership]] = {status: [] for status in GroupMembership.Status}
    for row in rows:
        found[row.status].append(row)
    return found


def orientation_groups(orientation):
    """The working groups of an orientation, with their number of members (1 query)."""
    return (
        WorkingGroup.objects.filter(orientations=orientation)
        .with_member_count()
        .order_by("name", "pk")[:SECTION_SIZE]
    )


def organisation_groups(organisation: Organisation):
    """The working groups an organisation takes part in (one of its agents is an
    active member for it), with their number of members (1 query)."""
    represented = GroupMembership.objects.active().filter(
        group=models.OuterRef("pk"), organisation=organisation
    )
    return (
        WorkingGroup.objects.filter(models.Exists(represented))
        .with_member_count()
        .order_by("name", "pk")
    )


def public_addresses() -> list[dict]:
    """{"url", "updated_at"} of every group and of every public news item, in one
    query (a few dozen rows: one ``reverse`` each)."""
    groups = WorkingGroup.objects.values_list(
        "slug", models.Value(None, output_field=models.IntegerField()), "updated_at"
    )
    public_news = GroupNews.objects.public().values_list("group__slug", "pk", "updated_at")
    rows = groups.union(public_news, all=True).order_by("slug", "updated_at")
    return [
        {
            "url": reverse("groups:group", kwargs={"slug": slug})
            if pk is None
            else reverse("groups:news", kwargs={"slug": slug, "pk": pk}),
            "updated_at": updated_at,
        }
        for slug, pk, updated_at in rows
    ]


def territory_groups(scope: Scope):
    """The working groups an organisation of the territory takes part in (an active
    member representing a published organisation there), by name (1 query)."""
    members = GroupMembership.objects.active().filter(
        scope.communes("organisation__commune"),
        group=models.OuterRef("pk"),
        organisation__state=State.PUBLISHED,
    )
    return WorkingGroup.objects.filter(models.Exists(members)).order_by("name")[:SECTION_SIZE]
