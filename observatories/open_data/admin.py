"""The collectivités' open data in the admin: read-only lists, written by imports
only (with the import each row comes from)."""

from django.contrib import admin

from ..imports.admin import ReadOnlyAdmin
from ..models import AreaOpenData, CollectivityOpenData


@admin.register(CollectivityOpenData)
class CollectivityOpenDataAdmin(ReadOnlyAdmin):
    list_display = [
        "name", "siren", "kind", "department", "population", "platform_datasets",
        "datagouv_datasets", "edition", "run",
    ]  # fmt: skip
    list_filter = ["edition", "kind", "department"]
    list_select_related = ["department", "run"]
    search_fields = ["siren", "name"]


@admin.register(AreaOpenData)
class AreaOpenDataAdmin(ReadOnlyAdmin):
    """Rebuilt from the collectivités' rows by each import."""

    list_display = [
        "level", "code", "edition", "collectivities", "publishing", "over_threshold",
        "over_threshold_publishing", "run",
    ]  # fmt: skip
    list_filter = ["level", "edition"]
    list_select_related = ["run"]
    search_fields = ["code"]
