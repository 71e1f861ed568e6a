"""Curators keep the networks and their wholesale offers here (the offers inline on
their network, and in their own list for the « à vérifier » filter). A curator's
save of a network confirms it and the offers the form showed."""

from django.contrib import admin

from scoran.lib.freshness import CuratedAdminMixin, mark_reviewed

from ..models import Network, WholesaleOffer


class WholesaleOfferInline(admin.TabularInline):
    model = WholesaleOffer
    extra = 1
    fields = ["operator", "role", "markets", "url", "note", "is_published"]


@admin.register(Network)
class NetworkAdmin(CuratedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "zone", "authority", "is_published", "updated_at", "reviewed_at"]
    list_filter = ["zone", "is_published", "is_demo"]
    search_fields = ["name", "authority", "offers__operator"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["departments", "epcis", "communes"]
    readonly_fields = ["updated_at", "is_demo"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "zone", "authority", "contract", "is_published"]}),
        ("Présentation", {"fields": ["description", "website"]}),
        ("Territoire", {"fields": ["departments", "epcis", "communes", "territory_note"]}),
        ("Fraîcheur", {"fields": ["updated_at", "reviewed_at", "is_demo"]}),
    ]
    inlines = [WholesaleOfferInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for offer in form.instance.offers.all():
            mark_reviewed(obj=offer)


@admin.register(WholesaleOffer)
class WholesaleOfferAdmin(CuratedAdminMixin, admin.ModelAdmin):
    list_display = ["operator", "network", "role", "url", "is_published", "reviewed_at"]
    list_filter = ["role", "network__zone", "is_published", "is_demo"]
    list_select_related = ["network"]
    search_fields = ["operator", "network__name", "url"]
    ordering = ["network__name", "operator"]
    autocomplete_fields = ["network"]
    readonly_fields = ["updated_at", "is_demo"]
    fields = [
        "network", "operator", "role", "markets", "url", "note", "is_published",
        "updated_at", "reviewed_at", "is_demo",
    ]  # fmt: skip
