"""The API's policies that the REST framework's settings name (pagination, rate
limit, error bodies): a module apart from the views, which the framework imports
while it reads those settings."""

from django.conf import settings
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import BaseThrottle

from scoran.lib.throttling import ThrottleUnavailable, allow, client_key

READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(READ_METHODS),
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
    "Access-Control-Max-Age": "86400",
}


class Pagination(PageNumberPagination):
    """Pages of ``LIST_PAGE_SIZE`` rows, ``page_size`` up to ``API_MAX_PAGE_SIZE``
    (a larger one is cut to it); a page out of range is a 404."""

    page_size_query_param = "page_size"
    invalid_page_message = "Page inexistante : {message}"

    @property
    def page_size(self):
        return settings.LIST_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE


class ClientThrottle(BaseThrottle):
    """``API_RATE_LIMIT`` requests per client and window, counted in Redis per
    address (the one our proxy saw, IPv6 per /64: ``scoran.lib.throttling``).

    Unlike the forms, the API fails open when Redis is down: a read sends no e-mail
    and reaches no one, and the pages it mirrors are not throttled either."""

    def allow_request(self, request, view):
        try:
            return allow(
                "api",
                client_key(request),
                limit=settings.API_RATE_LIMIT,
                window=settings.API_RATE_WINDOW,
            )
        except ThrottleUnavailable:
            return True

    def wait(self):
        return settings.API_RATE_WINDOW


def _message(exc) -> tuple[str, dict | None]:
    """The French sentence of an error, and the fields of an invalid filter."""
    if isinstance(exc, exceptions.Throttled):
        return (
            f"Trop de requêtes : réessayez dans {exc.wait or settings.API_RATE_WINDOW} secondes.",
            None,
        )
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "Méthode non permise : l'API est en lecture seule (GET, HEAD, OPTIONS).", None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"erreurs": exc.detail}
        return "Paramètres non valides.", fields
    if isinstance(exc, exceptions.NotAcceptable):
        return "Format non disponible : l'API répond en JSON (ou CSV, XLSX sur les listes).", None
    if isinstance(exc, exceptions.NotFound | Http404):
        detail = str(getattr(exc, "detail", "") or "")
        if detail.startswith("Page inexistante"):
            return "Page inexistante.", None
        return "Introuvable : rien ne correspond à cette adresse.", None
    return str(getattr(exc, "detail", "Erreur.")), None


def french_errors(exc, context):
    """Every error as ``{"erreur": "…", "statut": 404}`` (with ``champs``, the
    invalid parameters, on a 400)."""
    # Deferred: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is None:
        return None
    message, fields = _message(exc)
    body = {"erreur": message, "statut": response.status_code}
    if fields:
        body["champs"] = fields
    response.data = body
    return response


def _error(status: int, message: str) -> JsonResponse:
    """An error of Django's handlers under ``/api/``, as the endpoints' own."""
    response = JsonResponse({"erreur": message, "statut": status}, status=status)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def not_found(request, exception=None) -> JsonResponse:
    """The 404 of an address under ``/api/`` that no endpoint serves."""
    return _error(404, "Introuvable : rien ne correspond à cette adresse.")


def bad_request(request, exception=None) -> JsonResponse:
    """The 400 Django answers under ``/api/`` (an unknown host, a malformed request)."""
    return _error(400, "Demande incorrecte : elle est incomplète ou mal formée.")


def server_error(request) -> JsonResponse:
    """The 500 of an address under ``/api/`` (no query, as the site's 500 page)."""
    return _error(500, "Erreur du service : réessayez dans quelques minutes.")
