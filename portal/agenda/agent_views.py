"""The agents' side of the agenda: write a draft event for one's organisation, edit
it, submit it. Curators moderate in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from directory.models import Organisation, visible_items
from scoran.lib.forms import add_service_error

from ..models import Event
from . import services
from .agent_forms import EventForm

MINE = "Mes évènements"


def _breadcrumbs(*trail):
    return [("Mon compte", reverse("accounts:account")), *trail]


def _organisations(user):
    return Organisation.objects.filter(memberships__user=user).only("name").order_by("name")


def _of_my_organisations(user):
    """The events of the person's organisations (a members-only meeting only for its
    group's members)."""
    return visible_items(Event.objects.filter(organisation__memberships__user=user), user)


def _editable(request, slug: str) -> Event:
    """An event of one of the person's organisations (404 otherwise)."""
    return get_object_or_404(
        _of_my_organisations(request.user).select_related("organisation"), slug=slug
    )


@login_required
@require_GET
def my_events(request):
    events = (
        _of_my_organisations(request.user).select_related("organisation").order_by("-start", "pk")
    )
    return render(
        request,
        "portal/agenda/agents/list.html",
        {
            "events": events,
            "has_organisation": request.user.memberships.exists(),
            "breadcrumbs": _breadcrumbs((MINE, None)),
        },
    )


def _render(request, *, event, form, title):
    return render(
        request,
        "portal/agenda/agents/form.html",
        {
            "event": event,
            "form": form,
            "title": title,
            "breadcrumbs": _breadcrumbs((MINE, reverse("agenda_agents:list")), (title, None)),
        },
    )


@login_required
def create(request):
    organisations = _organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(
            "Seuls les membres d'une structure de l'annuaire proposent des évènements : "
            "rejoignez d'abord la vôtre."
        )
    form = EventForm(request.POST or None, organisations=organisations, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.propose_event(
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
            return redirect("agenda_agents:edit", slug=event.slug)
    return _render(request, event=None, form=form, title="Proposer un évènement")


@login_required
def edit(request, slug: str):
    event = _editable(request, slug)
    title = f"Modifier « {event.title} »"
    form = EventForm(
        request.POST or None,
        instance=event,
        organisations=Organisation.objects.filter(pk=event.organisation_id),
        user=request.user,
    )
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                event=event,
                by=request.user,
                values=form.values(),
                orientations=form.cleaned_data["orientations"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Vos modifications sont enregistrées.")
            return redirect("agenda_agents:edit", slug=event.slug)
    return _render(request, event=event, form=form, title=title)


@require_POST
@login_required
def submit(request, slug: str):
    event = _editable(request, slug)
    try:
        services.submit_event(event=event, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("agenda_agents:edit", slug=event.slug)
    messages.success(
        request,
        "L'évènement est transmis à l'équipe d'animation ; vous recevrez sa décision par courriel.",
    )
    return redirect("agenda_agents:list")
