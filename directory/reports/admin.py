"""The curators' queue of error reports, every kind together: new ones first to
hand, filtered by status and kind, each with a link to the item it concerns, closed
in bulk (treated or rejected: the sender's address is then erased). Imported by
``directory/admin.py``."""

from django.contrib import admin, messages
from django.utils.html import format_html

from scoran.lib.catalogues import REPORTABLE_KINDS

from ..models import ErrorReport
from .services import close_reports


class KindFilter(admin.SimpleListFilter):
    title = "nature de l'élément"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(entry.key, entry.label) for entry in REPORTABLE_KINDS]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["object_title", "kind_label", "item", "created_at", "status", "email"]
    list_filter = ["status", KindFilter]
    search_fields = ["object_title", "message", "email"]
    readonly_fields = [
        "kind",
        "object_key",
        "object_title",
        "item",
        "message",
        "email",
        "status",
        "created_at",
        "treated_at",
        "treated_by",
    ]
    actions = ["mark_treated", "mark_rejected"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="nature")
    def kind_label(self, report: ErrorReport) -> str:
        entry = REPORTABLE_KINDS.get(report.kind)
        return entry.label if entry else report.kind

    @admin.display(description="élément concerné")
    def item(self, report: ErrorReport) -> str:
        entry = REPORTABLE_KINDS.get(report.kind)
        if entry is None:
            return "—"
        return format_html('<a href="{}">Voir l\'élément</a>', entry.page(report.object_key))

    def _close(self, request, queryset, status: str, done: str) -> None:
        closed = close_reports(reports=queryset, status=status, by=request.user)
        self.message_user(request, f"{closed} signalement(s) {done}.", messages.SUCCESS)

    @admin.action(description="Marquer comme traités", permissions=["change"])
    def mark_treated(self, request, queryset):
        self._close(request, queryset, ErrorReport.Status.TREATED, "traité(s)")

    @admin.action(description="Marquer comme rejetés", permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._close(request, queryset, ErrorReport.Status.REJECTED, "rejeté(s)")
