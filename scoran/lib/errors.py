"""The "too many requests" answer of every throttled form: the French error page of
the portal (``templates/error.html``), status 429, with a link back to the form."""

from django.http import HttpResponse
from django.shortcuts import render


def too_many_requests(request, message: str, *, retry_after: int | None = None) -> HttpResponse:
    """``message`` says what was refused and when to try again; ``retry_after``
    (seconds) is sent to clients in the ``Retry-After`` header."""
    response = render(
        request,
        "error.html",
        {
            "title": "Trop de demandes",
            "text": message,
            "status": 429,
            "back": (request.path, "Revenir à la page"),
            "breadcrumbs": [("Trop de demandes", None)],
        },
        status=429,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
