"""What the portal adds to a working group's page (``directory.groups.sections``):
its meetings (events of the agenda) and its documents (resources of the library),
as its reader sees them (members-only ones for members and staff). Called once from
``PortalConfig.ready()``, meetings first."""

from directory.groups.sections import GroupSection, register_group_section

from ..agenda.selectors import group_meetings
from ..resources.selectors import group_documents

MEETINGS = GroupSection(
    key="reunions",
    title="Réunions",
    template="portal/agenda/includes/group_meetings.html",
    rows=group_meetings,
    # Kept without meetings: its calendar can be subscribed to before the first one.
    empty="Aucune réunion n'est encore programmée.",
)
DOCUMENTS = GroupSection(
    key="documents",
    title="Documents",
    template="portal/resources/includes/group_documents.html",
    rows=group_documents,
)


def register() -> None:
    register_group_section(MEETINGS)
    register_group_section(DOCUMENTS)
