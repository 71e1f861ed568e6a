"""The working groups in the admin: curators create a group and name its first leads
(members of the inline with the role « Animateur » and the step « Membre »); the
leads then run it on the site. Curators may also correct news."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone

from ..models import GroupMembership, GroupNews, WorkingGroup


class GroupMembershipForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ["user", "organisation", "role", "status", "notify", "joined_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A curator adds people who are in the group: its first leads, above all.
        self.fields["status"].initial = GroupMembership.Status.ACTIVE


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    form = GroupMembershipForm
    fk_name = "group"
    extra = 1
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "is_open", "active_members", "leads", "updated_at"]
    list_filter = ["is_open", "orientations", "is_demo"]
    search_fields = ["name", "theme", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["orientations"]
    inlines = [GroupMembershipInline]

    def get_queryset(self, request):
        active = Q(memberships__status=GroupMembership.Status.ACTIVE)
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count("memberships", filter=active),
                lead_count=Count(
                    "memberships", filter=active & Q(memberships__role=GroupMembership.Role.LEAD)
                ),
            )
        )

    @admin.display(description="membres", ordering="active_count")
    def active_members(self, group):
        return group.active_count

    @admin.display(description="animateurs", ordering="lead_count")
    def leads(self, group):
        return group.lead_count

    def save_formset(self, request, form, formset, change):
        """A person entered as an active member joins now (unless a date is given)."""
        for membership in formset.save(commit=False):
            if membership.status == GroupMembership.Status.ACTIVE and not membership.joined_at:
                membership.joined_at = timezone.now()
            if membership.status != GroupMembership.Status.ACTIVE:
                membership.joined_at = None
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()
        formset.save_m2m()


@admin.register(GroupNews)
class GroupNewsAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "visibility", "published_at", "author"]
    list_filter = ["visibility", "group"]
    search_fields = ["title", "body", "group__name"]
    list_select_related = ["group", "author"]
    raw_id_fields = ["author"]
    date_hierarchy = "published_at"

    def get_changeform_initial_data(self, request):
        return {"published_at": timezone.now(), **super().get_changeform_initial_data(request)}
