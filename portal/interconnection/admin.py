"""Curators' side of the interconnection requests: the list (open ones by step), the
moves of the shared moderation (buttons on the change page, a reason required to
refuse, « mettre à l'étude » in bulk), the sites and the history read only, and a CSV
export of the selected requests, one line per site."""

from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone

from scoran.lib.exports import EXPORTS, csv_bytes
from scoran.lib.moderation import HistoryInline, ModerationAdminMixin

from ..models import InterconnectionRequest, InterconnectionSite, InterconnectionStep

CSV_HEADERS = [
    "Demande n°",
    "Déposée le",
    "Structure",
    "Objet",
    "Usage",
    "Débit souhaité (Mbit/s)",
    "Date souhaitée",
    "Étape",
    "Contact",
    "Adresse électronique du contact",
    "Téléphone du contact",
    "Site",
    "Adresse",
    "Commune",
    "Code INSEE",
    "Latitude",
    "Longitude",
    "Démonstration",
]


def csv_rows(requests) -> list[list]:
    """One line per site of each request, in the requests' order."""
    rows = []
    for request in requests:
        for site in request.sites.all():
            rows.append(
                [
                    request.pk,
                    timezone.localtime(request.created_at).strftime("%d/%m/%Y"),
                    request.organisation.name,
                    request.subject,
                    request.use_label,
                    request.capacity_mbps,
                    request.desired_date.strftime("%d/%m/%Y"),
                    request.get_state_display(),
                    request.contact_name,
                    request.contact_email,
                    request.contact_phone,
                    site.name,
                    site.address,
                    site.commune.name if site.commune else "",
                    site.commune_id or "",
                    site.latitude,
                    site.longitude,
                    "oui" if request.is_demo else "non",
                ]
            )
    return rows


class SiteInline(admin.TabularInline):
    model = InterconnectionSite
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["position", "name", "address", "commune", "latitude", "longitude"]
    readonly_fields = fields
    verbose_name_plural = "sites à raccorder"


class StepInline(HistoryInline):
    model = InterconnectionStep
    ordering = ["at", "pk"]


@admin.register(InterconnectionRequest)
class InterconnectionRequestAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "state",
        "site_count",
        "capacity_mbps",
        "desired_date",
        "created_at",
        "is_demo",
    ]
    list_filter = ["state", "use", "is_demo"]
    list_select_related = ["organisation"]
    search_fields = ["subject", "organisation__name", "contact_name", "contact_email"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    # Filed by agents: curators move a request, they do not rewrite it.
    readonly_fields = [
        "organisation",
        "requested_by",
        "subject",
        "use",
        "use_detail",
        "capacity_mbps",
        "desired_date",
        "description",
        "contact_name",
        "contact_email",
        "contact_phone",
        "state",
        "uuid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "state",
                    "organisation",
                    "requested_by",
                    "subject",
                    ("use", "use_detail"),
                    "capacity_mbps",
                    "desired_date",
                    "description",
                ]
            },
        ),
        ("Contact", {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        ("Suivi", {"fields": ["is_demo", "uuid", "created_at", "updated_at"]}),
    ]
    inlines = [SiteInline, StepInline]
    counted = "demande(s)"
    message_help = (
        "Envoyé par courriel à la personne qui a déposé la demande et au contact, et "
        "conservé dans l'historique de la demande."
    )

    def has_add_permission(self, request):
        return False  # filed by agents, on /dorsale/nouvelle/

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(site_count=Count("sites"))

    @admin.display(description="sites", ordering="site_count")
    def site_count(self, obj) -> int:
        return obj.site_count

    @admin.action(description="Exporter en CSV les demandes sélectionnées (une ligne par site)")
    def export_csv(self, request, queryset):
        requests = (
            queryset.select_related("organisation")
            .prefetch_related("sites__commune")
            .order_by("pk")
        )
        response = HttpResponse(
            csv_bytes(CSV_HEADERS, csv_rows(requests)), content_type=EXPORTS["csv"]
        )
        response["Content-Disposition"] = 'attachment; filename="demandes-dorsale.csv"'
        return response
