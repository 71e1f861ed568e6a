"""Curators' side of the agenda: the moderation queue (opened on what waits for
review, oldest first), its decisions one by one or in bulk, publishing directly, and
the history."""

from django.contrib import admin
from django.db import models

from scoran.lib.freshness import CuratedAdminMixin
from scoran.lib.moderation import HistoryInline, ModerationAdminMixin

from ..models import Event, EventStep
from . import services


class EventStepInline(HistoryInline):
    model = EventStep


@admin.register(Event)
class EventAdmin(CuratedAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "start", "status", "state", "waiting_since"]
    list_filter = ["kind", "status", "working_group", "visibility", "is_demo"]  # after the queue's
    list_select_related = ["organisation"]
    search_fields = ["title", "organisation__name"]
    ordering = ["-start"]  # after the oldest waiting (the mixin's)
    autocomplete_fields = ["organisation", "commune"]
    filter_horizontal = ["orientations"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "uid",
        "sequence",
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "organisation",
                    "kind",
                    "status",
                    "description",
                    ("start", "end"),
                    "all_day",
                    "audiences",
                    "orientations",
                ]
            },
        ),
        ("Lieu", {"fields": ["address", "commune", "online_url"]}),
        ("Inscription", {"fields": ["registration_url", "capacity"]}),
        ("Groupe de travail", {"fields": ["working_group", "visibility"]}),
        (
            "Modération et fraîcheur",
            {
                "fields": [
                    "state",
                    "is_demo",
                    "uid",
                    "sequence",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "updated_at",
                    "reviewed_at",
                ]
            },
        ),
    ]
    inlines = [EventStepInline]
    counted = "évènement(s)"
    message_help = "Envoyé par courriel et conservé dans l'historique de l'évènement."

    def save_model(self, request, obj, form, change):
        """A curator's change of a published meeting (cancelled, moved) is told to its
        group's members, as an agent's is."""
        if not change:
            obj.created_by = request.user
        before = services.schedule_of(obj)
        super().save_model(request, obj, form, change)
        action = EventStep.Action.UPDATED if change else EventStep.Action.CREATED
        EventStep.objects.create(event=obj, action=action, by=request.user)
        services.tell_meeting_change(before=before, event=obj)
