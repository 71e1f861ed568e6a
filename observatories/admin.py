"""The observatories' admin, one module per feature (imported here so that Django's
admin autodiscovery, which imports ``<app>.admin``, registers them all)."""

from .addresses import admin as addresses_admin  # noqa: F401
from .fixed import admin as fixed_admin  # noqa: F401
from .ftth import admin as ftth_admin  # noqa: F401
from .imports import admin as imports_admin  # noqa: F401
from .mobile import admin as mobile_admin  # noqa: F401
from .open_data import admin as open_data_admin  # noqa: F401
from .operators import admin as operators_admin  # noqa: F401
from .referential import admin as referential_admin  # noqa: F401
from .sources import admin as sources_admin  # noqa: F401
