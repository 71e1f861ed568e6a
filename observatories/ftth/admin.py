from django.contrib import admin

from ..imports.admin import ReadOnlyAdmin
from ..models import AreaFtth, AreaFtthZone, CommuneFtth, FtthDeployment


@admin.register(FtthDeployment)
class FtthDeploymentAdmin(admin.ModelAdmin):
    list_display = ["commune", "quarter", "connectable", "run"]
    list_filter = ["quarter", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune", "run"]


@admin.register(CommuneFtth)
class CommuneFtthAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition", "premises", "zone", "operators", "run"]
    list_filter = ["edition", "zone", "commune__department"]
    list_select_related = ["commune", "run"]
    search_fields = ["commune__code", "commune__name", "operators"]
    raw_id_fields = ["commune", "run"]


@admin.register(AreaFtth)
class AreaFtthAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune figures after each import."""

    list_display = ["level", "code", "quarter", "connectable", "premises", "run"]
    list_filter = ["level", "quarter"]
    list_select_related = ["run"]
    search_fields = ["code"]


@admin.register(AreaFtthZone)
class AreaFtthZoneAdmin(ReadOnlyAdmin):
    """Rebuilt from the commune profiles after each import."""

    list_display = ["level", "code", "zone", "communes", "premises", "operators", "run"]
    list_filter = ["level", "zone"]
    list_select_related = ["run"]
    search_fields = ["code", "operators"]
