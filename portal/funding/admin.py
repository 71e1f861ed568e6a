"""Curators' side of the aides: the moderation queue and its decisions
(``scoran.lib.moderation``), sessions inline, the history read only, filters by
kind, beneficiary, dates, source and freshness.

On an imported aide, the imported fields a curator changes are added to
``locally_edited`` (shown read only): the next import leaves them alone.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from scoran.lib.freshness import CuratedAdminMixin
from scoran.lib.moderation import HistoryAdmin, HistoryInline, ModerationAdminMixin

from ..models import Funding, FundingEvent, FundingSession
from . import services


class FundingSessionInline(admin.TabularInline):
    model = FundingSession
    extra = 0
    fields = ["opens_on", "deadline", "reminder_sent_at"]
    readonly_fields = ["reminder_sent_at"]


class FundingEventInline(HistoryInline):
    model = FundingEvent


class ArrayChoiceFilter(admin.SimpleListFilter):
    """One value of a multiple-choice array field."""

    field: str
    options: type[models.TextChoices]

    def lookups(self, request, model_admin):
        return self.options.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field}__contains": [self.value()]})
        return queryset


class KindFilter(ArrayChoiceFilter):
    title = "nature"
    parameter_name = "nature"
    field = "kinds"
    options = Funding.Kind


class BeneficiaryFilter(ArrayChoiceFilter):
    title = "bénéficiaire"
    parameter_name = "beneficiaire"
    field = "beneficiaries"
    options = Funding.Beneficiary


class DatesFilter(admin.SimpleListFilter):
    title = "dates (jour de Paris)"
    parameter_name = "dates"

    def lookups(self, request, model_admin):
        return [
            ("ouvertes", "Ouvertes"),
            ("bientot", "Clôture dans moins de 30 jours"),
            ("cloturees", "Clôturées"),
        ]

    def queryset(self, request, queryset):
        day = timezone.localdate()
        match self.value():
            case "ouvertes":
                return queryset.open_on(day)
            case "bientot":
                return queryset.closing_soon(day)
            case "cloturees":
                return queryset.closed_on(day)
        return queryset


# Array fields of choices: boxes to tick rather than a comma-separated text.
CHOICE_ARRAYS = {"kinds": True, "beneficiaries": False}  # field: required


@admin.register(Funding)
class FundingAdmin(CuratedAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "state", "waiting_since", "source", "updated_at"]
    list_filter = [
        KindFilter,
        BeneficiaryFilter,
        DatesFilter,
        "recurrence",
        "is_national",
        "source",
        "is_demo",
    ]
    list_select_related = ["owner", "source"]
    search_fields = ["name", "summary", "funder_names", "external_id"]
    ordering = ["name"]
    autocomplete_fields = ["owner", "funders", "regions", "departments", "epcis", "communes"]
    filter_horizontal = ["orientations"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "updated_at",
        "territory_keys",
        "locally_edited",
        "is_demo",
        "moderation_history",
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "owner", "summary", "description", "is_demo"]}),
        ("Nature et bénéficiaires", {"fields": ["kinds", "beneficiaries", "recurrence"]}),
        ("Financeurs", {"fields": ["funders", "funder_names"]}),
        (
            "Territoire",
            {
                "fields": [
                    "is_national",
                    "regions",
                    "departments",
                    "epcis",
                    "communes",
                    "territory_note",
                    "territory_keys",
                ]
            },
        ),
        ("Stratégie", {"fields": ["orientations"]}),
        (
            "Montants",
            {"fields": ["subsidy_rate_min", "subsidy_rate_max", "amount_min", "amount_max"]},
        ),
        ("Candidater", {"fields": ["application_url", "information_url", "contact"]}),
        (
            "Provenance",
            {"fields": ["source", "external_id", "origin_url", "licence", "locally_edited"]},
        ),
        (
            "Modération et fraîcheur",
            {
                "fields": [
                    "state",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "updated_at",
                    "reviewed_at",
                    "moderation_history",
                ]
            },
        ),
    ]
    inlines = [FundingSessionInline, FundingEventInline]
    counted = "aide(s)"
    message_help = "Envoyé par courriel à la structure et conservé dans l'historique de l'aide."

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in CHOICE_ARRAYS:
            return forms.MultipleChoiceField(
                label=db_field.verbose_name.capitalize(),
                choices=db_field.base_field.choices,
                widget=forms.CheckboxSelectMultiple,
                required=CHOICE_ARRAYS[db_field.name],
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            services.remember_local_edits(funding=obj, changed=form.changed_data)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        funding = form.instance
        services.refresh_territory_keys(funding=funding)
        # The sessions inline: a curator's dates outlive the next import too.
        if change and any(formset.has_changed() for formset in formsets):
            services.remember_local_edits(funding=funding, changed=["sessions"])
            funding.save(update_fields=["locally_edited"])


@admin.register(FundingEvent)
class FundingEventAdmin(HistoryAdmin):
    list_select_related = ["funding", "by"]
    search_fields = ["funding__name"]
