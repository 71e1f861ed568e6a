"""The directory's admin, one module per feature (imported here so that Django's
admin autodiscovery, which imports ``<app>.admin``, registers them all)."""

from .accounts import admin as accounts_admin  # noqa: F401
from .freshness import admin as freshness_admin  # noqa: F401
from .groups import admin as groups_admin  # noqa: F401
from .organisations import admin as organisations_admin  # noqa: F401
from .places import admin as places_admin  # noqa: F401
from .projects import admin as projects_admin  # noqa: F401
from .reports import admin as reports_admin  # noqa: F401
