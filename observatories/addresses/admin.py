from django.contrib import admin

from ..imports.admin import ReadOnlyAdmin
from ..models import Building, BuildingDataset, BuildingEligibility, Street


@admin.register(Building)
class BuildingAdmin(ReadOnlyAdmin):
    """A department's buildings are replaced whole by each import of its file."""

    list_display = ["imb_id", "address", "commune", "premises", "run"]
    list_filter = ["department"]
    list_select_related = ["commune", "street", "run"]
    search_fields = ["=imb_id"]
    search_help_text = "Identifiant Arcep exact (IMB/…)"
    show_full_result_count = False  # counting 1.5 million rows twice per page is useless


@admin.register(Street)
class StreetAdmin(ReadOnlyAdmin):
    list_display = ["street", "locality", "commune", "buildings"]
    list_filter = ["department"]
    list_select_related = ["commune"]
    search_fields = ["search"]


@admin.register(BuildingEligibility)
class BuildingEligibilityAdmin(ReadOnlyAdmin):
    list_display = ["building_id", "best", "fo", "cu", "run"]
    list_filter = ["department", "best"]
    search_fields = ["=building__imb_id"]
    show_full_result_count = False


@admin.register(BuildingDataset)
class BuildingDatasetAdmin(ReadOnlyAdmin):
    list_display = ["kind", "department", "run", "content_sha256"]
    list_select_related = ["run"]
