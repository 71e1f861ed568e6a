"""The site search's index in the admin: seen, never written by hand (the services
keep it; ``manage.py rebuild_search_index`` rebuilds it)."""

from django.contrib import admin

from ..models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "key", "date"]
    list_filter = ["kind"]
    search_fields = ["title"]
    fields = [
        "kind",
        "key",
        "title",
        "summary",
        "body",
        "url",
        "departments",
        "orientations",
        "date",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
