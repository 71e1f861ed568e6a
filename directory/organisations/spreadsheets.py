"""Spreadsheet of organisations (django-import-export): curators import organisations
from the admin, with a preview; the commune widget and the lookup of an organisation
by its key are shared with the projects' import.

Every error a curator sees is French and names the value at fault; the admin shows
them row by row in the preview and writes nothing while one row is wrong.
"""

import re

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from observatories.models import Commune
from scoran.lib.moderation import transition
from scoran.lib.spreadsheets import (
    CheckedRelationsMixin,
    ChoiceWidget,
    CodeListWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
)
from strategy.models import Orientation

from ..models import Organisation

SIREN = re.compile(r"^[0-9]{9}$")


class CommuneWidget(widgets.ForeignKeyWidget):
    """A commune by its INSEE code."""

    def __init__(self, **kwargs):
        super().__init__(Commune, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
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
    "description", "themes", "contact_email", "published",
)  # fmt: skip
IMPORT_MESSAGE = "Importée d'un tableur par l'équipe d'animation."


class OrganisationResource(CheckedRelationsMixin, resources.ModelResource):
    """Organisations by their identifier (``slug``, the natural key): a known one is
    updated, a new one created. Logos are not imported (re-encoded on upload). The
    « publiée » column publishes (« oui ») or unpublishes (« non ») through the
    moderation, kept in the history; left empty, a new organisation is not
    published and a known one keeps its state."""

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
    # Not a model field: read in import_instance.
    published = fields.Field(column_name="publiée", widget=YesNoWidget(), readonly=True)

    class Meta:
        model = Organisation
        fields = ORGANISATION_COLUMNS
        import_order = ORGANISATION_COLUMNS
        export_order = ORGANISATION_COLUMNS
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def dehydrate_published(self, organisation):
        return "oui" if organisation.is_published else "non"

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance._import_publish = (
                self.fields["published"].clean(row) if "publiée" in row else None
            )
        except ValueError as error:
            errors["state"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        publish = getattr(instance, "_import_publish", None)
        if publish is not None and publish != original.is_published:
            return False  # the publication changes, if nothing else
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        publish = getattr(instance, "_import_publish", None)
        if instance.pk is None or publish is None or publish == instance.is_published:
            return
        action = "publish" if publish else "unpublish"
        transition(obj=instance, action=action, by=kwargs.get("user"), message=IMPORT_MESSAGE)
