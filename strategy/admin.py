from django.contrib import admin

from .models import ActionTrack, Axis, Challenge, Indicator, Orientation, Principle


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description", "themes"]
    prepopulated_fields = {"slug": ["name"]}


class ChallengeInline(admin.TabularInline):
    model = Challenge
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "updated_at"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "summary", "description"]
    inlines = [ChallengeInline]


class OrientationInline(admin.TabularInline):
    model = Orientation
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "axis"]
    list_display_links = ["number", "title"]
    list_filter = ["axis"]
    list_select_related = ["axis"]
    search_fields = ["title", "description"]
    inlines = [OrientationInline]


class ActionTrackInline(admin.StackedInline):
    model = ActionTrack
    fields = ["position", "title", "detail", "sub_actions"]
    extra = 0
    show_change_link = True


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "challenge", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = ["challenge__axis", "challenge"]
    list_select_related = ["challenge"]
    search_fields = ["title", "context", "key_figures", "consultation_feedback"]
    readonly_fields = ["updated_at", "public_link"]
    fieldsets = [
        (None, {"fields": ["number", "challenge", "title", "public_link", "updated_at"]}),
        ("Texte", {"fields": ["context", "key_figures_label", "key_figures"]}),
        ("Concertation et sources", {"fields": ["consultation_feedback", "notes"]}),
    ]
    inlines = [ActionTrackInline]

    @admin.display(description="page publique")
    def public_link(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"


@admin.register(ActionTrack)
class ActionTrackAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "orientation"]
    list_filter = ["orientation__challenge__axis", "orientation"]
    list_select_related = ["orientation"]
    search_fields = ["title", "detail", "sub_actions"]
    ordering = ["orientation__number", "position"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "axis", "target_year"]
    list_display_links = ["name"]
    list_filter = ["axis", "target_year"]
    list_select_related = ["axis"]
    search_fields = ["name", "objective", "data_needed"]
    filter_horizontal = ["orientations"]
    ordering = ["position"]
