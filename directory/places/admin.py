"""Curators edit, publish and unpublish places (through the moderation's
``transition()``, kept in each place's history) and see the indicators (computed,
read-only); errors reported on places are in the one queue of ``directory/reports``.
Imported by ``directory/admin.py``."""

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField

from scoran.lib.fields import WebAddressFormField
from scoran.lib.moderation import HistoryAdmin, ModerationAdminMixin, transition

from ..models import Place, PlaceEvent, PlaceIndicator
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
    ("Publication", {"fields": ("moderation_history",)}),
)


def _url_field(label: str) -> WebAddressFormField:
    return WebAddressFormField(label=label, required=False, max_length=500, assume_scheme="https")


class PlaceForm(forms.ModelForm):
    """The standard's closed lists as checkboxes rather than comma-separated text;
    websites separated by « | » as in the files; https unless told (Django 6's default).
    « Publié » is not a column: the admin turns its change into a move of the
    moderation, kept in the history."""

    is_published = forms.BooleanField(
        label="publié",
        required=False,
        help_text="Un lieu non publié n'apparaît plus sur le site ni dans les indicateurs.",
    )

    websites = SimpleArrayField(
        WebAddressFormField(assume_scheme="https"),
        delimiter="|",
        label="sites web",
        required=False,
        help_text="Plusieurs adresses séparées par « | ».",
    )
    accessibility_url = _url_field("fiche Acceslibre")
    appointment_url = _url_field("prise de rendez-vous")

    class Meta:
        model = Place
        fields = [
            name
            for _, group in FIELDSETS
            for name in group["fields"]
            if name not in {"run", "moderation_history"}
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_published"].initial = self.instance.is_published
        for name, column in CLOSED_LIST_FIELDS.items():
            field = self.fields[name]
            self.fields[name] = forms.MultipleChoiceField(
                label=field.label,
                choices=choices(column),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


@admin.register(Place)
class PlaceAdmin(ModerationAdminMixin, admin.ModelAdmin):
    form = PlaceForm
    list_display = ["name", "commune", "updated_on", "state", "source"]
    list_filter = ["state", "commune__department", "source"]
    search_fields = ["name", "external_id", "pivot", "commune__name", "address"]
    list_select_related = ["commune", "source"]
    autocomplete_fields = ["commune"]
    readonly_fields = ["run", "moderation_history"]
    fieldsets = FIELDSETS
    counted = "lieu(x)"
    message_help = "Conservée dans l'historique du lieu."

    # Every change of the places changes the indicators: recomputed in the same
    # transaction, so that pages never show figures of another state of the places
    # (a publication's move recomputes them itself).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data["is_published"] != obj.is_published:
            action = "publish" if form.cleaned_data["is_published"] else "unpublish"
            transition(obj=obj, action=action, by=request.user)
            obj.refresh_from_db(fields=["state", "published_at"])
        else:
            refresh_place_indicators()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_place_indicators()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        refresh_place_indicators()


@admin.register(PlaceEvent)
class PlaceEventAdmin(HistoryAdmin):
    list_select_related = ["place", "by"]
    search_fields = ["place__name"]


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
