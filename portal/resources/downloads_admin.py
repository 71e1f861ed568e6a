"""Curators' view of the downloads: monthly totals of every resource (a read-only
list, and an inline on the resource's page), a total column for the resource list,
and the action that designates the guide « Territoires intelligents ».

``ResourceAdmin`` (``admin.py``) takes ``DownloadMonthInline``, the
``DownloadTotalColumn`` mixin and ``designate_territory_guide`` from here."""

from django.contrib import admin, messages
from django.db.models import Sum

from ..models import ResourceDownloadMonth
from . import counting


class ReadOnlyMixin:
    """Counts are made by downloads only: nobody adds or edits them here. Deleting
    stays with the permission: a resource's deletion takes its months with it (the
    admin asks for the right to delete them too)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DownloadMonthInline(ReadOnlyMixin, admin.TabularInline):
    """The resource's downloads, month by month, newest first."""

    model = ResourceDownloadMonth
    can_delete = False
    fields = ["month", "count"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "téléchargements par mois (un par visiteur et par jour, sans robots)"


@admin.register(ResourceDownloadMonth)
class ResourceDownloadMonthAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["resource", "month_label", "count"]
    list_select_related = ["resource"]
    list_filter = ["resource__is_territory_guide"]
    date_hierarchy = "month"
    search_fields = ["resource__title"]
    ordering = ["-month", "-count"]

    @admin.display(description="mois", ordering="month")
    def month_label(self, row: ResourceDownloadMonth) -> str:
        return f"{row.month:%m/%Y}"


class DownloadTotalColumn:
    """A ``downloads_total`` column for the resource list: the sum of the months,
    annotated in the list's query (no query per row)."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(downloads=Sum("download_months__count"))

    @admin.display(description="téléchargements", ordering="downloads")
    def downloads_total(self, resource) -> int:
        return getattr(resource, "downloads", None) or 0


@admin.action(
    description="Désigner comme guide « Territoires intelligents »", permissions=["change"]
)
def designate_territory_guide(modeladmin, request, queryset):
    resources = list(queryset[:2])
    if len(resources) != 1:
        modeladmin.message_user(
            request,
            "Choisissez une seule ressource : il n'y a qu'un guide « Territoires intelligents ».",
            messages.ERROR,
        )
        return
    (resource,) = resources
    counting.designate_territory_guide(resource=resource)
    if resource.is_published:
        modeladmin.message_user(
            request,
            f"« {resource} » est désormais le guide « Territoires intelligents » : "
            "l'indicateur de la section 8 compte ses téléchargements.",
            messages.SUCCESS,
        )
    else:
        modeladmin.message_user(
            request,
            f"« {resource} » est désormais le guide « Territoires intelligents » ; elle "
            "n'est pas publiée : l'indicateur de la section 8 la comptera une fois publiée.",
            messages.WARNING,
        )
