from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from .importing.uploads import check_upload
from .imports.tasks import run_upload
from .models import (
    EPCI,
    AreaFixedStats,
    AreaFtth,
    AreaFtthZone,
    AreaTechnologyStats,
    Building,
    BuildingDataset,
    BuildingEligibility,
    Commune,
    CommuneFixedStats,
    CommuneFtth,
    CommuneOutline,
    CommuneTechnologyStats,
    DataSource,
    Department,
    FtthDeployment,
    ImportReject,
    ImportRun,
    ImportUpload,
    Region,
    Street,
)
from .sources.tasks import schedule_source


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["siren", "name", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["siren", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "epci", "population"]
    list_filter = ["department"]
    list_select_related = ["department", "epci"]
    search_fields = ["code", "name"]
    search_help_text = "Nom, code INSEE, ancien code ou code postal"
    autocomplete_fields = ["epci"]
    readonly_fields = ["code"]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:  # arrays are searched for an exact element
            found |= queryset.filter(former_codes__contains=[term])
            found |= queryset.filter(postcodes__contains=[term])
        return found, may_have_duplicates


@admin.register(CommuneOutline)
class CommuneOutlineAdmin(admin.ModelAdmin):
    list_display = ["commune"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the import pipeline only: looked at, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "publisher", "format", "is_active", "last_checked_at", "consecutive_failures",
    ]  # fmt: skip
    list_filter = ["is_active", "publisher"]
    search_fields = ["name", "slug", "publisher"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["etag", "last_modified", "last_checked_at", "consecutive_failures"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if obj.is_active:
            obj.disabled_reason = ""
            obj.consecutive_failures = (
                0 if "is_active" in form.changed_data else obj.consecutive_failures
            )
        super().save_model(request, obj, form, change)
        schedule_source(obj)  # the nightly job follows the source (URL, active)


class ImportRejectInline(admin.TabularInline):
    model = ImportReject
    fields = ["line", "column", "value", "reason"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at", "source", "file_name", "edition", "status", "trigger",
        "rows_read", "rows_created", "rows_updated", "rows_unchanged", "rows_rejected",
    ]  # fmt: skip
    list_filter = ["status", "trigger", "source"]
    list_select_related = ["source"]
    search_fields = ["file_name", "sha256", "edition"]
    readonly_fields = [f.name for f in ImportRun._meta.fields] + ["reject_report"]
    inlines = [ImportRejectInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description="rapport des rejets")
    def reject_report(self, obj):
        if not obj.rows_rejected:
            return "aucune ligne rejetée"
        url = reverse("observatories:import_rejects", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">Télécharger le rapport (CSV)</a>', url)


@admin.register(CommuneFixedStats)
class CommuneFixedStatsAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "premises", "eligible_30", "eligible_1000", "run"]
    list_filter = ["edition", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune", "run"]


@admin.register(ImportReject)
class ImportRejectAdmin(ReadOnlyAdmin):
    list_display = ["run", "line", "column", "value", "reason"]
    list_select_related = ["run__source"]
    list_filter = ["run__source"]
    search_fields = ["reason", "value", "column"]


@admin.register(AreaFixedStats)
class AreaFixedStatsAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures after each import."""

    list_display = ["level", "code", "edition", "communes", "premises", "eligible_30", "run"]
    list_filter = ["level", "edition"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(FtthDeployment)
class FtthDeploymentAdmin(admin.ModelAdmin):
    list_display = ["commune", "quarter", "connectable", "run"]
    list_filter = ["quarter", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune", "run"]


@admin.register(CommuneFtth)
class CommuneFtthAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "premises", "zone", "operators", "run"]
    list_filter = ["edition", "zone", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name", "operators"]
    raw_id_fields = ["commune", "run"]


@admin.register(AreaFtth)
class AreaFtthAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures after each import."""

    list_display = ["level", "code", "quarter", "connectable", "premises", "run"]
    list_filter = ["level", "quarter"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(CommuneTechnologyStats)
class CommuneTechnologyStatsAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "premises", "eligible_8", "ftth", "copper_30", "run"]
    list_filter = ["edition", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune", "run"]


@admin.register(AreaTechnologyStats)
class AreaTechnologyStatsAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures after each import."""

    list_display = ["level", "code", "edition", "communes", "premises", "eligible_8", "ftth", "run"]
    list_filter = ["level", "edition"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(AreaFtthZone)
class AreaFtthZoneAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune profiles after each import."""

    list_display = ["level", "code", "zone", "communes", "premises", "operators", "run"]
    list_filter = ["level", "zone"]
    list_select_related = ["run"]
    search_fields = ["code", "operators"]


@admin.register(Building)
class BuildingAdmin(ReadOnlyAdmin):
    """A department's buildings are replaced whole by each import of its file."""

    list_display = ["imb_id", "address", "commune", "premises", "run"]
    list_filter = ["department"]
    list_select_related = ["commune", "street", "run"]
    search_fields = ["=imb_id"]
    search_help_text = "Identifiant Arcep exact (IMB/…)"
    show_full_result_count = False  # counting 1.5 million rows twice per page is useless


@admin.register(Street)
class StreetAdmin(ReadOnlyAdmin):
    list_display = ["street", "locality", "commune", "buildings"]
    list_filter = ["department"]
    list_select_related = ["commune"]
    search_fields = ["search"]


@admin.register(BuildingEligibility)
class BuildingEligibilityAdmin(ReadOnlyAdmin):
    list_display = ["building_id", "best", "fo", "cu", "run"]
    list_filter = ["department", "best"]
    search_fields = ["=building__imb_id"]
    show_full_result_count = False


@admin.register(BuildingDataset)
class BuildingDatasetAdmin(ReadOnlyAdmin):
    list_display = ["kind", "department", "run", "content_sha256"]
    list_select_related = ["run"]


class ImportUploadForm(forms.ModelForm):
    class Meta:
        model = ImportUpload
        fields = ["file", "source"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    """Upload a published file; a Celery worker imports it while this page shows progress."""

    form = ImportUploadForm
    list_display = ["__str__", "source", "uploaded_by", "uploaded_at", "status", "run"]
    list_filter = ["status"]
    list_select_related = ["source", "uploaded_by", "run"]
    readonly_fields = ["file", "source", "uploaded_by", "uploaded_at", "progress_panel", "run"]

    class Media:
        js = ["observatories/js/import-progress.js"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else ["file", "source"]

    def has_change_permission(self, request, obj=None):
        return False  # an upload is looked at, never edited

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: run_upload.delay(obj.pk))

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, "Fichier déposé : l'import va commencer.")
        return HttpResponseRedirect(
            reverse("admin:observatories_importupload_change", args=[obj.pk])
        )

    @admin.display(description="avancement")
    def progress_panel(self, obj):
        state = obj.progress()
        return format_html(
            '<div id="import-progress" data-url="{}" role="status" aria-live="polite">'
            "<strong>{}</strong> — {} lignes traitées{}</div>",
            reverse("observatories:upload_progress", kwargs={"pk": obj.pk}),
            state["status_label"],
            state["rows_done"],
            f" — {state['result']}" if state["result"] else "",
        )
