from .places import ErrorReport, Place, PlaceIndicator
from .users import EmailUserManager, User

__all__ = ["EmailUserManager", "ErrorReport", "Place", "PlaceIndicator", "User"]
