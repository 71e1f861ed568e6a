"""The form reporting an error on any reportable item: its own page
(``/signaler/<kind>/<key>/``), and the same handling for pages that show the form
inline (a place's page)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from scoran.lib import throttling
from scoran.lib.catalogues import ReportableKind
from scoran.lib.errors import service_unavailable, too_many_requests
from scoran.lib.throttling import client_key

from .access import get_reportable
from .forms import ErrorReportForm
from .services import report_allowed, report_error

REFUSED = "Vous avez envoyé beaucoup de signalements en peu de temps : réessayez dans une heure."
THANKS = "Merci : votre signalement a été transmis à l'équipe qui tient le site."


def handle_report(
    request, *, kind: ReportableKind, obj
) -> tuple[ErrorReportForm, HttpResponse | None]:
    """The form for ``obj``'s page, and the response when a POST was handled (a
    redirect to the item once stored, a refusal when throttled or when the counters
    cannot be read); None: show the page with the form (empty, or with its errors)."""
    if request.method != "POST":
        return ErrorReportForm(), None
    form = ErrorReportForm(request.POST)
    try:
        allowed = report_allowed(client_key(request))
    except throttling.ThrottleUnavailable:
        return form, service_unavailable(request)
    if not allowed:
        return form, too_many_requests(request, REFUSED, retry_after=3600)
    if not form.is_valid():
        return form, None
    report_error(kind=kind, obj=obj, **form.cleaned_data)
    messages.success(request, THANKS)
    return form, redirect(kind.link(obj))


@require_http_methods(["GET", "POST"])
def report(request, kind: str, key: str):
    entry, obj = get_reportable(kind, key)
    form, response = handle_report(request, kind=entry, obj=obj)
    if response is not None:
        return response
    title = entry.title(obj)
    return render(
        request,
        "directory/reports/report.html",
        {
            "form": form,
            "kind": entry,
            "item_title": title,
            "item_url": entry.link(obj),
            "breadcrumbs": [(title, entry.link(obj)), ("Signaler une erreur", None)],
        },
    )
