"""Curators edit, publish and unpublish places, read the error reports and see the
indicators (computed, read-only). Imported by ``directory/admin.py``."""

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField

from ..models import ErrorReport, Place, PlaceIndicator
from .imports import CLOSED_LIST_FIELDS
from .indicators import refresh_place_indicators
from .standard import choices

FIELDSETS = (
    (None, {"fields": ("name", "slug", "is_published", "summary", "description")}),
    (
        "Adresse",
        {
            "fields": (
                "address",
                "address_complement",
                "postcode",
                "commune",
                "latitude",
                "longitude",
            )
        },
    ),
    (
        "Contacts et horaires",
        {
            "fields": (
                "phone",
                "emails",
                "websites",
                "opening_hours",
                "appointment_url",
                "accessibility_url",
            )
        },
    ),
    ("Offre", {"fields": (*CLOSED_LIST_FIELDS, "typologies", "other_labels")}),
    (
        "Provenance",
        {
            "fields": (
                "source",
                "external_id",
                "pivot",
                "collected_by",
                "parent_structure",
                "updated_on",
                "run",
            )
        },
    ),
)


def _url_field(label: str) -> forms.URLField:
    return forms.URLField(label=label, required=False, max_length=500, assume_scheme="https")


class PlaceForm(forms.ModelForm):
    """The standard's closed lists as checkboxes rather than comma-separated text;
    websites separated by « | » as in the files; https unless told (Django 6's default)."""

    websites = SimpleArrayField(
        forms.URLField(assume_scheme="https"),
        delimiter="|",
        label="sites web",
        required=False,
        help_text="Plusieurs adresses séparées par « | ».",
    )
    accessibility_url = _url_field("fiche Acceslibre")
    appointment_url = _url_field("prise de rendez-vous")

    class Meta:
        model = Place
        fields = [name for _, group in FIELDSETS for name in group["fields"] if name != "run"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, column in CLOSED_LIST_FIELDS.items():
            field = self.fields[name]
            self.fields[name] = forms.MultipleChoiceField(
                label=field.label,
                choices=choices(column),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


class ErrorReportInline(admin.TabularInline):
    model = ErrorReport
    extra = 0
    fields = ["created_at", "message", "email", "is_resolved"]
    readonly_fields = ["created_at", "message", "email"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    form = PlaceForm
    list_display = ["name", "commune", "updated_on", "is_published", "source"]
    list_filter = ["is_published", "commune__department", "source"]
    search_fields = ["name", "external_id", "pivot", "commune__name", "address"]
    list_select_related = ["commune", "source"]
    autocomplete_fields = ["commune"]
    readonly_fields = ["run"]
    inlines = [ErrorReportInline]
    actions = ["publish", "unpublish"]
    fieldsets = FIELDSETS

    # Every change of the places changes the indicators: recomputed in the same
    # transaction, so that pages never show figures of another state of the places.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_place_indicators()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_place_indicators()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        refresh_place_indicators()

    def _set_published(self, request, queryset, value: bool, done: str):
        count = queryset.update(is_published=value)
        refresh_place_indicators()
        self.message_user(request, f"{count} lieu(x) {done}.", messages.SUCCESS)

    @admin.action(description="Publier les lieux sélectionnés")
    def publish(self, request, queryset):
        self._set_published(request, queryset, True, "publié(s)")

    @admin.action(description="Dépublier les lieux sélectionnés")
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False, "dépublié(s)")


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["place", "created_at", "email", "is_resolved"]
    list_filter = ["is_resolved"]
    search_fields = ["place__name", "message", "email"]
    list_select_related = ["place"]
    readonly_fields = ["place", "message", "email", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PlaceIndicator)
class PlaceIndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "level",
        "places",
        "population",
        "places_per_10k",
        "mean_distance_km",
        "data_date",
    ]
    list_select_related = ["run"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
