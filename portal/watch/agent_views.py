"""The agents' side of the watch: propose an item for one's organisation, edit it,
submit it. Curators moderate in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from directory.models import Organisation
from scoran.lib.forms import add_service_error

from ..models import WatchItem, WatchItemStep
from . import services
from .agent_forms import WatchItemForm

MINE = "Mes propositions de veille"


def _breadcrumbs(*trail):
    return [("Mon compte", reverse("accounts:account")), *trail]


def _organisations(user):
    return Organisation.objects.filter(memberships__user=user).only("name").order_by("name")


def _editable(request, pk: int) -> WatchItem:
    """An item proposed by one of the person's organisations (404 otherwise)."""
    return get_object_or_404(
        WatchItem.objects.of_organisations(request.user).select_related("organisation"), pk=pk
    )


@login_required
@require_GET
def my_items(request):
    items = (
        WatchItem.objects.of_organisations(request.user)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "portal/watch/agents/list.html",
        {
            "items": items,
            "has_organisation": request.user.memberships.exists(),
            "breadcrumbs": _breadcrumbs((MINE, None)),
        },
    )


def _render(request, *, item, form, title):
    request_message = ""
    if item is not None and item.state == WatchItem.State.CHANGES_REQUESTED:
        request_message = (
            item.steps.filter(action=WatchItemStep.Action.CHANGES_REQUESTED)
            .values_list("message", flat=True)
            .first()
        )
    return render(
        request,
        "portal/watch/agents/form.html",
        {
            "item": item,
            "form": form,
            "title": title,
            "request_message": request_message,
            "breadcrumbs": _breadcrumbs((MINE, reverse("watch_agents:list")), (title, None)),
        },
    )


@login_required
def create(request):
    organisations = _organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(
            "Seuls les membres d'une structure de l'annuaire proposent des informations de "
            "veille : rejoignez d'abord la vôtre."
        )
    form = WatchItemForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.propose_item(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                values=form.values(),
                orientations=form.cleaned_data["orientations"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Le brouillon est enregistré. Soumettez-le à la relecture quand il est prêt.",
            )
            return redirect("watch_agents:edit", pk=item.pk)
    return _render(request, item=None, form=form, title="Proposer une information de veille")


@login_required
def edit(request, pk: int):
    item = _editable(request, pk)
    title = f"Modifier « {item.title} »"
    form = WatchItemForm(
        request.POST or None,
        instance=item,
        organisations=Organisation.objects.filter(pk=item.organisation_id),
    )
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                item=item,
                by=request.user,
                values=form.values(),
                orientations=form.cleaned_data["orientations"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Vos modifications sont enregistrées.")
            return redirect("watch_agents:edit", pk=item.pk)
    return _render(request, item=item, form=form, title=title)


@require_POST
@login_required
def submit(request, pk: int):
    item = _editable(request, pk)
    try:
        services.submit_item(item=item, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("watch_agents:edit", pk=item.pk)
    messages.success(
        request,
        "L'information est transmise à l'équipe d'animation ; vous recevrez sa décision par "
        "courriel.",
    )
    return redirect("watch_agents:list")
