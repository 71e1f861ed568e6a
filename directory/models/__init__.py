"""People, organisations and how they are linked. Accounts sign in by e-mail."""

from .organisations import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationChange,
)
from .users import EmailUserManager, User

__all__ = [
    "EmailUserManager",
    "Invitation",
    "JoinRequest",
    "Membership",
    "Organisation",
    "OrganisationChange",
    "User",
]
