"""What the interconnection requests offer the site: their section (the public
explanation and counts, on the site map), their agents' space on the account page,
the requests and steps a person's data holds, and a section of orientation 1 (the
orientation that asks for this access point) pointing to it.

Requests are never public: no feed, no search, no sitemap below the section."""

from scoran.lib.catalogues import (
    AGENT_SPACES,
    PERSONAL_DATA,
    SITE_SECTIONS,
    AgentSpace,
    OnDelete,
    PersonalData,
    SiteSection,
    history_steps,
    isoformat,
)
from strategy.sections import ORIENTATION_SECTIONS, Section

from ..models import InterconnectionRequest, InterconnectionStep

SECTION = SiteSection(
    key="dorsale",
    title="Dorsale régionale : demandes d'interconnexion",
    url_name="interconnection:home",
    description="Demander le raccordement de sites publics à la dorsale régionale de fibre "
    "optique, et suivre l'étude de la demande.",
    order=71,
)

# The agents of a public organisation file theirs from their account page.
AGENT_SPACE = AgentSpace(
    key="dorsale",
    title="Mes demandes d'interconnexion",
    list_label="Les demandes de mes structures",
    description="les demandes de raccordement à la dorsale régionale et leur étape "
    "(structures publiques).",
    list_url_name="interconnection:mine",
    create_label="Déposer une demande d'interconnexion",
    create_url_name="interconnection:create",
    order=50,
)


def _row(request: InterconnectionRequest) -> dict:
    return {
        "demande": request.pk,
        "structure": request.organisation.name,
        "objet": request.subject,
        "deposee_le": isoformat(request.created_at),
        "etape": request.get_state_display(),
    }


def _requests(user) -> dict:
    """The requests the person filed, those that name them as contact (by their
    address), and the steps they took (an agent's filing and withdrawal with its
    reason, a curator's moves)."""
    requests = InterconnectionRequest.objects.select_related("organisation").order_by("pk")
    return {
        "deposees": [_row(r) for r in requests.filter(requested_by=user)],
        "contact": [
            {
                **_row(r),
                "contact_nom": r.contact_name,
                "contact_courriel": r.contact_email,
                "contact_telephone": r.contact_phone,
            }
            for r in requests.filter(contact_email__iexact=user.email)
        ],
        "etapes": history_steps(InterconnectionStep, of="request", label="demande")(user),
    }


def _forget_contact(user) -> None:
    """The requests stay with their organisation, without the person as contact: their
    name, address and telephone are blanked where their address is the contact's."""
    InterconnectionRequest.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone=""
    )


PERSONAL = PersonalData(
    key="demandes_d_interconnexion",
    fields={
        # The request stays with its organisation, without the person who filed it.
        "portal.InterconnectionRequest.requested_by": OnDelete.DETACH,
        # The contact: blanked with the account whose address it is (``erase``).
        "portal.InterconnectionRequest.contact_email": OnDelete.DETACH,
        # A step stays, without who took it (a curator, or the agent who filed or
        # withdrew the request).
        "portal.InterconnectionStep.by": OnDelete.DETACH,
    },
    export=_requests,
    erase=_forget_contact,
)


def _access_point(orientation) -> list[str]:
    """Orientation 1 asks for the access point: a link to it (no query)."""
    return ["dorsale"] if orientation.number == 1 else []


ORIENTATION = Section(
    key="dorsale",
    title="Demandes d'interconnexion à la Dorsale",
    template="portal/interconnection/includes/orientation.html",
    rows=_access_point,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    PERSONAL_DATA.register(PERSONAL.key, PERSONAL)
    ORIENTATION_SECTIONS.register(ORIENTATION)
