"""Public directory of organisations, and what their agents do with them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from scoran.lib.geojson import point, points_response
from scoran.lib.lists import filtered, list_page

from ..models import Membership, Organisation
from . import services
from .access import (
    get_administered_organisation,
    get_editable_organisation,
    get_visible_organisation,
)
from .filters import OrganisationFilter
from .forms import InvitationForm, JoinRequestForm, MemberRoleForm, OrganisationProfileForm
from .sections import filled_sections


def _breadcrumbs(*trail):
    return [("Annuaire des acteurs", reverse("directory:list")), *trail]


@require_GET
def organisation_list(request):
    listing = list_page(request, OrganisationFilter, Organisation.objects.published().for_list())
    return render(
        request,
        "directory/organisation_list.html",
        listing.context(
            tiles_url=settings.OBSERVATORY_TILES_URL,
            tiles_attribution=settings.OBSERVATORY_TILES_ATTRIBUTION,
            breadcrumbs=[("Annuaire des acteurs", None)],
        ),
    )


@require_GET
def organisations_geojson(request):
    """The published organisations matching the list's filters, each at its commune's
    representative point (1 query); those without a commune are only in the list."""
    _, rows = filtered(
        OrganisationFilter,
        request,
        Organisation.objects.published().select_related("commune__department"),
    )
    return points_response(
        point(
            organisation.commune.latitude,
            organisation.commune.longitude,
            name=organisation.name,
            where=f"{organisation.get_kind_display()}, {organisation.commune.name} "
            f"({organisation.commune.department.name})",
            url=organisation.get_absolute_url(),
            approximate=True,
        )
        for organisation in rows.filter(commune__isnull=False)
    )


@require_GET
def organisation_detail(request, slug: str):
    organisation = get_visible_organisation(request, slug, Organisation.objects.for_page())
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "viewer_role": organisation.role_of(request.user),
            "sections": filled_sections(organisation),
            "breadcrumbs": _breadcrumbs((organisation.name, None)),
        },
    )


@require_GET
def organisation_logo(request, slug: str):
    organisation = get_visible_organisation(request, slug)
    if not organisation.logo:
        raise Http404
    response = FileResponse(organisation.logo.open("rb"), content_type="image/png")
    response["Cache-Control"] = "max-age=86400" + (
        ", public" if organisation.is_published else ", private"
    )
    return response


@require_POST
@login_required
def organisation_confirm(request, slug: str):
    """An agent confirms the profile is still right (the weekly reminder leads here)."""
    organisation = get_editable_organisation(request, slug)
    services.confirm_organisation(organisation=organisation, by=request.user)
    messages.success(request, "Merci : la fiche est confirmée à jour.")
    return redirect("directory:edit", slug=organisation.slug)


@login_required
def organisation_edit(request, slug: str):
    organisation = get_editable_organisation(request, slug)
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            try:
                services.update_organisation_profile(
                    organisation=organisation, by=request.user, values=form.profile_values()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "La fiche de la structure est enregistrée.")
                return redirect(organisation)
    else:
        form = OrganisationProfileForm(instance=organisation)
    return render(
        request,
        "directory/organisation_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (organisation.name, organisation.get_absolute_url()), ("Modifier la fiche", None)
            ),
        },
    )


@login_required
def organisation_members(request, slug: str):
    """Members and open invitations; the page's form sends an invitation."""
    organisation = get_administered_organisation(request, slug)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("directory:members", slug=slug)
    return render(
        request,
        "directory/members.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by("user__email"),
            "invitations": organisation.invitations.pending().order_by("email"),
            "roles": Membership.Role.choices,
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (organisation.name, organisation.get_absolute_url()), ("Membres", None)
            ),
        },
    )


def _after_member_change(request, slug: str, action):
    """Run a change of members; its refusal, in French, is shown on the members page."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("directory:members", slug=slug)


@require_POST
@login_required
def member_role(request, slug: str, pk: int):
    organisation = get_administered_organisation(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle de la liste.")
        return redirect("directory:members", slug=slug)

    def change():
        services.change_member_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(
            request, f"{membership.user.email} : rôle « {membership.get_role_display()} »."
        )

    return _after_member_change(request, slug, change)


@require_POST
@login_required
def member_remove(request, slug: str, pk: int):
    organisation = get_administered_organisation(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)

    def remove():
        services.remove_member(membership=membership, by=request.user)
        messages.success(request, f"{membership.user.email} ne fait plus partie de la structure.")

    return _after_member_change(request, slug, remove)


@require_POST
@login_required
def invitation_revoke(request, slug: str, pk: int):
    organisation = get_administered_organisation(request, slug)
    invitation = get_object_or_404(organisation.invitations.filter(accepted_at__isnull=True), pk=pk)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("directory:members", slug=slug)


@login_required
def organisation_join(request, slug: str):
    organisation = get_visible_organisation(request, slug)
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                organisation=organisation, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Votre demande est envoyée à l'équipe d'animation ; vous recevrez sa réponse "
                "par courriel.",
            )
            return redirect("accounts:account")
    return render(
        request,
        "directory/join.html",
        {
            "organisation": organisation,
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (organisation.name, organisation.get_absolute_url()), ("Rejoindre", None)
            ),
        },
    )
