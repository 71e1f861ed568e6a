"""Curators' side of the projects: the moderation queue (the project list, opened on
what waits for review, oldest first), its decisions one by one or in bulk, the
history, the follow-up of SCORAN actions and their steering view.

Moderation is ``scoran.lib.moderation``'s (its admin mixin, the table in
``moderation.py``): history and e-mails; the state is never edited by hand.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from scoran.lib.freshness import CuratedAdminMixin
from scoran.lib.moderation import HistoryInline, ModerationAdminMixin
from scoran.lib.spreadsheets import SpreadsheetImportMixin

from ..models import Project, ProjectDocument, ProjectEvent, ProjectFunding, ProjectImage
from . import services
from .spreadsheets import ProjectImportResource


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


class ProjectEventInline(HistoryInline):
    model = ProjectEvent
    fields = ["at", "action", "on_revision", "by", "message"]
    readonly_fields = fields


class ProjectImportMixin(SpreadsheetImportMixin):
    """Spreadsheet import of projects, with a preview; the columns are those of
    ``ProjectImportResource``."""

    resource_classes = [ProjectImportResource]


@admin.register(Project)
class ProjectAdmin(CuratedAdminMixin, ModerationAdminMixin, ProjectImportMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "state",
        "waiting_since",
        "status",
        "is_scoran_action",
    ]
    list_filter = ["status", "is_scoran_action"]  # after the queue's (the mixin's)
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "organisation__name"]
    ordering = ["title"]  # after the oldest waiting (the mixin's)
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
    change_form_template = "admin/directory/project/change_form.html"
    change_list_template = "admin/directory/project/change_list.html"
    counted = "projet(s)"
    message_help = "Envoyé par courriel et conservé dans l'historique du projet."

    @admin.display(description="nature")
    def kind(self, obj):
        return "Modification du projet publié" if obj.revision_of_id else "Projet"

    def describe(self, obj) -> str:
        what = " : modifications du projet publié" if obj.revision_of_id else ""
        return f"{obj.title} ({obj.organisation.name}, {obj.get_state_display().lower()}){what}"

    def after_decision_pk(self, obj):
        # A published revision is gone: back to the project it revised.
        return obj.revision_of_id or obj.pk

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

    # ---------- Pages of their own ----------

    def get_urls(self):
        own = [
            path(
                "pilotage/",
                self.admin_site.admin_view(self.steering_view),
                name="directory_project_steering",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        project = self.get_object(request, object_id)
        extra = {"pending_revision": project.pending_revision if project else None}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

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
