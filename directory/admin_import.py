"""Spreadsheet import of organisations in the admin, with a preview (django-import-export):
the curator uploads a CSV or XLSX file, sees every row with its errors in French, and
confirms; nothing is written before, nor while one row is wrong."""

from import_export.admin import ImportMixin
from import_export.formats import base_formats

from .resources import OrganisationResource


class SpreadsheetImportMixin(ImportMixin):
    """Import for those who may add and change the model's rows (curators)."""

    import_formats = [base_formats.CSV, base_formats.XLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)


class OrganisationImportMixin(SpreadsheetImportMixin):
    resource_classes = [OrganisationResource]
