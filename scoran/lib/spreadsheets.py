"""Spreadsheets read and written with django-import-export: the widgets every
import shares (French yes/no, dates, amounts, choices by label, code lists that must
all exist), the check of many-to-many values before saving, and the admin mixin.

Every error a curator sees is French and names the value at fault; the admin shows
them row by row in the preview and writes nothing while one row is wrong.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.admin import ImportMixin
from import_export.formats import base_formats

YES = {"oui", "o", "1", "vrai", "x", "yes", "true"}
NO = {"non", "n", "0", "faux", "no", "false"}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell: 21231.0
    return str(value).strip()


def cell_items(value, separator: str = ",") -> list[str]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [cell_text(value)]
    return [item.strip() for item in cell_text(value).split(separator) if item.strip()]


class YesNoWidget(widgets.Widget):
    """« oui » / « non » (and their usual spellings); an empty cell is None."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"« {cell_text(value)} » : écrivez oui ou non.")

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class ChoiceWidget(widgets.Widget):
    """One of a model's choices, by its French label (« En cours ») or its code."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        for code, label in self.choices:
            if text.lower() in (code.lower(), str(label).lower()):
                return code
        allowed = ", ".join(str(label) for _, label in self.choices)
        raise ValueError(f"« {text} » n'est pas une valeur admise ({allowed}).")

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class FrenchDateWidget(widgets.Widget):
    """A date cell, or a text in jj/mm/aaaa (or aaaa-mm-jj)."""

    FORMATS = ("%d/%m/%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"« {text} » n'est pas une date au format jj/mm/aaaa.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class AmountWidget(widgets.Widget):
    """An amount in euros: a number cell, or « 12 500,50 »."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        text = cell_text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.removesuffix("€").replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"« {cell_text(value)} » n'est pas un montant en euros.") from None


class TextWidget(widgets.Widget):
    """Text, an empty cell being an empty text (not None)."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class CodeListWidget(widgets.ManyToManyWidget):
    """Rows of a model by one of their fields, separated by commas; every value must
    exist (import-export's own widget leaves unknown ones out silently)."""

    def __init__(self, model, field: str, what: str, **kwargs):
        self.what = what  # « Commune inconnue », « Orientation inconnue »…
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = cell_items(value, self.separator)
        if not codes:
            return []
        found = {str(getattr(obj, self.field)): obj for obj in self.lookup(codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValueError(f"{self.what} : {', '.join(unknown)}.")
        return [found[code] for code in codes]

    def lookup(self, codes):
        return self.model.objects.filter(**{f"{self.field}__in": codes})


class CheckedRelationsMixin:
    """Check the row's many-to-many values with its other values: import-export only
    reads them after saving, where an error would stop the whole file. Every wrong
    value of a row is then reported at once, in the preview."""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)


class SpreadsheetImportMixin(ImportMixin):
    """Admin import with a preview, for those who may add and change the model's rows
    (curators)."""

    import_formats = [base_formats.CSV, base_formats.XLSX]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)
