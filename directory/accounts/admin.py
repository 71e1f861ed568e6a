from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from ..models import User
from .forms import AdminSignInForm, UserChangeForm, UserCreationForm

# The admin's sign-in page is throttled like the portal's.
admin.site.login_form = AdminSignInForm

# What only superusers manage: who is staff or superuser, in which groups, with which
# permissions, and passwords.
PRIVILEGES = ("is_staff", "is_superuser", "groups", "user_permissions")
SUPERUSERS_ONLY = (*PRIVILEGES, "password")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """People's accounts. Only superusers manage privileges and passwords: to anyone
    else the change page shows neither the privileges nor the password's form, a POST
    carrying them is refused, and accounts that hold privileges (staff, superusers)
    cannot be changed at all, lest their address be changed and their password
    reset. Only superusers create accounts here (the form sets a password)."""

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        (
            "Droits",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        shown = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in SUPERUSERS_ONLY]
            if fields:
                shown.append((name, {**options, "fields": fields}))
        return shown

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or request.user.is_superuser:
            return form
        # The password is a field of the form's class (its hash and the link to its
        # page): declared fields stay whatever the fieldsets say.
        return type(form.__name__, (form,), {"password": None})

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and _privileged(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and _privileged(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:  # it would delete privileged accounts too
            actions.pop("delete_selected", None)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        forged = any(field in request.POST for field in SUPERUSERS_ONLY)
        if request.method == "POST" and not request.user.is_superuser and forged:
            raise PermissionDenied("Seuls les superutilisateurs gèrent les droits.")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied("Seuls les superutilisateurs changent les mots de passe.")
        return super().user_change_password(request, id, form_url)


def _privileged(user: User) -> bool:
    return user.is_staff or user.is_superuser


# A group's permissions are privileges too: its members hold them. Whatever
# permissions staff hold on groups, only superusers see and change them.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
