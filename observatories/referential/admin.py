from django.contrib import admin

from ..models import EPCI, Commune, CommuneOutline, Department, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["siren", "name", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["siren", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "epci", "population"]
    list_filter = ["department"]
    list_select_related = ["department", "epci"]
    search_fields = ["code", "name"]
    search_help_text = "Nom, code INSEE, ancien code ou code postal"
    autocomplete_fields = ["epci"]
    readonly_fields = ["code"]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:  # arrays are searched for an exact element
            found |= queryset.filter(former_codes__contains=[term])
            found |= queryset.filter(postcodes__contains=[term])
        return found, may_have_duplicates


@admin.register(CommuneOutline)
class CommuneOutlineAdmin(admin.ModelAdmin):
    list_display = ["commune"]
    search_fields = ["commune__code", "commune__name"]
    raw_id_fields = ["commune"]
