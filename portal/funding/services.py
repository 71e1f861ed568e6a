"""Writes of the funding guide: each service checks, saves in one transaction,
records the step in the aide's history and sends its e-mails once it commits.

Agents of the owner organisation write drafts and submit them; curators publish
(``moderation.py``). An agent's edit of a published aide is public at once and kept
in the history (aides change dates often; curators follow the history).

Errors meant for people are French ``ValidationError`` s keyed by form field.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from directory.models import Membership, Organisation, User
from directory.organisations.moderation import members
from observatories.models import EPCI, Commune, Department
from scoran.lib.freshness import mark_reviewed
from scoran.lib.mail import send_after_commit
from scoran.lib.moderation import transition
from scoran.lib.text import free_slug

from ..models import Funding, FundingEvent, FundingSession
from ..models.funding import CLOSING_SOON_DAYS, NATIONAL_KEY

logger = logging.getLogger(__name__)

State = Funding.State
Action = FundingEvent.Action
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED, State.PUBLISHED}
# Fixed addresses under /aides/ (agents' pages, the feed): never an aide's slug.
RESERVED_SLUGS = {"nouvelle", "mes-aides", "flux", "export"}
CONTENT_FIELDS = Funding.CONTENT_FIELDS
CONTENT_RELATIONS = Funding.CONTENT_RELATIONS


# ---------- Territory keys ----------


def region_key(code: str) -> str:
    return f"R{code}"


def department_key(code: str) -> str:
    return f"D{code}"


def epci_key(siren: str) -> str:
    return f"E{siren}"


def commune_key(code: str) -> str:
    return f"C{code}"


def territory_keys(funding: Funding) -> list[str]:
    """The keys of the territory the aide covers (4 queries)."""
    keys = {NATIONAL_KEY} if funding.is_national else set()
    keys |= {region_key(c) for c in funding.regions.values_list("code", flat=True)}
    keys |= {department_key(c) for c in funding.departments.values_list("code", flat=True)}
    keys |= {epci_key(s) for s in funding.epcis.values_list("siren", flat=True)}
    keys |= {commune_key(c) for c in funding.communes.values_list("code", flat=True)}
    return sorted(keys)


def refresh_territory_keys(*, funding: Funding) -> list[str]:
    """Keep ``territory_keys`` in step with the territory relations; call it after
    setting them (every writer of aides does: services, admin, imports)."""
    funding.territory_keys = territory_keys(funding)
    Funding.objects.filter(pk=funding.pk).update(territory_keys=funding.territory_keys)
    return funding.territory_keys


def keys_of_commune(commune: Commune) -> list[str]:
    """What a commune's search overlaps: itself, its EPCI, department, region, FR."""
    keys = [
        NATIONAL_KEY,
        region_key(commune.department.region_id),
        department_key(commune.department_id),
        commune_key(commune.code),
    ]
    if commune.epci_id:
        keys.append(epci_key(commune.epci_id))
    return keys


def keys_of_epci(epci: EPCI) -> list[str]:
    """An EPCI, its departments and regions (from its communes), FR."""
    departments = Department.objects.filter(communes__epci=epci).distinct()
    keys = {NATIONAL_KEY, epci_key(epci.siren)}
    for code, region in departments.values_list("code", "region_id"):
        keys |= {department_key(code), region_key(region)}
    return sorted(keys)


def keys_of_department(department: Department) -> list[str]:
    return [NATIONAL_KEY, region_key(department.region_id), department_key(department.code)]


# ---------- Writes of agents ----------


def _require_agent(organisation_id: int | None, user: User) -> None:
    if organisation_id is None or not (
        Membership.objects.filter(organisation_id=organisation_id, user=user).exists()
    ):
        raise PermissionDenied("Seuls les membres de la structure modifient ses aides.")


def unique_slug(name: str) -> str:
    return free_slug(name, taken=Funding.objects.all(), reserved=RESERVED_SLUGS, fallback="aide")


def _record(funding: Funding, action: str, by: User | None, message: str = "") -> FundingEvent:
    return FundingEvent.objects.create(funding=funding, action=action, by=by, message=message)


def _write(
    funding: Funding,
    values: Mapping[str, Any],
    sessions: Sequence[Mapping[str, date | None]] | None,
) -> None:
    unknown = set(values) - set(CONTENT_FIELDS) - set(CONTENT_RELATIONS)
    if unknown:
        raise ValueError(f"not content fields: {sorted(unknown)}")
    for field in CONTENT_FIELDS:
        if field in values:
            setattr(funding, field, values[field])
    funding.full_clean(exclude=["slug", "owner"], validate_constraints=False)
    funding.save()
    for field in CONTENT_RELATIONS:
        if field in values:
            getattr(funding, field).set(values[field])
    if sessions is not None:
        rows = [
            FundingSession(
                funding=funding, opens_on=row.get("opens_on"), deadline=row.get("deadline")
            )
            for row in sessions
        ]
        for number, row in enumerate(rows, start=1):
            try:
                row.full_clean(exclude=["funding"])
            except ValidationError as error:
                raise ValidationError(
                    {"sessions": f"Session {number} : {' '.join(error.messages)}"}
                ) from None
        replace_sessions(funding, rows)
    refresh_territory_keys(funding=funding)


def replace_sessions(funding: Funding, rows: list[FundingSession]) -> None:
    """Replace the sessions, keeping the reminder already sent for an unchanged one."""
    sent = {
        (s.opens_on, s.deadline): s.reminder_sent_at
        for s in funding.sessions.filter(reminder_sent_at__isnull=False)
    }
    for row in rows:
        row.reminder_sent_at = sent.get((row.opens_on, row.deadline))
    funding.sessions.all().delete()
    FundingSession.objects.bulk_create(rows)


def create_funding(
    *,
    owner: Organisation,
    by: User,
    values: Mapping[str, Any],
    sessions: Sequence[Mapping[str, date | None]] = (),
) -> Funding:
    """A draft of the organisation, written by one of its agents. ``values``: content
    fields and relations (``CONTENT_FIELDS``, ``CONTENT_RELATIONS``); ``sessions``:
    ``[{"opens_on", "deadline"}]``."""
    with transaction.atomic():
        _require_agent(owner.pk, by)
        funding = Funding(
            owner=owner,
            created_by=by,
            state=State.DRAFT,
            slug=unique_slug(values.get("name", "")),
        )
        _write(funding, values, sessions)
        _record(funding, Action.CREATED, by)
    logger.info("funding %s created by user %s", funding.pk, by.pk)
    return funding


def edit_refusal(funding: Funding) -> str | None:
    """Why the agents cannot edit the aide now (in French), or None. An imported aide
    is kept by curators, even when it names an owner organisation: the fields they
    change are remembered (``remember_local_edits``), an agent's would not be."""
    if funding.is_imported:
        return (
            "Cette aide est importée d'un service national : l'équipe d'animation la tient "
            "à jour. Signalez-lui les corrections à apporter."
        )
    if funding.state == State.SUBMITTED:
        return "Cette aide est en attente de relecture : elle ne peut pas être modifiée."
    if funding.state == State.REFUSED:
        return "Cette aide a été refusée : elle ne peut plus être modifiée."
    return None


def update_funding(
    *,
    funding: Funding,
    by: User,
    values: Mapping[str, Any],
    sessions: Sequence[Mapping[str, date | None]] | None = None,
) -> Funding:
    """An agent's edit (arguments as for ``create_funding``; ``sessions`` None keeps
    them). Imported aides are kept by curators only."""
    with transaction.atomic():
        funding = Funding.objects.select_for_update().get(pk=funding.pk)
        _require_agent(funding.owner_id, by)
        if refusal := edit_refusal(funding):
            raise ValidationError(refusal, code="locked")
        _write(funding, values, sessions)
        _record(funding, Action.UPDATED, by)
        mark_reviewed(obj=funding)
    logger.info("funding %s updated by user %s", funding.pk, by.pk)
    return funding


# ---------- Review (the moves are declared in ``moderation.py``) ----------


def submit_funding(*, funding: Funding, by: User) -> Funding:
    if funding.is_imported:  # curators publish it again, agents do not propose it
        raise ValidationError(edit_refusal(funding), code="imported")
    return transition(obj=funding, action="submit", by=by)


def publish_funding(*, funding: Funding, by: User) -> Funding:
    return transition(obj=funding, action="publish", by=by)


# ---------- Curators' edits of imported aides ----------


def remember_local_edits(*, funding: Funding, changed: Iterable[str]) -> list[str]:
    """On an imported aide, add the imported fields a curator changed to
    ``locally_edited`` (the next import leaves them alone; "sessions" for its
    application sessions). Returns the list."""
    if not funding.is_imported:
        return funding.locally_edited
    importable = {*Funding.IMPORTED_FIELDS, "sessions"}
    edited = set(funding.locally_edited) | (set(changed) & importable)
    funding.locally_edited = sorted(edited)
    return funding.locally_edited


# ---------- The deadline reminder ----------


# A day the job did not run (an outage, a deployment) is caught up on the next runs
# within this many days; later, the deadline is too close for "30 days before".
REMINDER_CATCH_UP_DAYS = 7


def reminder_days(day: date) -> tuple[date, date]:
    """The deadlines whose reminder goes on ``day`` (if not sent yet): those in
    ``CLOSING_SOON_DAYS`` days, and those a missed run should have told."""
    latest = day + timedelta(days=CLOSING_SOON_DAYS)
    return latest - timedelta(days=REMINDER_CATCH_UP_DAYS), latest


def send_deadline_reminders(*, day: date | None = None) -> int:
    """E-mail the owner organisation's agents of every published aide whose session
    closes in ``CLOSING_SOON_DAYS`` days (or a few days less, when a daily run was
    missed), once per session (the session records it, so a second run sends
    nothing). Returns how many sessions were told."""
    day = day or timezone.localdate()
    told = 0
    with transaction.atomic():
        sessions = (
            FundingSession.objects.select_for_update(of=("self",))
            .filter(
                reminder_sent_at__isnull=True,
                deadline__range=reminder_days(day),
                funding__state=State.PUBLISHED,
                funding__owner__isnull=False,
            )
            .select_related("funding__owner")
            .order_by("deadline", "pk")
        )
        for session in sessions:
            to = members(session.funding.owner)
            if to:
                send_after_commit(
                    template="portal/funding/emails/deadline_reminder.txt",
                    to=to,
                    context={
                        "funding": session.funding,
                        "session": session,
                        "days_left": (session.deadline - day).days,
                    },
                )
            session.reminder_sent_at = timezone.now()
            session.save(update_fields=["reminder_sent_at"])
            told += 1
    logger.info("funding deadline reminders: %s session(s) on %s", told, day)
    return told
