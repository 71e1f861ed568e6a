"""The portal's admin, one module per feature (``portal/<feature>/admin.py``), imported
here so that Django's admin autodiscovery, which imports ``<app>.admin``, registers
them all."""

from .agenda import admin as agenda_admin  # noqa: F401
from .field_reports import admin as field_reports_admin  # noqa: F401
from .funding import admin as funding_admin  # noqa: F401
from .hosting import admin as hosting_admin  # noqa: F401
from .interconnection import admin as interconnection_admin  # noqa: F401
from .maturity import admin as maturity_admin  # noqa: F401
from .resources import admin as resources_admin  # noqa: F401
from .search import admin as search_admin  # noqa: F401
from .subscriptions import admin as subscriptions_admin  # noqa: F401
from .watch import admin as watch_admin  # noqa: F401
