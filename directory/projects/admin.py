"""Curators' side of the projects: moderation queue, follow-up, history."""

from django.contrib import admin

from ..models import Project, ProjectDocument, ProjectEvent, ProjectFunding, ProjectImage
from .admin_import import ProjectImportMixin


class ProjectImageInline(admin.TabularInline):
    model = ProjectImage
    extra = 0


class ProjectDocumentInline(admin.TabularInline):
    model = ProjectDocument
    extra = 0


class ProjectFundingInline(admin.TabularInline):
    model = ProjectFunding
    extra = 0


@admin.register(Project)
class ProjectAdmin(ProjectImportMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "state", "status", "submitted_at"]
    list_filter = ["state", "status", "is_scoran_action"]
    search_fields = ["title", "summary", "organisation__name"]
    autocomplete_fields = ["organisation", "partners", "communes", "epcis", "departments"]
    inlines = [ProjectFundingInline, ProjectImageInline, ProjectDocumentInline]


@admin.register(ProjectEvent)
class ProjectEventAdmin(admin.ModelAdmin):
    list_display = ["project", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["project", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
