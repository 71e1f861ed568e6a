"""People, organisations, places and how they are linked. Accounts sign in by e-mail."""

from .freshness import LinkCheck
from .groups import (
    GroupItemQuerySet,
    GroupMembership,
    GroupNews,
    Visibility,
    WorkingGroup,
    visible_items,
)
from .organisations import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationChange,
    OrganisationEvent,
)
from .places import Place, PlaceEvent, PlaceIndicator
from .projects import Project, ProjectDocument, ProjectEvent, ProjectFunding, ProjectImage
from .reports import ErrorReport
from .users import EmailUserManager, User

__all__ = [
    "EmailUserManager",
    "ErrorReport",
    "GroupItemQuerySet",
    "GroupMembership",
    "GroupNews",
    "Invitation",
    "JoinRequest",
    "LinkCheck",
    "Membership",
    "Organisation",
    "OrganisationChange",
    "OrganisationEvent",
    "Place",
    "PlaceEvent",
    "PlaceIndicator",
    "Project",
    "ProjectDocument",
    "ProjectEvent",
    "ProjectFunding",
    "ProjectImage",
    "User",
    "Visibility",
    "WorkingGroup",
    "visible_items",
]
