"""Test data of the working groups: groups, people at each step, news."""

import uuid

from django.utils import timezone

from directory.models import GroupMembership, GroupNews, Organisation, User, WorkingGroup
from tests.directory.factories import make_agent, make_organisation

Status, Role = GroupMembership.Status, GroupMembership.Role


def make_group(name: str = "Ouverture des données", **extra) -> WorkingGroup:
    orientations = extra.pop("orientations", [])
    extra.setdefault("slug", f"groupe-{uuid.uuid4().hex[:8]}")
    extra.setdefault("theme", f"Le thème de {name}")
    group = WorkingGroup.objects.create(name=name, **extra)
    group.orientations.set(orientations)
    return group


def add_member(
    group: WorkingGroup,
    user: User,
    *,
    role: str = Role.MEMBER,
    status: str = Status.ACTIVE,
    organisation: Organisation | None = None,
    **extra,
) -> GroupMembership:
    """A row written directly (the services' checks and e-mails left out); the
    organisation is the person's first one unless given."""
    if organisation is None:
        organisation = Organisation.objects.filter(memberships__user=user).first()
    return GroupMembership.objects.create(
        group=group,
        user=user,
        organisation=organisation,
        role=role,
        status=status,
        joined_at=timezone.now() if status == Status.ACTIVE else None,
        **extra,
    )


def make_person(email: str, organisation: Organisation | None = None, **names) -> User:
    """An agent (a member of an organisation) with a name."""
    organisation = organisation or make_organisation(f"Structure de {email.split('@')[0]}")
    user = make_agent(email, organisation)
    if names:
        for key, value in names.items():
            setattr(user, key, value)
        user.save()
    return user


def make_news(group: WorkingGroup, title: str = "Compte rendu", **extra) -> GroupNews:
    extra.setdefault("body", f"Le texte de « {title} ».")
    extra.setdefault("published_at", timezone.now())
    return GroupNews.objects.create(group=group, title=title, **extra)
