"""Curators' side of the projects: the moderation queue (the project list, opened on
what waits for review, oldest first), its decisions one by one or in bulk, the
history, the follow-up of SCORAN actions and their steering view.

Moderation goes through the services (history, e-mails); the state is never edited
by hand.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.timesince import timesince

from scoran.lib.spreadsheets import SpreadsheetImportMixin

from ..models import Project, ProjectDocument, ProjectEvent, ProjectFunding, ProjectImage
from . import services
from .spreadsheets import ProjectImportResource

State = Project.State


class ProjectImageInline(admin.TabularInline):
    model = ProjectImage
    extra = 0


class ProjectDocumentInline(admin.TabularInline):
    model = ProjectDocument
    extra = 0
    readonly_fields = ["content_type", "size"]


class ProjectFundingInline(admin.TabularInline):
    model = ProjectFunding
    extra = 0


class ProjectEventInline(admin.TabularInline):
    """The history, read only."""

    model = ProjectEvent
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["at", "action", "on_revision", "by", "message"]
    readonly_fields = fields
    verbose_name_plural = "historique"


class ReviewStateFilter(admin.SimpleListFilter):
    """By state; without a choice, what waits for review (the moderation queue)."""

    title = "état"
    parameter_name = "etat"
    ALL = "tous"

    def lookups(self, request, model_admin):
        others = [(value, label) for value, label in State.choices if value != State.SUBMITTED]
        return [(State.SUBMITTED, State.SUBMITTED.label), *others, (self.ALL, "Tous")]

    def value(self):
        return super().value() or State.SUBMITTED

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(state=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class ModerationMessageForm(forms.Form):
    message = forms.CharField(
        label="Message aux membres de la structure",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Envoyé par courriel et conservé dans l'historique du projet.",
    )

    def __init__(self, *args, required=True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = required
        if label:
            self.fields["message"].label = label


# decision: (service, label of the button, past participle, label of the message or
# None when there is none, message required)
DECISIONS = {
    "publier": (services.publish_project, "Publier", "publié(s)", None, False),
    "demander-modifications": (
        services.request_changes,
        "Demander des modifications",
        "renvoyé(s) pour modifications",
        "Ce qu'il faut modifier",
        True,
    ),
    "refuser": (services.refuse_project, "Refuser", "refusé(s)", "Raison du refus", True),
    "depublier": (
        services.unpublish_project,
        "Dépublier",
        "dépublié(s)",
        "Raison (facultative)",
        False,
    ),
}
MESSAGE_ARGUMENT = {
    services.request_changes: "message",
    services.refuse_project: "reason",
    services.unpublish_project: "reason",
}


def _decide(decision: str, project: Project, by, message: str = ""):
    service = DECISIONS[decision][0]
    extra = {MESSAGE_ARGUMENT[service]: message} if service in MESSAGE_ARGUMENT else {}
    return service(project=project, by=by, **extra)


class ProjectImportMixin(SpreadsheetImportMixin):
    """Spreadsheet import of projects, with a preview; the columns are those of
    ``ProjectImportResource``."""

    resource_classes = [ProjectImportResource]


@admin.register(Project)
class ProjectAdmin(ProjectImportMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "state",
        "waiting_since",
        "status",
        "is_scoran_action",
    ]
    list_filter = [ReviewStateFilter, "status", "is_scoran_action"]
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "organisation__name"]
    ordering = [models.F("submitted_at").asc(nulls_last=True), "title"]
    autocomplete_fields = ["organisation", "partners", "communes", "epcis", "departments"]
    filter_horizontal = ["orientations", "action_tracks"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "state",
        "revision_of",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "department_codes",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "organisation", "summary", "description"]}),
        (
            "Partenaires et territoire",
            {
                "fields": [
                    "partners",
                    "partner_names",
                    "communes",
                    "epcis",
                    "departments",
                    "department_codes",
                ]
            },
        ),
        ("Stratégie", {"fields": ["orientations", "action_tracks"]}),
        (
            "Avancement, budget et contact",
            {
                "fields": [
                    "status",
                    "start_date",
                    "end_date",
                    "budget",
                    "results",
                    "contact_email",
                    "website",
                ]
            },
        ),
        (
            "Modération",
            {
                "fields": [
                    "state",
                    "revision_of",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                ]
            },
        ),
        (
            "Suivi de l'action SCORAN (section 9.4)",
            {"fields": ["is_scoran_action", *services.FOLLOW_UP_FIELDS]},
        ),
    ]
    inlines = [ProjectFundingInline, ProjectImageInline, ProjectDocumentInline, ProjectEventInline]
    actions = ["publish", "request_changes", "refuse"]
    change_form_template = "admin/directory/project/change_form.html"
    change_list_template = "admin/directory/project/change_list.html"

    @admin.display(description="nature")
    def kind(self, obj):
        return "Modification du projet publié" if obj.revision_of_id else "Projet"

    @admin.display(description="en attente depuis", ordering="submitted_at")
    def waiting_since(self, obj):
        if obj.state != State.SUBMITTED or obj.submitted_at is None:
            return "—"
        return timesince(obj.submitted_at, timezone.now(), depth=1)

    # ---------- Saving ----------

    def save_model(self, request, obj, form, change):
        """A change of the follow-up goes through its service, so that it is kept in
        the history; the rest is saved as it is."""
        follow_up = {
            field: form.cleaned_data[field]
            for field in services.FOLLOW_UP_FIELDS
            if change and field in form.changed_data
        }
        for field in follow_up:
            setattr(obj, field, form.initial.get(field))
        super().save_model(request, obj, form, change)
        if follow_up and obj.is_scoran_action:
            services.update_follow_up(project=obj, by=request.user, values=follow_up)
            obj.refresh_from_db()
        elif follow_up:
            type(obj).objects.filter(pk=obj.pk).update(**follow_up)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_department_codes(project=form.instance)

    # ---------- Decisions ----------

    def _apply(self, request, projects, decision: str, message: str = "") -> None:
        done = 0
        for project in projects:
            try:
                _decide(decision, project, request.user, message)
            except ValidationError as error:
                self.message_user(
                    request, f"{project} : {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, f"{done} projet(s) {DECISIONS[decision][2]}.", messages.SUCCESS
            )

    def _with_message(self, request, queryset, decision: str):
        """An intermediate page asks for the message, then applies the decision to
        every selected project."""
        _, label, _, message_label, required = DECISIONS[decision]
        applying = "apply" in request.POST
        form = ModerationMessageForm(
            request.POST if applying else None, required=required, label=message_label
        )
        if applying and form.is_valid():
            self._apply(request, queryset, decision, form.cleaned_data["message"])
            return None
        return TemplateResponse(
            request,
            "admin/directory/project/moderation.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{label} : {queryset.count()} projet(s)",
                "opts": self.model._meta,
                "projects": queryset.select_related("organisation"),
                "form": form,
                "label": label,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "single": None,
            },
        )

    @admin.action(description="Publier les projets sélectionnés", permissions=["change"])
    def publish(self, request, queryset):
        self._apply(request, queryset, "publier")

    @admin.action(
        description="Demander des modifications pour les projets sélectionnés",
        permissions=["change"],
    )
    def request_changes(self, request, queryset):
        return self._with_message(request, queryset, "demander-modifications")

    @admin.action(description="Refuser les projets sélectionnés", permissions=["change"])
    def refuse(self, request, queryset):
        return self._with_message(request, queryset, "refuser")

    # ---------- Pages of their own ----------

    def get_urls(self):
        own = [
            path(
                "pilotage/",
                self.admin_site.admin_view(self.steering_view),
                name="directory_project_steering",
            ),
            path(
                "<path:object_id>/moderer/<str:decision>/",
                self.admin_site.admin_view(self.moderate_view),
                name="directory_project_moderate",
            ),
        ]
        return own + super().get_urls()

    def moderation_buttons(self, project: Project) -> list[tuple[str, str]]:
        if project.state == State.SUBMITTED:
            return [(d, DECISIONS[d][1]) for d in ("publier", "demander-modifications", "refuser")]
        if project.state == State.PUBLISHED and project.revision_of_id is None:
            return [("depublier", DECISIONS["depublier"][1])]
        return []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        project = self.get_object(request, object_id)
        extra = {"moderation_buttons": [], "pending_revision": None}
        if project is not None:
            extra = {
                "moderation_buttons": self.moderation_buttons(project),
                "pending_revision": project.pending_revision,
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def moderate_view(self, request, object_id, decision):
        project = get_object_or_404(Project.objects.select_related("organisation"), pk=object_id)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        if decision not in dict(self.moderation_buttons(project)):
            self.message_user(
                request,
                f"{project} : cette décision n'est pas possible dans son état.",
                messages.ERROR,
            )
            return redirect("admin:directory_project_change", project.pk)
        _, label, _, message_label, required = DECISIONS[decision]
        form = ModerationMessageForm(
            request.POST if request.method == "POST" else None,
            required=required,
            label=message_label,
        )
        if message_label is None:
            del form.fields["message"]
        if request.method == "POST" and form.is_valid():
            original_pk = project.revision_of_id or project.pk
            self._apply(request, [project], decision, form.cleaned_data.get("message", ""))
            return redirect("admin:directory_project_change", original_pk)
        return TemplateResponse(
            request,
            "admin/directory/project/moderation.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{label} : {project}",
                "opts": self.model._meta,
                "projects": [project],
                "form": form,
                "label": label,
                "action": "",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "selected": [],
                "single": project,
            },
        )

    def changelist_view(self, request, extra_context=None):
        base = super().change_list_template or "admin/change_list.html"
        return super().changelist_view(request, {"base_change_list": base, **(extra_context or {})})

    def steering_view(self, request):
        """Late or over-budget SCORAN actions, for the steering committee."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/directory/project/steering.html",
            {
                **self.admin_site.each_context(request),
                "title": "Pilotage des actions SCORAN : retards et dépassements",
                "opts": self.model._meta,
                "actions_to_watch": Project.objects.for_steering(),
                "today": timezone.localdate(),
            },
        )


@admin.register(ProjectEvent)
class ProjectEventAdmin(admin.ModelAdmin):
    list_display = ["project", "action", "on_revision", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["project", "by"]
    search_fields = ["project__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
