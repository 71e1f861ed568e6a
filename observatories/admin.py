from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    EPCI,
    AreaFixedStats,
    Commune,
    CommuneFixedStats,
    CommuneOutline,
    DataSource,
    Department,
    ImportReject,
    ImportRun,
    Region,
)


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
    list_display = ["name", "publisher", "format", "schedule", "is_active"]
    list_filter = ["is_active", "publisher"]
    search_fields = ["name", "slug", "publisher"]
    prepopulated_fields = {"slug": ["name"]}


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
