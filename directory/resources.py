"""Spreadsheets of the directory (django-import-export): curators import organisations
from the admin, with a preview; the widgets shared with the projects' import.

Every error a curator sees is French and names the value at fault; the admin shows
them row by row in the preview and writes nothing while one row is wrong.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from observatories.models import Commune
from strategy.models import Orientation

from .models import Organisation

YES = {"oui", "o", "1", "vrai", "x", "yes", "true"}
NO = {"non", "n", "0", "faux", "no", "false"}
SIREN = re.compile(r"^[0-9]{9}$")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell: 21231.0
    return str(value).strip()


def _items(value, separator: str = ",") -> list[str]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_text(value)]
    return [item.strip() for item in _text(value).split(separator) if item.strip()]


class YesNoWidget(widgets.Widget):
    """« oui » / « non » (and their usual spellings); an empty cell is None."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value).lower()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"« {_text(value)} » : écrivez oui ou non.")

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class ChoiceWidget(widgets.Widget):
    """One of a model's choices, by its French label (« En cours ») or its code."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
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
        text = _text(value)
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
        text = _text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.removesuffix("€").replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"« {_text(value)} » n'est pas un montant en euros.") from None


class TextWidget(widgets.Widget):
    """Text, an empty cell being an empty text (not None)."""

    def clean(self, value, row=None, **kwargs):
        return _text(value)


class CodeListWidget(widgets.ManyToManyWidget):
    """Rows of a model by one of their fields, separated by commas; every value must
    exist (import-export's own widget leaves unknown ones out silently)."""

    def __init__(self, model, field: str, what: str, **kwargs):
        self.what = what  # « Commune inconnue », « Orientation inconnue »…
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = _items(value, self.separator)
        if not codes:
            return []
        found = {str(getattr(obj, self.field)): obj for obj in self.lookup(codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValueError(f"{self.what} : {', '.join(unknown)}.")
        return [found[code] for code in codes]

    def lookup(self, codes):
        return self.model.objects.filter(**{f"{self.field}__in": codes})


class CommuneWidget(widgets.ForeignKeyWidget):
    """A commune by its INSEE code."""

    def __init__(self, **kwargs):
        super().__init__(Commune, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            return None
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise ValueError(f"« {code} » n'est pas un code commune connu.")
        return commune


def organisation_by_key(key: str) -> Organisation:
    """An organisation by its slug or its SIREN, or a French ValueError."""
    if SIREN.match(key):
        matches = list(Organisation.objects.filter(siren=key)[:2])
        if len(matches) > 1:
            raise ValueError(
                f"Plusieurs structures ont le SIREN {key} : indiquez leur identifiant."
            )
    else:
        matches = list(Organisation.objects.filter(slug=key))
    if not matches:
        raise ValueError(
            f"« {key} » : aucune structure de l'annuaire n'a cet identifiant ou ce SIREN."
        )
    return matches[0]


ORGANISATION_COLUMNS = (
    "slug", "name", "kind", "siren", "siret", "address", "commune", "website",
    "description", "themes", "contact_email", "is_published",
)  # fmt: skip


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


class OrganisationResource(CheckedRelationsMixin, resources.ModelResource):
    """Organisations by their identifier (``slug``, the natural key): a known one is
    updated, a new one created. Logos are not imported (re-encoded on upload)."""

    slug = fields.Field(attribute="slug", column_name="identifiant", widget=TextWidget())
    name = fields.Field(attribute="name", column_name="nom", widget=TextWidget())
    kind = fields.Field(
        attribute="kind", column_name="nature", widget=ChoiceWidget(Organisation.Kind.choices)
    )
    siren = fields.Field(attribute="siren", column_name="SIREN", widget=TextWidget())
    siret = fields.Field(attribute="siret", column_name="SIRET", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="adresse", widget=TextWidget())
    commune = fields.Field(
        attribute="commune",
        column_name="commune (code INSEE)",
        widget=CommuneWidget(),
    )
    website = fields.Field(attribute="website", column_name="site internet", widget=TextWidget())
    description = fields.Field(
        attribute="description", column_name="présentation", widget=TextWidget()
    )
    themes = fields.Field(
        attribute="themes",
        column_name="orientations",
        widget=CodeListWidget(Orientation, field="number", what="Orientation inconnue"),
    )
    contact_email = fields.Field(
        attribute="contact_email", column_name="courriel", widget=TextWidget()
    )
    is_published = fields.Field(
        attribute="is_published", column_name="publiée", widget=YesNoWidget(), default=False
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_COLUMNS
        import_order = ORGANISATION_COLUMNS
        export_order = ORGANISATION_COLUMNS
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
