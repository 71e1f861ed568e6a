"""What the organisations offer the site: the directory's section, organisations to
search, and the person's part of their data (memberships, join requests,
invitations, changes made to an organisation's profile)."""

from django.conf import settings
from django.urls import reverse

from scoran.lib.catalogues import (
    CHECKED_LINKS,
    CURATED_KINDS,
    PERSONAL_DATA,
    REPORTABLE_KINDS,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    CheckedLinks,
    CuratedKind,
    OnDelete,
    PersonalData,
    ReportableKind,
    SearchableKind,
    SiteSection,
    history_steps,
    isoformat,
    lookup_by_pk,
)

from ..freshness.selectors import agents_of
from ..models import Invitation, Organisation, OrganisationEvent
from .sitemaps import OrganisationSitemap

SECTION = SiteSection(
    key="annuaire",
    title="Annuaire des acteurs",
    menu_title="Annuaire",
    url_name="directory:list",
    description="Les structures qui agissent pour le numérique du territoire.",
    order=40,
    in_menu=True,
    sitemap=OrganisationSitemap,
)

SEARCH = SearchableKind(
    key="organisations",
    label="Structures",
    queryset=lambda: Organisation.objects.published().select_related("commune"),
    summary=lambda organisation: " – ".join(
        filter(None, [organisation.get_kind_display(), getattr(organisation.commune, "name", "")])
    ),
    body=lambda organisation: organisation.description,
    departments=lambda organisation: [getattr(organisation.commune, "department_id", "")],
    date=lambda organisation: organisation.published_at,
)


# Errors reported on it reach the curators' queue, which links to its admin page.
REPORTABLE = ReportableKind(
    key="organisations",
    label="la structure",
    lookup=lookup_by_pk(lambda: Organisation.objects.published()),
    page=lambda key: reverse("admin:directory_organisation_change", args=[key]),
    title=lambda organisation: organisation.name,
)


def _memberships(user) -> list[dict]:
    return [
        {
            "structure": m.organisation.name,
            "adresse": settings.SITE_URL + m.organisation.get_absolute_url(),
            "role": m.get_role_display(),
            "depuis_le": isoformat(m.created_at),
        }
        for m in user.memberships.select_related("organisation")
    ]


def _join_requests(user) -> list[dict]:
    return [
        {
            "structure": r.organisation.name,
            "message": r.message,
            "etat": r.get_status_display(),
            "demandee_le": isoformat(r.created_at),
            "decidee_le": isoformat(r.decided_at),
        }
        for r in user.join_requests.select_related("organisation")
    ]


def _invitations_received(user) -> list[dict]:
    return [
        {
            "structure": i.organisation.name,
            "role": i.get_role_display(),
            "envoyee_le": isoformat(i.created_at),
            "acceptee_le": isoformat(i.accepted_at),
        }
        for i in Invitation.objects.filter(email__iexact=user.email).select_related("organisation")
    ]


def _erase_invitations_received(user) -> None:
    Invitation.objects.filter(email__iexact=user.email).delete()


def _invitations_sent(user) -> list[dict]:
    # The invited addresses are other people's data: only what this person did.
    return [
        {
            "structure": i.organisation.name,
            "role": i.get_role_display(),
            "envoyee_le": isoformat(i.created_at),
        }
        for i in user.invitations_sent.select_related("organisation")
    ]


def _changes(user) -> list[dict]:
    return [
        {"structure": c.organisation.name, "le": isoformat(c.at), "champs": sorted(c.changes)}
        for c in user.organisation_changes.select_related("organisation")
    ]


PERSONAL = [
    PersonalData(
        key="structures",
        fields={"directory.Membership.user": OnDelete.ERASE},
        export=_memberships,
    ),
    PersonalData(
        key="demandes_d_adhesion",
        fields={
            "directory.JoinRequest.user": OnDelete.ERASE,
            "directory.JoinRequest.decided_by": OnDelete.DETACH,
        },
        export=_join_requests,
    ),
    PersonalData(
        key="invitations_recues",
        fields={"directory.Invitation.email": OnDelete.ERASE},
        export=_invitations_received,
        erase=_erase_invitations_received,
    ),
    PersonalData(
        key="invitations_envoyees",
        fields={"directory.Invitation.invited_by": OnDelete.DETACH},
        export=_invitations_sent,
    ),
    # The organisation's log keeps each change, without the person.
    PersonalData(
        key="modifications_de_structures",
        fields={"directory.OrganisationChange.user": OnDelete.DETACH},
        export=_changes,
    ),
    # Publication decisions stay in the organisation's history, without the person.
    PersonalData(
        key="moderation_de_structures",
        fields={"directory.OrganisationEvent.by": OnDelete.DETACH},
        export=history_steps(OrganisationEvent, of="organisation", label="structure"),
    ),
    # A function address (numerique@…), published on purpose: the form says so.
    PersonalData(
        key="adresses_de_contact_des_structures",
        fields={"directory.Organisation.contact_email": OnDelete.KEEP},
    ),
]


# Its agents are reminded weekly of those "à vérifier"; its website is checked.
CURATED = CuratedKind(
    key="organisations",
    label="Structures",
    queryset=lambda: Organisation.objects.published(),
    owners=agents_of("pk"),
    link=lambda organisation: reverse("directory:edit", kwargs={"slug": organisation.slug}),
    title=lambda organisation: organisation.name,
)

LINKS = CheckedLinks(
    key="organisations",
    label="la structure",
    queryset=lambda: Organisation.objects.published(),
    fields=("website",),
    title=lambda organisation: organisation.name,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    CURATED_KINDS.register(CURATED.key, CURATED)
    CHECKED_LINKS.register(LINKS.key, LINKS)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
