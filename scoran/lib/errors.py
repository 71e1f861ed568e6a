"""The refusals of throttled forms, on the French error page of the portal
(``templates/error.html``) with a link back to the form: 429 when a client asked too
often, 503 when the counters cannot be read (the form fails closed)."""

from django.http import HttpResponse
from django.shortcuts import render

from .throttling import UNAVAILABLE_MESSAGE


def error_page(
    request, *, status: int, title: str, message: str, retry_after: int | None = None
) -> HttpResponse:
    """``message`` says what was refused and when to try again; ``retry_after``
    (seconds) is sent to clients in the ``Retry-After`` header."""
    response = render(
        request,
        "error.html",
        {
            "title": title,
            "text": message,
            "status": status,
            "back": (request.path, "Revenir à la page"),
            "breadcrumbs": [(title, None)],
        },
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def too_many_requests(request, message: str, *, retry_after: int | None = None) -> HttpResponse:
    return error_page(
        request, status=429, title="Trop de demandes", message=message, retry_after=retry_after
    )


def service_unavailable(request, message: str = UNAVAILABLE_MESSAGE) -> HttpResponse:
    return error_page(
        request,
        status=503,
        title="Service momentanément indisponible",
        message=message,
        retry_after=300,
    )
