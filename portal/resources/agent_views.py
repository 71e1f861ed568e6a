"""The agents' side of the resources: propose one for one's organisation with its
first version, edit the draft, add a new version with its files, submit it.
Curators moderate in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from directory.models import Organisation
from scoran.lib.forms import add_service_error

from ..models import Resource, ResourceEvent
from . import services
from .access import get_editable_resource
from .forms import ResourceForm, VersionForm

MINE = "Mes ressources"


def _breadcrumbs(*trail):
    return [
        ("Mon compte", reverse("accounts:account")),
        (MINE, reverse("resource_agents:mine")),
        *trail,
    ]


def _data(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@login_required
@require_GET
def my_resources(request):
    return render(
        request,
        "portal/resource_agents/list.html",
        {
            "resources": Resource.objects.for_agents(request.user),
            "has_organisation": request.user.memberships.exists(),
            "breadcrumbs": [*_breadcrumbs()[:1], (MINE, None)],
        },
    )


@login_required
def create(request):
    organisations = list(
        Organisation.objects.filter(memberships__user=request.user).only("name").order_by("name")
    )
    if not organisations:
        raise PermissionDenied(
            "Seuls les membres d'une structure de l'annuaire proposent des ressources : "
            "rejoignez d'abord la vôtre."
        )
    data, files = _data(request)
    form = ResourceForm(data, organisations=organisations, user=request.user)
    version = VersionForm(data, files, prefix="version")
    valid = [form.is_valid(), version.is_valid()]  # both checked, for their errors
    if request.method == "POST" and all(valid):
        try:
            resource = services.create_resource(
                organisation=form.cleaned_data.get("organisation") or organisations[0],
                by=request.user,
                values=form.values(),
                version=version.version(),
            )
        except ValidationError as error:
            add_service_error(version, error)
        else:
            messages.success(
                request,
                "Le brouillon est enregistré. Soumettez-le à la relecture quand il est prêt.",
            )
            return redirect("resource_agents:edit", slug=resource.slug)
    title = "Proposer une ressource"
    return render(
        request,
        "portal/resource_agents/form.html",
        {
            "form": form,
            "version_form": version,
            "title": title,
            "breadcrumbs": _breadcrumbs((title, None)),
        },
    )


@login_required
def edit(request, slug: str):
    resource = get_editable_resource(request, slug)
    title = f"Modifier « {resource.title} »"
    refusal = services.edit_refusal(resource, request.user)
    data, _ = _data(request)
    form = None if refusal else ResourceForm(data, instance=resource, user=request.user)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.update_resource(resource=resource, by=request.user, values=form.values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Vos modifications sont enregistrées.")
            return redirect("resource_agents:edit", slug=resource.slug)
    request_message = ""
    if resource.state == Resource.State.CHANGES_REQUESTED:
        request_message = (
            resource.events.filter(action=ResourceEvent.Action.CHANGES_REQUESTED)
            .values_list("message", flat=True)
            .first()
        )
    return render(
        request,
        "portal/resource_agents/edit.html",
        {
            "resource": resource,
            "form": form,
            "refusal": refusal,
            "versions": resource.versions.prefetch_related("files"),
            "events": resource.events.select_related("by"),
            "request_message": request_message,
            "may_submit": resource.state in services.EDITABLE_STATES,
            "title": title,
            "breadcrumbs": _breadcrumbs((title, None)),
        },
    )


@login_required
def new_version(request, slug: str):
    resource = get_editable_resource(request, slug)
    data, files = _data(request)
    form = VersionForm(data, files, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_version(resource=resource, by=request.user, **form.version())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "La nouvelle version est enregistrée"
                + (" et publiée." if resource.is_published else "."),
            )
            return redirect("resource_agents:edit", slug=resource.slug)
    title = f"Nouvelle version de « {resource.title} »"
    return render(
        request,
        "portal/resource_agents/version.html",
        {
            "resource": resource,
            "form": form,
            "title": title,
            "breadcrumbs": _breadcrumbs((title, None)),
        },
    )


@require_POST
@login_required
def submit(request, slug: str):
    resource = get_editable_resource(request, slug)
    try:
        services.submit_resource(resource=resource, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("resource_agents:edit", slug=resource.slug)
    messages.success(
        request,
        "La ressource est transmise à l'équipe d'animation ; vous recevrez sa décision "
        "par courriel.",
    )
    return redirect("resource_agents:mine")
