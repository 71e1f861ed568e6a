"""Curators write watch items, attach them (imported ones too) to orientations and
moderate the items agents propose: the queue opens on what waits for review (oldest
first), decisions one by one or in bulk, publishing directly what the team writes,
the history. The feeds themselves are data sources of format ``rss``."""

from django.contrib import admin
from django.db import models

from scoran.lib.freshness import CuratedAdminMixin
from scoran.lib.moderation import HistoryInline, ModerationAdminMixin

from ..models import WatchItem, WatchItemStep, WatchRule


class WatchItemStepInline(HistoryInline):
    model = WatchItemStep


@admin.register(WatchItem)
class WatchItemAdmin(CuratedAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ("title", "source_name", "organisation", "published_on", "state",
                    "waiting_since")  # fmt: skip
    list_filter = ("source", "orientations")  # after the queue's
    list_select_related = ("organisation",)
    search_fields = ("title", "summary", "source_name", "organisation__name")
    ordering = ("-published_on", "-pk")  # after the oldest waiting (the mixin's)
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("orientations",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "state", "source", "guid", "created_by", "created_at", "submitted_at",
        "published_at", "updated_at",
    )  # fmt: skip
    fields = (
        "title", "link", "source_name", "published_on", "summary_text", "summary",
        "orientations", "organisation", "state", "source", "guid", "created_by", "created_at",
        "submitted_at", "published_at", "updated_at", "reviewed_at",
    )  # fmt: skip
    inlines = [WatchItemStepInline]
    counted = "information(s)"
    message_help = (
        "Envoyé par courriel à la structure qui la propose et conservé dans l'historique."
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Written on the portal, the summary is rendered from its text; read from a
        # feed, it is the feed's (cleaned HTML), which the next import may update.
        if obj is None or obj.summary_text:
            fields.append("summary")
        if obj is not None and obj.source_id:
            fields.append("summary_text")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        action = WatchItemStep.Action.UPDATED if change else WatchItemStep.Action.CREATED
        WatchItemStep.objects.create(item=obj, action=action, by=request.user)


@admin.register(WatchRule)
class WatchRuleAdmin(admin.ModelAdmin):
    list_display = ("keyword", "orientation")
    list_filter = ("orientation",)
    search_fields = ("keyword",)
