from django.contrib import admin

from ..imports.admin import ReadOnlyAdmin
from ..models import AreaFixedStats, AreaTechnologyStats, CommuneFixedStats, CommuneTechnologyStats


@admin.register(CommuneFixedStats)
class CommuneFixedStatsAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "premises", "eligible_30", "eligible_1000", "run"]
    list_filter = ["edition", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune", "run"]


@admin.register(AreaFixedStats)
class AreaFixedStatsAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures after each import."""

    list_display = ["level", "code", "edition", "communes", "premises", "eligible_30", "run"]
    list_filter = ["level", "edition"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(CommuneTechnologyStats)
class CommuneTechnologyStatsAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "premises", "eligible_8", "ftth", "copper_30", "run"]
    list_filter = ["edition", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune", "run"]


@admin.register(AreaTechnologyStats)
class AreaTechnologyStatsAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures after each import."""

    list_display = ["level", "code", "edition", "communes", "premises", "eligible_8", "ftth", "run"]
    list_filter = ["level", "edition"]
    list_select_related = ["run"]
    search_fields = ["code"]
