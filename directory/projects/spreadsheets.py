"""Spreadsheets of the projects (django-import-export): the public list's CSV and XLSX
exports, and the curators' import from the admin, with a preview."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets

from observatories.models import Commune
from scoran.lib.spreadsheets import (
    AmountWidget,
    CheckedRelationsMixin,
    ChoiceWidget,
    CodeListWidget,
    FrenchDateWidget,
    TextWidget,
    YesNoWidget,
    cell_items,
    cell_text,
)
from strategy.models import ActionTrack, Orientation

from ..models import Organisation, Project
from ..organisations.spreadsheets import organisation_by_key
from . import services

# --- Export of the public list --------------------------------------------------------

EXPORT_COLUMNS = (
    "title", "summary", "carrier", "carrier_kind", "carrier_commune", "partners",
    "orientations", "action_tracks", "departments", "communes", "status", "start_date",
    "end_date", "budget", "fundings", "website", "contact_email", "published_at", "url",
)  # fmt: skip


def _euros(amount) -> str:
    return f"{amount:.2f}" if amount is not None else ""


class ProjectExportResource(resources.ModelResource):
    """One line per project of the filtered public list (rows from ``for_export()``:
    no query per row), with French headers."""

    title = fields.Field(attribute="title", column_name="titre")
    summary = fields.Field(attribute="summary", column_name="résumé")
    carrier = fields.Field(attribute="organisation__name", column_name="structure porteuse")
    carrier_kind = fields.Field(column_name="nature du porteur")
    carrier_commune = fields.Field(
        attribute="organisation__commune__name", column_name="commune du porteur"
    )
    partners = fields.Field(column_name="partenaires")
    orientations = fields.Field(column_name="orientations")
    action_tracks = fields.Field(column_name="pistes d'action")
    departments = fields.Field(column_name="départements")
    communes = fields.Field(column_name="communes")
    status = fields.Field(column_name="avancement")
    start_date = fields.Field(attribute="start_date", column_name="début")
    end_date = fields.Field(attribute="end_date", column_name="fin")
    budget = fields.Field(column_name="budget total (€)")
    fundings = fields.Field(column_name="financements")
    website = fields.Field(attribute="website", column_name="site du projet")
    contact_email = fields.Field(attribute="contact_email", column_name="contact")
    published_at = fields.Field(column_name="publié le")
    url = fields.Field(column_name="adresse de la page")

    class Meta:
        model = Project
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def dehydrate_carrier_kind(self, project):
        return project.organisation.get_kind_display()

    def dehydrate_partners(self, project):
        names = [partner.name for partner in project.partners.all()]
        return ", ".join(names + cell_items(project.partner_names, "\n"))

    def dehydrate_orientations(self, project):
        return ", ".join(str(o.number) for o in project.orientations.all())

    def dehydrate_action_tracks(self, project):
        return ", ".join(track.code for track in project.action_tracks.all())

    def dehydrate_departments(self, project):
        return ", ".join(project.department_codes)

    def dehydrate_communes(self, project):
        return ", ".join(commune.name for commune in project.communes.all())

    def dehydrate_status(self, project):
        return project.get_status_display()

    def dehydrate_budget(self, project):
        return _euros(project.budget)

    def dehydrate_fundings(self, project):
        return "; ".join(
            f"{f.funder} : {_euros(f.amount)} €" if f.amount is not None else f.funder
            for f in project.fundings.all()
        )

    def dehydrate_published_at(self, project):
        return timezone.localtime(project.published_at).date() if project.published_at else ""

    def dehydrate_url(self, project):
        return settings.SITE_URL.rstrip("/") + project.get_absolute_url()


# --- Import by curators ---------------------------------------------------------------


class CarrierWidget(widgets.ForeignKeyWidget):
    """The carrying organisation, by its identifier in the directory or its SIREN."""

    def __init__(self, **kwargs):
        super().__init__(Organisation, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        key = cell_text(value)
        return organisation_by_key(key) if key else None


class PartnersWidget(CodeListWidget):
    """Partners in the directory, by identifier or SIREN, separated by commas."""

    def __init__(self, **kwargs):
        super().__init__(Organisation, field="slug", what="Structure inconnue", **kwargs)

    def clean(self, value, row=None, **kwargs):
        return [organisation_by_key(key) for key in cell_items(value, self.separator)]


class ActionTrackWidget(CodeListWidget):
    """Pistes d'action by their code, « 4.2 » for the second piste of orientation 4."""

    def __init__(self, **kwargs):
        super().__init__(ActionTrack, field="code", what="Piste d'action inconnue", **kwargs)

    def lookup(self, codes):
        wanted = set()
        for code in codes:
            number, _, position = code.partition(".")
            if number.isdigit() and position.isdigit():
                wanted.add((int(number), int(position)))
        tracks = ActionTrack.objects.select_related("orientation").filter(
            orientation__number__in={number for number, _ in wanted}
        )
        return [t for t in tracks if (t.orientation.number, t.position) in wanted]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(track.code for track in value.all()) if value is not None else ""


IMPORT_COLUMNS = (
    "slug", "title", "summary", "description", "organisation", "partners", "partner_names",
    "communes", "orientations", "action_tracks", "status", "start_date", "end_date",
    "budget", "results", "contact_email", "website", "published",
)  # fmt: skip


class ProjectImportResource(CheckedRelationsMixin, resources.ModelResource):
    """Projects by their identifier (``slug``, the natural key): a known project is
    updated, a new one created. The « publié » column decides its state: « oui »
    publishes it, « non » makes it a draft; left empty, a new project is a draft and
    a known one keeps its state. A curator imports: no review follows. The state
    changes through the projects' services (the moderation's ``transition()``),
    never here."""

    slug = fields.Field(attribute="slug", column_name="identifiant", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="titre", widget=TextWidget())
    summary = fields.Field(attribute="summary", column_name="résumé", widget=TextWidget())
    description = fields.Field(
        attribute="description", column_name="description", widget=TextWidget()
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name="porteur (identifiant ou SIREN)",
        widget=CarrierWidget(),
    )
    partners = fields.Field(
        attribute="partners",
        column_name="partenaires (identifiants ou SIREN)",
        widget=PartnersWidget(),
    )
    partner_names = fields.Field(
        attribute="partner_names", column_name="autres partenaires", widget=TextWidget()
    )
    communes = fields.Field(
        attribute="communes",
        column_name="communes (codes INSEE)",
        widget=CodeListWidget(Commune, field="code", what="Code commune inconnu"),
    )
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
    status = fields.Field(
        attribute="status",
        column_name="avancement",
        widget=ChoiceWidget(Project.Status.choices),
        default=Project.Status.IDEA,
    )
    start_date = fields.Field(
        attribute="start_date", column_name="début", widget=FrenchDateWidget()
    )
    end_date = fields.Field(attribute="end_date", column_name="fin", widget=FrenchDateWidget())
    budget = fields.Field(attribute="budget", column_name="budget (€)", widget=AmountWidget())
    results = fields.Field(attribute="results", column_name="résultats", widget=TextWidget())
    contact_email = fields.Field(
        attribute="contact_email", column_name="courriel de contact", widget=TextWidget()
    )
    website = fields.Field(attribute="website", column_name="site du projet", widget=TextWidget())
    # Not a model field: read in import_instance.
    published = fields.Field(column_name="publié", widget=YesNoWidget(), readonly=True)

    class Meta:
        model = Project
        fields = IMPORT_COLUMNS
        import_order = IMPORT_COLUMNS
        export_order = IMPORT_COLUMNS
        import_id_fields = ["slug"]
        clean_model_instances = True

    def get_queryset(self):
        # Revisions share their original's slug: never a target of the import.
        return Project.objects.originals()

    def dehydrate_published(self, project):
        return "oui" if project.is_public else "non"

    def after_init_instance(self, instance, new, row, **kwargs):
        # What the services record once the project is saved (``save_m2m``).
        instance._import_created = new
        instance._import_publish = None
        if new:
            instance.created_by = kwargs.get("user")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.slug in services.RESERVED_SLUGS:
            errors.setdefault("slug", []).append(
                ValidationError(
                    f"« {instance.slug} » est une adresse réservée du site : choisissez un "
                    "autre identifiant.",
                    code="reserved",
                )
            )
        try:
            instance._import_publish = (
                self.fields["published"].clean(row) if "publié" in row else None
            )
        except ValueError as error:
            errors["state"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.pk is None:  # a dry run without transactions
            return
        services.refresh_department_codes(project=instance)
        services.record_import(
            project=instance,
            by=kwargs.get("user"),
            created=instance._import_created,
            publish=instance._import_publish,
        )


IMPORT_MESSAGE = services.IMPORT_MESSAGE
