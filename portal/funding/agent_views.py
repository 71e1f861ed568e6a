"""The agents' side of the aides: write a draft for one's organisation, edit it with
its sessions, submit it. Curators moderate in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from directory.models import Organisation
from scoran.lib.forms import add_service_error

from ..models import Funding, FundingEvent
from . import services
from .access import get_editable_funding
from .agent_forms import FundingForm, SessionFormSet, session_items

MINE = "Mes aides"


def _breadcrumbs(*trail):
    return [
        ("Mon compte", reverse("accounts:account")),
        (MINE, reverse("funding_agents:list")),
        *trail,
    ]


@login_required
@require_GET
def my_fundings(request):
    fundings = (
        Funding.objects.of_organisations(request.user)
        .select_related("owner")
        .order_by("owner__name", "name", "pk")
    )
    return render(
        request,
        "portal/funding/agents/list.html",
        {
            "fundings": fundings,
            "has_organisation": request.user.memberships.exists(),
            "breadcrumbs": [*_breadcrumbs()[:1], (MINE, None)],
        },
    )


def _forms(request, *, organisations, funding=None):
    data = request.POST if request.method == "POST" else None
    initial, sessions = {}, []
    if funding is not None:
        initial = FundingForm.initial_of(funding)
        sessions = [
            {"opens_on": s.opens_on, "deadline": s.deadline} for s in funding.sessions.all()
        ]
    form = FundingForm(data, initial=initial, organisations=organisations)
    if funding is not None:
        form.fields["owner"].disabled = True
    return form, SessionFormSet(data, initial=sessions, prefix="sessions")


def _render_form(request, *, funding, forms, title):
    form, sessions = forms
    request_message = ""
    if funding is not None and funding.state == Funding.State.CHANGES_REQUESTED:
        request_message = (
            funding.events.filter(action=FundingEvent.Action.CHANGES_REQUESTED)
            .values_list("message", flat=True)
            .first()
        )
    return render(
        request,
        "portal/funding/agents/form.html",
        {
            "funding": funding,
            "form": form,
            "sessions": sessions,
            "request_message": request_message,
            "title": title,
            "breadcrumbs": _breadcrumbs((title, None)),
        },
    )


@login_required
def create(request):
    organisations = list(
        Organisation.objects.filter(memberships__user=request.user).only("name").order_by("name")
    )
    if not organisations:
        raise PermissionDenied(
            "Seuls les membres d'une structure de l'annuaire proposent des aides : "
            "rejoignez d'abord la vôtre."
        )
    forms = _forms(request, organisations=organisations)
    form, sessions = forms
    if request.method == "POST" and all([form.is_valid(), sessions.is_valid()]):
        try:
            funding = services.create_funding(
                owner=form.cleaned_data["owner"],
                by=request.user,
                values=form.values(),
                sessions=session_items(sessions),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Le brouillon est enregistré. Soumettez-le à la relecture quand il est prêt.",
            )
            return redirect("funding_agents:edit", slug=funding.slug)
    return _render_form(request, funding=None, forms=forms, title="Proposer une aide")


@login_required
def edit(request, slug: str):
    funding = get_editable_funding(request, slug)
    title = f"Modifier « {funding.name} »"
    if refusal := services.edit_refusal(funding):
        messages.error(request, refusal)
        return redirect("funding_agents:list")
    forms = _forms(request, organisations=[funding.owner], funding=funding)
    form, sessions = forms
    if request.method == "POST" and all([form.is_valid(), sessions.is_valid()]):
        try:
            services.update_funding(
                funding=funding,
                by=request.user,
                values=form.values(),
                sessions=session_items(sessions),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = (
                "Vos modifications sont enregistrées et publiées."
                if funding.is_published
                else "Vos modifications sont enregistrées."
            )
            messages.success(request, done)
            return redirect("funding_agents:edit", slug=funding.slug)
    return _render_form(request, funding=funding, forms=forms, title=title)


@require_POST
@login_required
def submit(request, slug: str):
    funding = get_editable_funding(request, slug)
    try:
        services.submit_funding(funding=funding, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("funding_agents:edit", slug=funding.slug)
    messages.success(
        request,
        "L'aide est transmise à l'équipe d'animation ; vous recevrez sa décision par courriel.",
    )
    return redirect("funding_agents:list")
