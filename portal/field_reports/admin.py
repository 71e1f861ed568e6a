"""Curators' side of the field reports: the list (new ones first to examine), the
moves of the shared moderation (« Valider » and « Rejeter », a reason required, on the
change page and in bulk), « Fusionner avec un doublon » (the number of the report
kept asked on its own page), the history read only, and the exports of the selected
validated reports as CSV and GeoJSON (no person's data)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from scoran.lib.moderation import HistoryInline, ModerationAdminMixin

from ..models import FieldReport, FieldReportStep
from . import exports, services
from .forms import MergeForm
from .moderation import OPEN


class StepInline(HistoryInline):
    model = FieldReportStep
    ordering = ["at", "pk"]

    def get_queryset(self, request):
        # Who took each step and the report its name reads, in the same query (not
        # queries per step).
        return super().get_queryset(request).select_related("by", "report__commune")


@admin.register(FieldReport)
class FieldReportAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "state",
        "technology",
        "usage",
        "observed_on",
        "duplicate_of",
        "created_at",
        "is_demo",
    ]
    list_filter = ["state", "technology", "usage", "is_demo"]
    list_select_related = ["organisation", "commune", "duplicate_of__commune"]
    search_fields = ["=id", "commune__name", "commune__code", "address", "organisation__name"]
    date_hierarchy = "created_at"
    actions = ["export_csv", "export_geojson"]
    # Filed by agents: curators move a report, they do not rewrite it.
    readonly_fields = [
        "organisation",
        "reported_by",
        "commune",
        "address",
        "latitude",
        "longitude",
        "operators",
        "technology",
        "usage",
        "observed_on",
        "observed_time",
        "description",
        "signal_dbm",
        "download_mbps",
        "upload_mbps",
        "state",
        "duplicate_of",
        "uuid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["state", "duplicate_of", "organisation", "reported_by"]}),
        ("La zone", {"fields": ["commune", "address", ("latitude", "longitude")]}),
        (
            "Le constat",
            {
                "fields": [
                    "operators",
                    "technology",
                    "usage",
                    ("observed_on", "observed_time"),
                    "description",
                    ("signal_dbm", "download_mbps", "upload_mbps"),
                ]
            },
        ),
        ("Suivi", {"fields": ["is_demo", "uuid", "created_at", "updated_at"]}),
    ]
    inlines = [StepInline]
    counted = "remontée(s)"
    message_help = (
        "Envoyé par courriel à la personne qui a signalé la zone, et conservé dans "
        "l'historique de la remontée."
    )
    merge_template = "admin/portal/fieldreport/merge.html"

    def has_add_permission(self, request):
        return False  # filed by agents, on /remontees-terrain/signaler/

    # ---------- Merging ----------

    def get_urls(self):
        merge = path(
            "<path:object_id>/fusionner/",
            self.admin_site.admin_view(self.merge_view),
            name="portal_fieldreport_merge",
        )
        return [merge, *super().get_urls()]

    def moderation_buttons(self, request, obj) -> list[tuple[str, str]]:
        buttons = super().moderation_buttons(request, obj)
        if obj is not None and obj.state in OPEN and self.has_change_permission(request, obj):
            buttons.append(
                (
                    reverse("admin:portal_fieldreport_merge", args=[obj.pk]),
                    "Fusionner avec un doublon",
                )
            )
        return buttons

    def merge_view(self, request, object_id):
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        form = MergeForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.merge_report(
                    report=report,
                    into=form.cleaned_data["into"],
                    by=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("into", message)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    f"{report} fusionnée avec la remontée n° {form.cleaned_data['into'].pk}.",
                    messages.SUCCESS,
                )
                return redirect("admin:portal_fieldreport_change", report.pk)
        candidates = (
            FieldReport.objects.filter(state__in=OPEN, commune_id=report.commune_id)
            .exclude(pk=report.pk)
            .order_by("pk")[:20]
        )
        return TemplateResponse(
            request,
            self.merge_template,
            {
                **self.admin_site.each_context(request),
                "title": f"Fusionner avec un doublon : {report}",
                "opts": self.model._meta,
                "report": report,
                "form": form,
                "candidates": candidates,
            },
        )

    # ---------- Exports ----------

    @admin.action(description="Exporter en CSV les remontées validées sélectionnées")
    def export_csv(self, request, queryset):
        return exports.csv_response(exports.validated(queryset))

    @admin.action(description="Exporter en GeoJSON les remontées validées sélectionnées")
    def export_geojson(self, request, queryset):
        return exports.geojson_response(exports.validated(queryset))
