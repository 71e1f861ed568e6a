"""The portal's admin, one module per feature (imported here so that Django's admin
autodiscovery, which imports ``<app>.admin``, registers them all)."""

from .resources import admin as resources_admin  # noqa: F401
