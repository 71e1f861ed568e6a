"""The Dorsale's pages: what it is and how many requests it received (public), an
agent's requests, the form filing one, a request's page (its organisation's agents
and curators only) and the withdrawal of an open request by one of those agents.
Curators move the requests in the admin."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from scoran.lib import throttling
from scoran.lib.forms import add_service_error

from ..models.interconnection import MAX_SITES
from . import selectors, services
from .access import NOT_AN_AGENT, acts_for, get_visible_request
from .forms import RequestForm, SiteFormSet, WithdrawForm, unbound_copy, unbound_sites
from .moderation import withdrawal_refusal
from .selectors import site_networks

HOME = "Dorsale régionale"
MINE = "Mes demandes d'interconnexion"
TOO_MANY = (
    f"Vous avez déposé {services.REQUESTS_PER_DAY} demandes aujourd'hui : déposez les "
    "suivantes demain, ou écrivez à l'équipe d'animation."
)


def _breadcrumbs(*trail):
    return [(HOME, reverse("interconnection:home")), *trail]


@require_GET
def home(request):
    return render(
        request,
        "portal/interconnection/home.html",
        {
            "counts": selectors.public_counts(),
            "eligible": bool(selectors.eligible_organisations(request.user)),
            "not_eligible": services.NOT_ELIGIBLE,
            "breadcrumbs": [(HOME, None)],
        },
    )


@login_required
@require_GET
def my_requests(request):
    return render(
        request,
        "portal/interconnection/mine.html",
        {
            "requests": selectors.requests_of(request.user),
            "eligible": bool(selectors.eligible_organisations(request.user)),
            "not_eligible": services.NOT_ELIGIBLE,
            "breadcrumbs": _breadcrumbs((MINE, None)),
        },
    )


@login_required
@require_GET
def detail(request, uuid):
    interconnection = get_visible_request(request, uuid)
    sites = list(interconnection.sites.all())
    return render(
        request,
        "portal/interconnection/detail.html",
        {
            "interconnection": interconnection,
            "sites": zip(sites, site_networks([site.commune for site in sites]), strict=True),
            "steps": interconnection.steps.all(),
            "may_withdraw": interconnection.is_open and acts_for(request.user, interconnection),
            "breadcrumbs": _breadcrumbs(
                (MINE, reverse("interconnection:mine")), (f"Demande n° {interconnection.pk}", None)
            ),
        },
    )


@login_required
def withdraw(request, uuid):
    """An agent of the requesting organisation withdraws an open request, after a
    confirmation page asking an optional reason (a closed one: its page, with why)."""
    interconnection = get_visible_request(request, uuid)
    if not acts_for(request.user, interconnection):
        raise PermissionDenied(NOT_AN_AGENT)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_request(
                request=interconnection, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Votre demande n° {interconnection.pk} est retirée : l'équipe d'animation "
                "en est informée.",
            )
        return redirect(interconnection)
    if (refusal := withdrawal_refusal(interconnection)) is not None:
        messages.error(request, refusal)
        return redirect(interconnection)
    title = f"Retirer la demande n° {interconnection.pk}"
    return render(
        request,
        "portal/interconnection/withdraw.html",
        {
            "interconnection": interconnection,
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (MINE, reverse("interconnection:mine")),
                (f"Demande n° {interconnection.pk}", interconnection.get_absolute_url()),
                (title, None),
            ),
        },
    )


def _typed_communes(sites) -> list:
    """The commune of each row of the sites' formset, when it names one (else None):
    the cleaned one of a checked row, else what its text names."""
    communes = []
    for form in sites.forms:
        if not form.is_bound:
            communes.append(None)
        elif hasattr(form, "cleaned_data"):
            communes.append(form.cleaned_data.get("commune"))
        else:
            try:
                communes.append(form.fields["commune"].clean(form["commune"].value()))
            except ValidationError:
                communes.append(None)
    return communes


def _forms(request, organisations):
    data = request.POST if request.method == "POST" else None
    initial = {"contact_email": request.user.email}
    form = RequestForm(data, initial=initial, organisations=organisations)
    return form, SiteFormSet(data, prefix="sites")


@login_required
def create(request):
    organisations = selectors.eligible_organisations(request.user)
    if not organisations:
        raise PermissionDenied(services.NOT_ELIGIBLE)
    form, sites = _forms(request, organisations)
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ("ajouter", "afficher"):
        # Shown again with what was typed (and one more row), the communes' figures, and
        # no error yet: nothing is filed.
        typed = [
            commune
            for row, commune in zip(sites.forms, _typed_communes(sites), strict=True)
            if row.has_changed()
        ]
        form = unbound_copy(form, organisations=organisations)
        sites = unbound_sites(sites, add=action == "ajouter")
        communes = typed + [None] * (len(sites.forms) - len(typed))
        return _render_form(request, form, sites, communes)
    if request.method == "POST" and all([form.is_valid(), sites.is_valid()]):
        interconnection = _file(request, form, sites)
        if interconnection is not None:
            messages.success(
                request,
                f"Votre demande n° {interconnection.pk} est reçue. Vous serez informé par "
                "courriel de chaque étape de son étude.",
            )
            return redirect(interconnection)
    return _render_form(request, form, sites, _typed_communes(sites))


def _render_form(request, form, sites, communes):
    if not sites.forms:  # a forged form count: a blank row to start again
        sites, communes = SiteFormSet(prefix="sites"), [None]
    return render(
        request,
        "portal/interconnection/form.html",
        {
            "form": form,
            "sites": sites,
            "rows": list(zip(sites.forms, site_networks(communes), strict=True)),
            "max_sites": MAX_SITES,
            "networks_url": reverse("interconnection:commune_network"),
            "outlines_url": reverse("observatories:map_geojson"),
            "tiles_url": settings.OBSERVATORY_TILES_URL,
            "tiles_attribution": settings.OBSERVATORY_TILES_ATTRIBUTION,
            "breadcrumbs": _breadcrumbs(
                (MINE, reverse("interconnection:mine")), ("Nouvelle demande", None)
            ),
        },
    )


def _file(request, form, sites):
    """The request filed, or None with the reason added to the form."""
    try:
        if not services.filing_allowed(request.user):
            form.add_error(None, TOO_MANY)
            return None
    except throttling.ThrottleUnavailable:
        form.add_error(None, throttling.UNAVAILABLE_MESSAGE)
        return None
    values = dict(form.cleaned_data)
    organisation = values.pop("organisation")
    try:
        return services.file_request(
            organisation=organisation, by=request.user, values=values, sites=sites.values()
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None


@login_required
@require_GET
def commune_network(request):
    """What the observatory says of a commune's fibre, as the form shows it under a
    site (an HTML fragment the form's script fetches when the commune changes)."""
    field = SiteFormSet.form.base_fields["commune"]
    text = request.GET.get("commune", "").strip()
    commune, error = None, ""
    if text:
        try:
            commune = field.clean(text)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    network = site_networks([commune])[0] if commune else None
    return render(
        request,
        "portal/interconnection/includes/network.html",
        {"site_network": network, "error": error},
    )
