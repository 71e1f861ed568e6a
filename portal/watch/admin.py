"""Curators write watch items, attach them (imported ones too) to orientations and
publish them; the feeds themselves are data sources of format ``rss``."""

from django.contrib import admin

from scoran.lib.freshness import CuratedAdminMixin

from ..models import WatchItem, WatchRule


@admin.register(WatchItem)
class WatchItemAdmin(CuratedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "source_name", "published_on", "state")
    list_filter = ("state", "source", "orientations")
    search_fields = ("title", "summary", "source_name")
    autocomplete_fields = ()
    filter_horizontal = ("orientations",)
    readonly_fields = ("source", "guid", "created_at", "updated_at")
    fields = (
        "title", "link", "source_name", "published_on", "summary", "orientations", "state",
        "source", "guid", "created_at", "updated_at",
    )  # fmt: skip


@admin.register(WatchRule)
class WatchRuleAdmin(admin.ModelAdmin):
    list_display = ("keyword", "orientation")
    list_filter = ("orientation",)
    search_fields = ("keyword",)
