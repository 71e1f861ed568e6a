"""The mobile networks' figures in the admin: read-only lists, written by imports
only (with the import each row comes from)."""

from django.contrib import admin

from ..imports.admin import ReadOnlyAdmin
from ..models import (
    AnfrWeek,
    AreaCoverage,
    AreaSites,
    AreaStations,
    AreaTargeted,
    CommuneCoverage,
    CommuneStations,
    MobileSite,
    TargetedSite,
)


class LargeTableAdmin(ReadOnlyAdmin):
    """Tens of thousands of rows per quarter: no count of them all under the filters."""

    show_full_result_count = False
    list_per_page = 50


@admin.register(CommuneCoverage)
class CommuneCoverageAdmin(LargeTableAdmin):
    list_display = [
        "commune", "edition", "operator", "generation", "population_good",
        "population_very_good", "surface_good", "surface_very_good", "run",
    ]  # fmt: skip
    list_filter = ["edition", "operator", "generation", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]


@admin.register(AreaCoverage)
class AreaCoverageAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures by each import of a quarter."""

    list_display = [
        "level", "code", "edition", "operator", "generation", "communes", "population_good",
        "population_very_good", "surface_good", "surface_very_good", "run",
    ]  # fmt: skip
    list_filter = ["level", "edition", "operator", "generation"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(MobileSite)
class MobileSiteAdmin(LargeTableAdmin):
    list_display = [
        "number", "operator", "edition", "commune", "has_2g", "has_3g", "has_4g", "has_5g",
        "white_zone", "targeted", "strategic", "run",
    ]  # fmt: skip
    list_filter = ["edition", "operator", "has_5g", "white_zone", "targeted", "strategic"]
    list_select_related = ["commune", "run"]
    search_fields = ["number", "anfr_station", "commune__code", "commune__name"]


@admin.register(AreaSites)
class AreaSitesAdmin(ReadOnlyAdmin):
    """Rebuilt from the sites by each import of a quarter."""

    list_display = [
        "level", "code", "edition", "operator", "sites", "sites_4g", "sites_5g", "band_3500",
        "white_zone", "targeted", "run",
    ]  # fmt: skip
    list_filter = ["level", "edition", "operator"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(TargetedSite)
class TargetedSiteAdmin(ReadOnlyAdmin):
    list_display = [
        "number", "edition", "decree", "department", "zone_name", "leader", "requested",
        "in_service", "within_6_months", "within_24_months", "waiting", "run",
    ]  # fmt: skip
    list_filter = ["edition", "department", "decree"]
    list_select_related = ["department", "run"]
    search_fields = ["number", "zone_name", "decree_name", "file_id"]


@admin.register(AreaTargeted)
class AreaTargetedAdmin(ReadOnlyAdmin):
    """Rebuilt from the zones by each import."""

    list_display = [
        "level", "code", "edition", "decree", "zones", "requested", "in_service",
        "within_6_months", "within_24_months", "waiting", "run",
    ]  # fmt: skip
    list_filter = ["level", "edition"]
    list_select_related = ["run"]
    search_fields = ["code", "decree"]


@admin.register(AnfrWeek)
class AnfrWeekAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "week", "published", "run"]
    list_select_related = ["run"]


@admin.register(CommuneStations)
class CommuneStationsAdmin(LargeTableAdmin):
    list_display = ["commune", "week", "operator", "generation", "status", "stations", "run"]
    list_filter = ["week", "operator", "generation", "status", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]


@admin.register(AreaStations)
class AreaStationsAdmin(ReadOnlyAdmin):
    """Rebuilt from the communes' counts by each import of a week."""

    list_display = ["level", "code", "week", "operator", "generation", "status", "stations", "run"]
    list_filter = ["level", "week", "operator", "generation", "status"]
    list_select_related = ["run"]
    search_fields = ["code"]
