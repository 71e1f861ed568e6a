"""Test data of the working groups' meetings and documents."""

import datetime

from directory.models import GroupMembership, Visibility, WorkingGroup
from portal.models import Resource
from portal.resources import services
from tests.portal.factories import make_resource_row, resource_pdf

MEMBERS = Visibility.MEMBERS


def make_group(name: str = "Ouverture des données", slug: str = "ouverture-des-donnees"):
    return WorkingGroup.objects.create(slug=slug, name=name, theme="Les données publiques.")


def join(group: WorkingGroup, user, *, status: str = "active", notify: bool = True, **extra):
    """The person's row in the group (an active member by default)."""
    if status == GroupMembership.Status.ACTIVE:
        extra.setdefault("joined_at", datetime.datetime(2025, 1, 6, tzinfo=datetime.UTC))
    return GroupMembership.objects.create(
        group=group, user=user, status=status, notify=notify, **extra
    )


def make_document(title: str, organisation, group, *, visibility=MEMBERS, **extra) -> Resource:
    """A published document of the group with one PDF file."""
    resource = make_resource_row(
        title, organisation, link=None, working_group=group, visibility=visibility, **extra
    )
    services.add_version(
        resource=resource,
        by=None,
        label="1.0",
        day=datetime.date(2025, 1, 1),
        files=[resource_pdf(f"{resource.slug}.pdf")],
        check_author=False,
    )
    return resource
