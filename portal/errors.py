"""The error pages of the whole site (``handler400`` … in ``scoran/urls.py`` and
``CSRF_FAILURE_VIEW``): in French, in the portal's layout, with a way back. The 429
page of throttled forms is ``scoran/lib/errors.py``'s.

The 500 page is rendered without the request: no context processor, no query, so
that it shows even when the database is what failed.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

from .api.policies import bad_request as api_bad_request
from .api.policies import not_found as api_not_found
from .api.policies import server_error as api_server_error


def _error_page(request, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request,
        "error.html",
        {
            "title": title,
            "text": text,
            "status": status,
            "back": None,
            "breadcrumbs": [(title, None)],
        },
        status=status,
    )


def bad_request(request, exception):
    if request.path.startswith("/api/"):  # a machine reads it: JSON, in French
        return api_bad_request(request, exception)
    return _error_page(
        request,
        400,
        "Demande incorrecte",
        "Cette demande n'a pas pu être traitée : elle est incomplète ou mal formée.",
    )


def permission_denied(request, exception):
    # Our own refusals say why, in French (projects/access.py…); Django's say nothing.
    reason = str(exception) or "Vous n'avez pas accès à cette page."
    return _error_page(request, 403, "Accès refusé", reason)


def csrf_failure(request, reason: str = ""):
    # Django has logged the reason (django.security.csrf); the page needs none of it.
    return _error_page(
        request,
        403,
        "Formulaire non envoyé",
        "Le formulaire a expiré, ou votre navigateur refuse les cookies de ce site : "
        "revenez à la page du formulaire, rechargez-la, puis envoyez-le à nouveau.",
    )


def page_not_found(request, exception):
    if request.path.startswith("/api/"):  # a machine reads it: JSON, in French
        return api_not_found(request, exception)
    return _error_page(
        request,
        404,
        "Page introuvable",
        "La page demandée n'existe pas ou plus : l'adresse est peut-être mal saisie, ou "
        "la page a été déplacée ou retirée.",
    )


def server_error(request):
    if request.path.startswith("/api/"):  # a machine reads it: JSON, in French
        return api_server_error(request)
    html = loader.get_template("error.html").render(
        {
            "title": "Erreur du service",
            "text": "Une erreur inattendue nous empêche d'afficher cette page. L'équipe "
            "technique en est informée : réessayez dans quelques minutes.",
            "status": 500,
            "back": None,
        }
    )
    return HttpResponse(html, status=500)
