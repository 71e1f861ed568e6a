"""The portal's admin: one module per feature (``portal/<feature>/admin.py``)."""

from .funding import admin as funding  # noqa: F401
