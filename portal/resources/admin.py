"""Curators' side of the resources: the moderation queue (the list, opened on what
waits for review, oldest first), its decisions one by one or in bulk, publishing
directly, the spreadsheet import with a preview, the versions and their files (each
file checked as the agents' are) and the history."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from scoran.lib.freshness import CuratedAdminMixin
from scoran.lib.moderation import HistoryAdmin, HistoryInline, ModerationAdminMixin
from scoran.lib.spreadsheets import SpreadsheetImportMixin

from ..models import Resource, ResourceEvent, ResourceFile, ResourceVersion
from . import services
from .downloads_admin import DownloadMonthInline, DownloadTotalColumn, designate_territory_guide
from .spreadsheets import ResourceImportResource


class ResourceFileForm(forms.ModelForm):
    """A file deposited by a curator: checked by extension and content, its type,
    size and name taken from the check (never from the browser)."""

    class Meta:
        model = ResourceFile
        fields = ["file", "position"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            checked = services.FILES.check(upload)
            self.instance.content_type = checked.content_type
            self.instance.size = checked.size
            self.instance.original_name = services.stored_name(checked)
        return upload


class ForgetFilesMixin:
    """Deleting a resource or a version (the page, the bulk action, an inline row),
    or deleting or replacing a file, deletes the stored files no row uses any more,
    once the transaction commits (``services.forget_files``)."""

    files_lookup: str  # from ResourceFile to this admin's model

    def _names(self, objects) -> set[str]:
        return services.file_names(
            ResourceFile.objects.filter(**{f"{self.files_lookup}__in": objects})
        )

    def delete_model(self, request, obj):
        names = self._names([obj])
        super().delete_model(request, obj)
        services.forget_files(names)

    def delete_queryset(self, request, queryset):
        names = self._names(queryset)
        super().delete_queryset(request, queryset)
        services.forget_files(names)

    def save_related(self, request, form, formsets, change):
        names = self._names([form.instance]) if change else set()
        super().save_related(request, form, formsets, change)
        services.forget_files(names)


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    form = ResourceFileForm
    extra = 1
    fields = ["file", "original_name", "content_type", "size", "position"]
    readonly_fields = ["original_name", "content_type", "size"]


class ResourceVersionInline(admin.TabularInline):
    """The versions, the current one first; their files on each version's page."""

    model = ResourceVersion
    extra = 0
    fields = ["label", "date", "notes", "external_url", "files_link"]
    readonly_fields = ["files_link"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="fichiers")
    def files_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:portal_resourceversion_change", args=[obj.pk])
        return format_html('<a href="{}">Fichiers de la version</a>', url)


class ResourceEventInline(HistoryInline):
    model = ResourceEvent


@admin.register(Resource)
class ResourceAdmin(
    ForgetFilesMixin,
    CuratedAdminMixin,
    ModerationAdminMixin,
    SpreadsheetImportMixin,
    DownloadTotalColumn,
    admin.ModelAdmin,
):
    resource_classes = [ResourceImportResource]
    files_lookup = "version__resource"
    list_display = [
        "title",
        "organisation",
        "kind",
        "licence",
        "state",
        "waiting_since",
        "downloads_total",
        "is_territory_guide",
    ]
    list_filter = [
        "kind",
        "licence",
        "working_group",
        "visibility",
        "is_territory_guide",
        "is_demo",
    ]  # after the queue's
    actions = [designate_territory_guide]
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "organisation__name"]
    ordering = ["title"]  # after the oldest waiting (the mixin's)
    autocomplete_fields = ["organisation", "epcis", "departments"]
    filter_horizontal = ["orientations", "action_tracks"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "organisation",
                    "summary",
                    "description",
                    "kind",
                    "contract_kind",
                    "licence",
                    "date",
                    "audiences",
                    "is_territory_guide",
                ]
            },
        ),
        (
            "Stratégie et territoire",
            {"fields": ["orientations", "action_tracks", "departments", "epcis"]},
        ),
        ("Groupe de travail", {"fields": ["working_group", "visibility"]}),
        (
            "Modération et fraîcheur",
            {
                "fields": [
                    "state",
                    "is_demo",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "updated_at",
                    "reviewed_at",
                ]
            },
        ),
    ]
    inlines = [ResourceVersionInline, DownloadMonthInline, ResourceEventInline]
    counted = "ressource(s)"
    message_help = "Envoyé par courriel et conservé dans l'historique de la ressource."

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ResourceVersion:
            for version in formset.new_objects:
                services.record_version(version=version, by=request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        action = ResourceEvent.Action.UPDATED if change else ResourceEvent.Action.CREATED
        ResourceEvent.objects.create(resource=obj, action=action, by=request.user)


@admin.register(ResourceVersion)
class ResourceVersionAdmin(ForgetFilesMixin, admin.ModelAdmin):
    files_lookup = "version"
    list_display = ["resource", "label", "date"]
    list_select_related = ["resource"]
    search_fields = ["resource__title", "label"]
    autocomplete_fields = ["resource"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ResourceFileInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.record_version(version=obj, by=request.user)


@admin.register(ResourceEvent)
class ResourceEventAdmin(HistoryAdmin):
    list_select_related = ["resource", "by"]
    search_fields = ["resource__title"]
