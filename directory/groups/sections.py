"""Sections of a working group's page filled by other features (its meetings from
the agenda, its documents from the library): the extension point of the page, a
registry of ``strategy.sections``.

Unlike other pages, what a group's page shows depends on who reads it: a section's
``rows`` receives a ``GroupViewing`` (the group, the reader, and whether the reader
is an active member) and returns the public rows for anyone, plus the members-only
ones for members (``directory.models.visible_items``).

    register_group_section(Section(
        key="reunions", title="Réunions", template="portal/agenda/includes/group_rows.html",
        rows=lambda viewing: visible_items(viewing.group.meetings.public_surface(), viewing.user),
    ))
"""

from dataclasses import dataclass
from typing import Any

from strategy.sections import Section, SectionRegistry

from ..models import WorkingGroup

GroupSection = Section


@dataclass(frozen=True)
class GroupViewing:
    group: WorkingGroup
    user: Any
    is_member: bool


GROUP_SECTIONS = SectionRegistry("working group")
register_group_section = GROUP_SECTIONS.register


def filled_sections(group: WorkingGroup, user, *, is_member: bool) -> list[dict]:
    return GROUP_SECTIONS.filled(GroupViewing(group=group, user=user, is_member=is_member))
