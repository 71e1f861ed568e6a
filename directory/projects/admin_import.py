"""Spreadsheet import of projects in the admin, with a preview: see
``directory/admin_import.py``; the columns are those of ``ProjectImportResource``."""

from ..admin_import import SpreadsheetImportMixin
from .resources import ProjectImportResource


class ProjectImportMixin(SpreadsheetImportMixin):
    resource_classes = [ProjectImportResource]
