"""Curators keep the data centres and hosting offers here; a curator's save confirms
the row (« vérifié le »), and the list filters those « à vérifier »."""

from django.contrib import admin

from scoran.lib.freshness import CuratedAdminMixin

from ..models import DataCentre


@admin.register(DataCentre)
class DataCentreAdmin(CuratedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "operator_name", "commune", "sector", "is_published"]
    list_filter = ["kind", "sector", "commune__department", "is_published", "is_demo"]
    list_select_related = ["commune"]
    search_fields = ["name", "operator_name", "commune__name", "commune__code"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["operator", "commune"]
    readonly_fields = ["updated_at", "is_demo"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "is_published", "description", "url"]}),
        ("Exploitant", {"fields": ["operator_name", "operator", "sector"]}),
        ("Où", {"fields": ["commune", "address", "latitude", "longitude"]}),
        ("Offre", {"fields": ["services", "certifications", "tier"]}),
        ("Fraîcheur", {"fields": ["updated_at", "reviewed_at", "is_demo"]}),
    ]
