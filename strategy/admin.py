from django import forms
from django.contrib import admin

from .forms import IndicatorValueForm
from .measures import is_computed
from .models import (
    ActionTrack,
    Axis,
    Challenge,
    Indicator,
    IndicatorValue,
    Orientation,
    Principle,
)


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description", "themes"]
    prepopulated_fields = {"slug": ["name"]}


class ChallengeInline(admin.TabularInline):
    model = Challenge
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "updated_at"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "summary", "description"]
    inlines = [ChallengeInline]


class OrientationInline(admin.TabularInline):
    model = Orientation
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "axis"]
    list_display_links = ["number", "title"]
    list_filter = ["axis"]
    list_select_related = ["axis"]
    search_fields = ["title", "description"]
    inlines = [OrientationInline]


class ActionTrackInline(admin.StackedInline):
    model = ActionTrack
    fields = ["position", "title", "detail", "sub_actions"]
    extra = 0
    show_change_link = True


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "challenge", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = ["challenge__axis", "challenge"]
    list_select_related = ["challenge"]
    search_fields = ["title", "context", "key_figures", "consultation_feedback"]
    readonly_fields = ["updated_at", "public_link"]
    fieldsets = [
        (None, {"fields": ["number", "challenge", "title", "public_link", "updated_at"]}),
        ("Texte", {"fields": ["context", "key_figures_label", "key_figures"]}),
        ("Concertation et sources", {"fields": ["consultation_feedback", "notes"]}),
    ]
    inlines = [ActionTrackInline]

    @admin.display(description="page publique")
    def public_link(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"


@admin.register(ActionTrack)
class ActionTrackAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "orientation"]
    list_filter = ["orientation__challenge__axis", "orientation"]
    list_select_related = ["orientation"]
    search_fields = ["title", "detail", "sub_actions"]
    ordering = ["orientation__number", "position"]


class EnteredValuesMixin:
    """Curators enter values of the indicators that are not computed; computed
    values are the imports' history: read only."""

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


class IndicatorValueFormSet(forms.BaseInlineFormSet):
    """Two rows of the same territory and year are refused together (each form only
    checks the stored values: the database would refuse the second one)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("territory") or not data.get("year"):
                continue
            key = (data["territory"], data["year"])
            if key in seen:
                raise forms.ValidationError(
                    "Une même année est saisie deux fois pour un même territoire."
                )
            seen.add(key)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    form = IndicatorValueForm
    formset = IndicatorValueFormSet
    fields = ["territory", "year", "value", "kind", "edition", "source", "source_url", "demo"]
    extra = 1
    verbose_name = "valeur saisie"
    verbose_name_plural = "valeurs saisies (une par territoire et par année)"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(origin=IndicatorValue.Origin.ENTERED)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "axis", "target_year"]
    list_display_links = ["name"]
    list_filter = ["axis", "target_year"]
    list_select_related = ["axis"]
    search_fields = ["name", "objective", "data_needed"]
    filter_horizontal = ["orientations"]
    ordering = ["position"]

    def get_inlines(self, request, obj):
        # Computed indicators take their values from the imports, not from curators.
        return [IndicatorValueInline] if obj is not None and not is_computed(obj) else []

    def save_formset(self, request, form, formset, change):
        values = formset.save(commit=False)
        for value in values:
            value.entered_by = request.user
            value.save()
        for value in formset.deleted_objects:
            value.delete()


COMPUTED_FIELDS = [
    "indicator", "series", "label", "level", "code", "year", "edition", "period", "value",
    "unit", "source", "source_url", "origin", "updated_at",
]  # fmt: skip


@admin.register(IndicatorValue)
class IndicatorValueAdmin(EnteredValuesMixin, admin.ModelAdmin):
    form = IndicatorValueForm
    list_display = ["indicator_position", "label", "series", "period", "value", "unit", "origin"]
    list_display += ["demo"]
    list_filter = ["origin", "level", "demo", "indicator__axis"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "label", "source"]
    ordering = ["indicator__position", "series", "level", "code", "-edition"]
    readonly_fields = ["origin", "entered_by", "updated_at"]

    @admin.display(description="indicateur", ordering="indicator__position")
    def indicator_position(self, obj):
        return f"n°{obj.indicator.position} – {obj.indicator.name}"[:80]

    def _computed(self, obj) -> bool:
        return obj is not None and obj.origin == IndicatorValue.Origin.COMPUTED

    def get_fields(self, request, obj=None):
        if self._computed(obj):
            return COMPUTED_FIELDS
        return super().get_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if self._computed(obj):
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def get_actions(self, request):
        # Deleting in bulk would reach the computed history.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        return not self._computed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._computed(obj) and super().has_delete_permission(request, obj)
