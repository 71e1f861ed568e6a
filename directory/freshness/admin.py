"""Curators see the results of the weekly link check: broken links first, filtered
by kind and state, each with its item's page. Read-only: a link is fixed on the
item itself. Imported by ``directory/admin.py``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html

from scoran.lib.catalogues import CHECKED_LINKS

from ..models import LinkCheck


class BrokenFilter(admin.SimpleListFilter):
    title = "état du lien"
    parameter_name = "casse"

    def lookups(self, request, model_admin):
        return [("oui", "Cassé"), ("non", "Répond")]

    def queryset(self, request, queryset):
        broken = queryset.broken()
        if self.value() == "oui":
            return broken
        if self.value() == "non":
            return queryset.exclude(consecutive_failures__gte=settings.LINK_CHECK_BROKEN_AFTER)
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = "nature de l'élément"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(entry.key, entry.label) for entry in CHECKED_LINKS]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = [
        "link",
        "item",
        "outcome",
        "consecutive_failures",
        "first_failure_at",
        "last_checked_at",
    ]
    list_filter = [BrokenFilter, KindFilter]
    search_fields = ["url", "object_title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="lien", ordering="url")
    def link(self, check: LinkCheck) -> str:
        # Only a web address is a link: an imported "javascript:" one stays text.
        if urlsplit(check.url).scheme.lower() not in ("http", "https"):
            return check.url
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', check.url, check.url)

    @admin.display(description="élément", ordering="object_title")
    def item(self, check: LinkCheck) -> str:
        return format_html('<a href="{}">{}</a>', check.object_url, check.object_title)

    @admin.display(description="résultat")
    def outcome(self, check: LinkCheck) -> str:
        return check.outcome
