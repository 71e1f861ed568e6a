"""The field reports' pages: the validated reports counted per commune and operator
(public), an agent's reports, the form filing one, a report's page (its organisation's
agents and curators only), and the curators' exports of the validated reports."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from observatories.models import Operator
from scoran.lib import throttling
from scoran.lib.forms import add_service_error

from . import exports, selectors, services
from .access import check_curator, get_visible_report
from .forms import ReportForm

HOME = "Remontées terrain"
MINE = "Mes remontées terrain"
TOO_MANY = (
    f"Vous avez signalé {services.REPORTS_PER_DAY} zones aujourd'hui : signalez les "
    "suivantes demain, ou écrivez à l'équipe d'animation."
)


def _breadcrumbs(*trail):
    return [(HOME, reverse("field_reports:home")), *trail]


@require_GET
def home(request):
    return render(
        request,
        "portal/field_reports/home.html",
        {
            "departments": selectors.public_counts(),
            "operators": Operator.labels,
            "agent": bool(selectors.reporting_organisations(request.user)),
            "not_agent": services.NOT_AGENT,
            "breadcrumbs": [(HOME, None)],
        },
    )


@login_required
@require_GET
def my_reports(request):
    return render(
        request,
        "portal/field_reports/mine.html",
        {
            "reports": selectors.reports_of(request.user),
            "agent": bool(selectors.reporting_organisations(request.user)),
            "not_agent": services.NOT_AGENT,
            "breadcrumbs": _breadcrumbs((MINE, None)),
        },
    )


@login_required
@require_GET
def detail(request, uuid):
    report = get_visible_report(request, uuid)
    response = render(
        request,
        "portal/field_reports/detail.html",
        {
            "report": report,
            "steps": report.steps.all(),
            "breadcrumbs": _breadcrumbs(
                (MINE, reverse("field_reports:mine")), (f"Remontée n° {report.pk}", None)
            ),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def create(request):
    organisations = selectors.reporting_organisations(request.user)
    if not organisations:
        raise PermissionDenied(services.NOT_AGENT)
    form = ReportForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        report = _file(request, form)
        if report is not None:
            messages.success(
                request,
                f"Votre remontée n° {report.pk} est enregistrée. Vous serez informé par "
                "courriel de son examen par l'équipe d'animation.",
            )
            return redirect(report)
    return render(
        request,
        "portal/field_reports/form.html",
        {
            "form": form,
            "outlines_url": reverse("observatories:map_geojson"),
            "tiles_url": settings.OBSERVATORY_TILES_URL,
            "tiles_attribution": settings.OBSERVATORY_TILES_ATTRIBUTION,
            "breadcrumbs": _breadcrumbs(
                (MINE, reverse("field_reports:mine")), ("Signaler une zone", None)
            ),
        },
    )


def _file(request, form):
    """The report filed, or None with the reason added to the form."""
    try:
        if not services.filing_allowed(request.user):
            form.add_error(None, TOO_MANY)
            return None
    except throttling.ThrottleUnavailable:
        form.add_error(None, throttling.UNAVAILABLE_MESSAGE)
        return None
    try:
        return services.file_report(
            organisation=form.cleaned_data["organisation"], by=request.user, values=form.values()
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None


@login_required
@require_GET
def export_csv(request):
    check_curator(request)
    return exports.csv_response(exports.validated())


@login_required
@require_GET
def export_geojson(request):
    check_curator(request)
    return exports.geojson_response(exports.validated())
