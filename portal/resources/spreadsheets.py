"""Spreadsheets of the resources (django-import-export): the public list's CSV and
XLSX exports (through ``scoran.lib.exports``: a cell is never a formula), and the
curators' import from the admin, with a preview."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from directory.projects.spreadsheets import ActionTrackWidget, CarrierWidget
from observatories.models import Department
from scoran.lib.fields import validate_web_address
from scoran.lib.spreadsheets import (
    CheckedRelationsMixin,
    ChoiceWidget,
    CodeListWidget,
    FrenchDateWidget,
    TextWidget,
    YesNoWidget,
    cell_items,
)
from strategy.models import Orientation

from ..models import Resource
from . import services

# --- Export of the public list --------------------------------------------------------

EXPORT_COLUMNS = (
    "title", "summary", "kind", "licence", "author", "date", "orientations",
    "audiences", "version", "updated_at", "url", "download_url",
)  # fmt: skip


class ResourceExportResource(resources.ModelResource):
    """One line per resource of the filtered public list (rows from ``for_export()``:
    no query per row), with French headers."""

    title = fields.Field(attribute="title", column_name="titre")
    summary = fields.Field(attribute="summary", column_name="résumé")
    kind = fields.Field(column_name="type")
    licence = fields.Field(column_name="licence")
    author = fields.Field(attribute="organisation__name", column_name="structure autrice")
    date = fields.Field(attribute="date", column_name="date")
    orientations = fields.Field(column_name="orientations")
    audiences = fields.Field(column_name="publics")
    version = fields.Field(column_name="version actuelle")
    updated_at = fields.Field(column_name="mis à jour le")
    url = fields.Field(column_name="adresse de la page")
    download_url = fields.Field(column_name="lien permanent de téléchargement")

    class Meta:
        model = Resource
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def dehydrate_kind(self, resource):
        return resource.kind_label

    def dehydrate_licence(self, resource):
        return resource.get_licence_display()

    def dehydrate_orientations(self, resource):
        return ", ".join(str(o.number) for o in resource.orientations.all())

    def dehydrate_audiences(self, resource):
        return ", ".join(resource.audience_labels())

    def dehydrate_version(self, resource):
        current = resource.latest_version()
        return current.label if current else ""

    def dehydrate_updated_at(self, resource):
        return timezone.localtime(resource.updated_at).date()

    def dehydrate_url(self, resource):
        return settings.SITE_URL.rstrip("/") + resource.get_absolute_url()

    def dehydrate_download_url(self, resource):
        return settings.SITE_URL.rstrip("/") + resource.get_download_url()


# --- Import by curators ---------------------------------------------------------------


class AudiencesWidget(widgets.Widget):
    """Publics by their label or code, separated by commas."""

    def clean(self, value, row=None, **kwargs):
        choice = ChoiceWidget(Resource.Audience.choices)
        return [choice.clean(item) for item in cell_items(value)]

    def render(self, value, obj=None, **kwargs):
        labels = dict(Resource.Audience.choices)
        return ", ".join(str(labels.get(item, item)) for item in value or [])


IMPORT_COLUMNS = (
    "slug", "title", "summary", "description", "kind", "contract_kind", "licence",
    "organisation", "date", "orientations", "action_tracks", "departments", "audiences",
    "version", "external_url", "published",
)  # fmt: skip


class ResourceImportResource(CheckedRelationsMixin, resources.ModelResource):
    """Resources by their identifier (``slug``, the natural key): a known one is
    updated, a new one created. « version » and « lien externe » add a version by a
    link when the resource has no version of that name (files are deposited in the
    admin or by agents). « publié » : « oui » publishes directly, « non » makes a
    draft, empty keeps the state (a new resource is a draft). The state changes
    through the moderation's ``transition()``, never here."""

    slug = fields.Field(attribute="slug", column_name="identifiant", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="titre", widget=TextWidget())
    summary = fields.Field(attribute="summary", column_name="résumé", widget=TextWidget())
    description = fields.Field(
        attribute="description", column_name="présentation", widget=TextWidget()
    )
    kind = fields.Field(
        attribute="kind", column_name="type", widget=ChoiceWidget(Resource.Kind.choices)
    )
    contract_kind = fields.Field(
        attribute="contract_kind",
        column_name="type de modèle",
        widget=ChoiceWidget(Resource.ContractKind.choices),
        default="",
    )
    licence = fields.Field(
        attribute="licence", column_name="licence", widget=ChoiceWidget(Resource.Licence.choices)
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name="structure autrice (identifiant ou SIREN)",
        widget=CarrierWidget(),
    )
    date = fields.Field(attribute="date", column_name="date", widget=FrenchDateWidget())
    orientations = fields.Field(
        attribute="orientations",
        column_name="orientations (numéros)",
        widget=CodeListWidget(Orientation, field="number", what="Orientation inconnue"),
    )
    action_tracks = fields.Field(
        attribute="action_tracks",
        column_name="pistes d'action (ex. 4.2)",
        widget=ActionTrackWidget(),
    )
    departments = fields.Field(
        attribute="departments",
        column_name="départements (codes)",
        widget=CodeListWidget(Department, field="code", what="Département inconnu"),
    )
    audiences = fields.Field(attribute="audiences", column_name="publics", widget=AudiencesWidget())
    # Not model fields: read in import_instance.
    version = fields.Field(column_name="version", widget=TextWidget(), readonly=True)
    external_url = fields.Field(column_name="lien externe", widget=TextWidget(), readonly=True)
    published = fields.Field(column_name="publié", widget=YesNoWidget(), readonly=True)

    class Meta:
        model = Resource
        fields = IMPORT_COLUMNS
        import_order = IMPORT_COLUMNS
        export_order = IMPORT_COLUMNS
        import_id_fields = ["slug"]
        clean_model_instances = True

    def dehydrate_published(self, resource):
        return "oui" if resource.is_published else "non"

    def dehydrate_version(self, resource):
        current = resource.latest_version()
        return current.label if current else ""

    def dehydrate_external_url(self, resource):
        current = resource.latest_version()
        return current.external_url if current else ""

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_created = new
        if new:
            instance.created_by = kwargs.get("user")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.contract_kind and instance.kind != Resource.Kind.CONTRACT:
            errors.setdefault("contract_kind", []).append(
                ValidationError(
                    "Le type de modèle ne vaut que pour un modèle de contrat ou de cahier "
                    "des charges.",
                    code="contract_kind",
                )
            )
        try:
            instance._import_publish = (
                self.fields["published"].clean(row) if "publié" in row else None
            )
        except ValueError as error:
            errors["state"] = [ValidationError(str(error), code="invalid")]
        version = self.fields["version"].clean(row) if "version" in row else ""
        link = self.fields["external_url"].clean(row) if "lien externe" in row else ""
        if bool(version) != bool(link):
            errors["external_url"] = [
                ValidationError(
                    "Donnez à la fois le nom de la version et son lien externe, ou aucun des deux.",
                    code="version",
                )
            ]
        elif link:
            try:
                validate_web_address(link)
            except ValidationError as error:
                errors["external_url"] = error.error_list
        instance._import_version = (version, link)
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.pk is None:  # a dry run without transactions
            return
        services.record_import(
            resource=instance,
            by=kwargs.get("user"),
            created=instance._import_created,
            publish=instance._import_publish,
            version=instance._import_version,
        )
