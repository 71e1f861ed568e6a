from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from scoran.lib.freshness import CuratedAdminMixin
from scoran.lib.moderation import HistoryAdmin, ModerationAdminMixin, transition
from scoran.lib.spreadsheets import SpreadsheetImportMixin

from ..models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationChange,
    OrganisationEvent,
)
from . import services
from .forms import OrganisationAdminForm
from .spreadsheets import OrganisationResource


class OrganisationImportMixin(SpreadsheetImportMixin):
    """Spreadsheet import of organisations, with a preview: the curator uploads a CSV
    or XLSX file, sees every row with its errors in French, and confirms; nothing is
    written before, nor while one row is wrong."""

    resource_classes = [OrganisationResource]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class OrganisationChangeInline(admin.TabularInline):
    """The profile's history, read only."""

    model = OrganisationChange
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["at", "user", "changes"]
    readonly_fields = fields


@admin.register(Organisation)
class OrganisationAdmin(
    CuratedAdminMixin, ModerationAdminMixin, OrganisationImportMixin, admin.ModelAdmin
):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "commune", "state", "updated_at", "reviewed_at"]
    list_filter = ["state", "kind", "commune__department"]
    search_fields = ["name", "siren", "siret", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["commune"]
    filter_horizontal = ["themes"]
    readonly_fields = ["moderation_history"]
    inlines = [MembershipInline, OrganisationChangeInline]
    counted = "structure(s)"
    message_help = "Envoyée par courriel aux membres et conservée dans l'historique."

    def save_model(self, request, obj, form, change):
        """A curator's edit of the profile goes through the same service as an
        agent's, so it is logged too; « publiée » through the moderation, kept in
        the history; the other fields are saved as they are."""
        self._save_fields(request, obj, form, change)
        if form.cleaned_data["is_published"] != obj.is_published:
            action = "publish" if form.cleaned_data["is_published"] else "unpublish"
            transition(obj=obj, action=action, by=request.user)
            obj.refresh_from_db(fields=["state", "published_at"])

    def _save_fields(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        others = [
            field
            for field in form.changed_data
            if field not in Organisation.PROFILE_FIELDS
            and field in form.cleaned_data
            and field != "is_published"
        ]
        if others:
            Organisation.objects.filter(pk=obj.pk).update(
                **{field: form.cleaned_data[field] for field in others}
            )
        services.update_organisation_profile(
            organisation=obj,
            by=request.user,
            values={field: form.cleaned_data[field] for field in Organisation.PROFILE_FIELDS},
        )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        if change:  # themes were set by the service
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["organisation", "email", "role", "invited_by", "expires_at", "accepted_at"]

    def has_add_permission(self, request):
        return False  # invitations are sent by organisation admins from the portal


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = ["user", "organisation", "message", "status", "decided_by", "decided_at"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, service, done: str):
        count = 0
        for join_request in queryset:
            try:
                service(join_request=join_request, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{join_request} : {error.messages[0]}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"{count} demande(s) {done}.", messages.SUCCESS)

    @admin.action(description="Accepter les demandes sélectionnées")
    def approve(self, request, queryset):
        self._decide(request, queryset, services.approve_join_request, "acceptée(s)")

    @admin.action(description="Refuser les demandes sélectionnées")
    def refuse(self, request, queryset):
        self._decide(request, queryset, services.refuse_join_request, "refusée(s)")


@admin.register(OrganisationChange)
class OrganisationChangeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "at", "user"]
    search_fields = ["organisation__name"]
    readonly_fields = ["organisation", "user", "at", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OrganisationEvent)
class OrganisationEventAdmin(HistoryAdmin):
    list_select_related = ["organisation", "by"]
    search_fields = ["organisation__name"]
