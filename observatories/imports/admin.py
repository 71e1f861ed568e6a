from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from ..editions.admin import EditionsAdminMixin
from ..models import ImportReject, ImportRun, ImportUpload
from .forms import ImportUploadForm
from .services import NOT_QUEUED
from .tasks import queue_upload


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the import pipeline only: looked at, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImportRejectInline(admin.TabularInline):
    model = ImportReject
    fields = ["line", "column", "value", "reason"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False


@admin.register(ImportRun)
class ImportRunAdmin(EditionsAdminMixin, admin.ModelAdmin):
    list_display = [
        "started_at", "source", "file_name", "edition", "status", "trigger",
        "rows_read", "rows_created", "rows_updated", "rows_unchanged", "rows_rejected",
    ]  # fmt: skip
    list_filter = ["status", "trigger", "source"]
    list_select_related = ["source"]
    search_fields = ["file_name", "sha256", "edition"]
    readonly_fields = [f.name for f in ImportRun._meta.fields] + ["reject_report", "editions"]
    inlines = [ImportRejectInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description="rapport des rejets")
    def reject_report(self, obj):
        if not obj.rows_rejected:
            return "aucune ligne rejetée"
        url = reverse("observatories:import_rejects", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">Télécharger le rapport (CSV)</a>', url)

    @admin.display(description="éditions et anomalies")
    def editions(self, obj):
        return format_html(
            '<a href="{}">Comparer deux éditions d\'un jeu de données</a> · '
            '<a href="{}">Anomalies du déploiement FttH (« à vérifier »)</a>',
            reverse("admin:observatories_editions"),
            reverse("admin:observatories_anomalies"),
        )


@admin.register(ImportReject)
class ImportRejectAdmin(ReadOnlyAdmin):
    list_display = ["run", "line", "column", "value", "reason"]
    list_select_related = ["run__source"]
    list_filter = ["run__source"]
    search_fields = ["reason", "value", "column"]


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

        def queue():
            if not queue_upload(obj.pk):
                self.message_user(request, NOT_QUEUED, messages.ERROR)

        transaction.on_commit(queue)

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
