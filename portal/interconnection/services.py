"""Writes of the interconnection requests, keyword-only: an agent of a public
organisation files a request with its sites (checked as a whole, nothing
half-written), curators move it through its steps (the shared moderation,
``moderation.py``), and its organisation's agents may withdraw it while it is open.
E-mails leave after commit."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from directory.models import Membership, Organisation
from scoran.lib import moderation, throttling
from scoran.lib.mail import send_after_commit, staff_emails

from ..models import InterconnectionRequest, InterconnectionSite, InterconnectionStep
from ..models.interconnection import MAX_SITES, PUBLIC_KINDS
from .moderation import CURATORS, STEP_MAIL, followers

logger = logging.getLogger(__name__)

# Requests one person may file in a day: far above any real need, low enough that a
# stolen account cannot flood the curators.
REQUESTS_PER_DAY = 10
NOT_ELIGIBLE = (
    "Seuls les agents d'une structure publique (collectivité, intercommunalité, syndicat "
    "mixte, service de l'État, chambre consulaire, université ou organisme de recherche) "
    "déposent des demandes d'interconnexion à la Dorsale."
)


def filing_allowed(user) -> bool:
    """Counts one filing by ``user``; False beyond ``REQUESTS_PER_DAY`` in the day.
    Raises ``throttling.ThrottleUnavailable`` when the counters cannot be reached."""
    return throttling.allow(
        "interconnection-request", str(user.pk), limit=REQUESTS_PER_DAY, window=86400
    )


def _check_eligible(organisation: Organisation, by) -> None:
    if organisation.kind not in PUBLIC_KINDS:
        raise PermissionDenied(NOT_ELIGIBLE)
    if not Membership.objects.filter(organisation=organisation, user=by).exists():
        raise PermissionDenied("Seuls les membres de la structure déposent ses demandes.")


@transaction.atomic
def file_request(
    *, organisation: Organisation, by, values: dict, sites: list[dict]
) -> InterconnectionRequest:
    """A request of ``organisation`` (a public one, of which ``by`` is an agent) for
    ``sites`` (1 to ``MAX_SITES``: name, address, commune, latitude, longitude), « reçue »;
    the curators are told, and the requester and the contact get an acknowledgment."""
    _check_eligible(organisation, by)
    if not sites:
        raise ValidationError("Indiquez au moins un site à raccorder.")
    if len(sites) > MAX_SITES:
        raise ValidationError(f"Une demande compte au plus {MAX_SITES} sites.")
    request = InterconnectionRequest(organisation=organisation, requested_by=by, **values)
    request.full_clean()
    request.save()
    rows = [
        InterconnectionSite(request=request, position=position, **site)
        for position, site in enumerate(sites, start=1)
    ]
    for row in rows:
        row.full_clean()
    InterconnectionSite.objects.bulk_create(rows)
    InterconnectionStep.objects.create(
        request=request, action=InterconnectionStep.Action.RECEIVED, by=by
    )
    _announce(request, by, sites=len(rows))
    logger.info("interconnection request %s filed by user %s", request.pk, by.pk)
    return request


def _announce(request: InterconnectionRequest, by, *, sites: int) -> None:
    context = {
        "interconnection": request,
        "by": by,
        "message": "",
        "sites": sites,
        "url": settings.SITE_URL + request.get_absolute_url(),
    }
    send_after_commit(template=STEP_MAIL, to=followers(request), context=context)
    admin = reverse("admin:portal_interconnectionrequest_change", args=[request.pk])
    send_after_commit(
        template="portal/interconnection/emails/received.txt",
        to=staff_emails(permission=CURATORS),
        context={**context, "url": settings.SITE_URL + admin},
    )


def move_request(*, request: InterconnectionRequest, action: str, by, message: str = ""):
    """A curator's move (``study``, ``send_quote``, ``connect``, ``refuse``: a reason
    required), recorded and e-mailed to the request's followers."""
    return moderation.transition(obj=request, action=action, by=by, message=message)


def withdraw_request(*, request: InterconnectionRequest, by, reason: str = ""):
    """An agent of the requesting organisation withdraws an open request (``reason``
    optional, kept in the history): the followers and the curators are told."""
    return moderation.transition(obj=request, action="withdraw", by=by, message=reason)
