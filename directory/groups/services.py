"""Writes of the working groups: joining (a request a lead approves, or a lead's
invitation the person accepts), leaving, the leads' management of members, the
e-mail preference, and the leads' news.

Each service is keyword-only, checks who acts (``PermissionDenied``) and what the
step allows (a French ``ValidationError``, keyed by the form field it concerns),
writes in one transaction holding the group's row (so that two leads stepping down
at once cannot leave a group without one), and sends its e-mails after commit.

A declined request, a declined invitation, a removal and a departure delete the row:
nothing is kept that the person did not ask to keep.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils import timezone

from scoran.lib.mail import send_after_commit

from ..models import GroupMembership, GroupNews, Membership, Organisation, User, WorkingGroup

logger = logging.getLogger(__name__)

Status = GroupMembership.Status
Role = GroupMembership.Role

NO_AGENT_ACCOUNT = (
    "Aucun compte d'agent n'existe à cette adresse : la personne doit d'abord créer son "
    "compte sur l'espace et rejoindre sa structure."
)
LAST_LEAD = "Le groupe doit garder au moins un animateur : nommez-en un autre d'abord."


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _locked(group: WorkingGroup) -> WorkingGroup:
    """The group's row, locked until the transaction ends: membership changes of one
    group run one after the other."""
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


def _check_lead(group: WorkingGroup, by: User) -> None:
    if not group.is_lead(by):
        raise PermissionDenied("Seuls les animateurs du groupe peuvent faire cela.")


def _fresh(membership: GroupMembership) -> GroupMembership:
    """The row as it is now (another lead may have acted), or a French refusal."""
    fresh = (
        GroupMembership.objects.select_related("group", "user", "organisation")
        .filter(pk=membership.pk)
        .first()
    )
    if fresh is None:
        raise ValidationError("Cette demande ou cette invitation n'existe plus.", code="gone")
    return fresh


def _check_a_lead_remains(membership: GroupMembership) -> None:
    """Refuses to take away the last lead of the group (under the group's lock); a
    lead whose account is switched off does not count."""
    if (
        membership.is_lead
        and not GroupMembership.objects.leads()
        .filter(group_id=membership.group_id, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(LAST_LEAD, code="last_lead")


def _check_agent_of(user: User, organisation: Organisation | None) -> None:
    if (
        organisation is None
        or not Membership.objects.filter(user=user, organisation=organisation).exists()
    ):
        raise ValidationError(
            {"organisation": "Choisissez une structure dont vous êtes membre."}, code="not_agent"
        )


def lead_emails(group: WorkingGroup) -> list[str]:
    return sorted(
        GroupMembership.objects.leads()
        .filter(group=group, user__is_active=True)
        .values_list("user__email", flat=True)
    )


def members_to_notify(group: WorkingGroup) -> list[str]:
    """The addresses of the active members who keep the group's e-mails (a meeting
    scheduled, a document added): what the portal's e-mails are sent to."""
    return sorted(
        GroupMembership.objects.to_notify()
        .filter(group=group)
        .values_list("user__email", flat=True)
    )


# ---------- Joining by a request ----------


# The refusals when the person already has a row: (to them, to a lead inviting them).
ALREADY = {
    Status.ACTIVE: (
        "Vous êtes déjà membre de ce groupe.",
        "Cette personne est déjà membre du groupe.",
    ),
    Status.REQUESTED: (
        "Votre demande est déjà en attente de réponse.",
        "Cette personne a déjà demandé à rejoindre le groupe : acceptez sa demande.",
    ),
    Status.INVITED: (
        "Vous êtes déjà invité dans ce groupe : acceptez l'invitation.",
        "Cette personne est déjà invitée dans le groupe.",
    ),
}


def _refuse_existing(row: GroupMembership | None, *, own: bool) -> None:
    if row is not None:
        to_them, to_lead = ALREADY[row.status]
        raise ValidationError(to_them if own else {"email": to_lead}, code=row.status)


def request_to_join(
    *, group: WorkingGroup, user: User, organisation: Organisation | None, message: str = ""
) -> GroupMembership:
    """An agent asks to join, for one of their organisations; the leads are e-mailed."""
    with transaction.atomic():
        group = _locked(group)
        if not group.is_open:
            raise ValidationError(
                "Ce groupe n'accepte pas de demandes : ses animateurs invitent eux-mêmes "
                "ses nouveaux membres.",
                code="closed",
            )
        _refuse_existing(group.memberships.filter(user=user).first(), own=True)
        _check_agent_of(user, organisation)
        membership = GroupMembership.objects.create(
            group=group,
            user=user,
            organisation=organisation,
            status=Status.REQUESTED,
            message=message.strip(),
        )
        send_after_commit(
            template="directory/emails/group_request_to_leads.txt",
            to=lead_emails(group),
            context={
                "membership": membership,
                "url": _url("groups:members", slug=group.slug),
            },
        )
    logger.info("group %s: join request %s by user %s", group.pk, membership.pk, user.pk)
    return membership


def _decide(membership: GroupMembership, by: User, *, approve: bool) -> GroupMembership:
    with transaction.atomic():
        _locked(membership.group)
        membership = _fresh(membership)
        _check_lead(membership.group, by)
        if membership.status != Status.REQUESTED:
            raise ValidationError("Cette demande a déjà été traitée.", code="decided")
        if approve:
            membership.status = Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.decided_by = by
            membership.save(update_fields=["status", "joined_at", "decided_by"])
        else:
            membership.delete()
        send_after_commit(
            template="directory/emails/group_request_decided.txt",
            to=[membership.user.email],
            context={
                "membership": membership,
                "approved": approve,
                "url": _url("groups:group", slug=membership.group.slug),
                "mine_url": _url("groups:mine"),
            },
        )
    logger.info(
        "group %s: join request of user %s %s by user %s",
        membership.group_id,
        membership.user_id,
        "approved" if approve else "declined",
        by.pk,
    )
    return membership


def approve_request(*, membership: GroupMembership, by: User) -> GroupMembership:
    """A lead accepts a request: the person becomes a member and is told."""
    return _decide(membership, by, approve=True)


def decline_request(*, membership: GroupMembership, by: User) -> GroupMembership:
    """A lead declines a request: the row is deleted and the person told."""
    return _decide(membership, by, approve=False)


# ---------- Joining by an invitation ----------


def _invitable(email: str) -> User:
    """The active account of an agent (a member of an organisation) at this address.
    The refusal says no more than that there is no such account."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    user = (
        User.objects.filter(email__iexact=email, is_active=True, memberships__isnull=False)
        .distinct()
        .first()
    )
    if user is None:
        raise ValidationError({"email": NO_AGENT_ACCOUNT}, code="unknown")
    return user


def invite(*, group: WorkingGroup, email: str, by: User, message: str = "") -> GroupMembership:
    """A lead invites an agent, by the address of their account (closed groups too);
    the person is e-mailed and accepts on the site."""
    with transaction.atomic():
        group = _locked(group)
        _check_lead(group, by)
        user = _invitable(email)
        _refuse_existing(group.memberships.filter(user=user).first(), own=False)
        organisations = list(Organisation.objects.filter(memberships__user=user)[:2])
        membership = GroupMembership.objects.create(
            group=group,
            user=user,
            # The person confirms it (or picks another) when accepting.
            organisation=organisations[0] if len(organisations) == 1 else None,
            status=Status.INVITED,
            message=message.strip(),
            invited_by=by,
        )
        send_after_commit(
            template="directory/emails/group_invitation.txt",
            to=[user.email],
            context={
                "membership": membership,
                "url": _url("groups:group", slug=group.slug),
                "mine_url": _url("groups:mine"),
            },
        )
    logger.info("group %s: user %s invited by user %s", group.pk, user.pk, by.pk)
    return membership


def _own_invitation(membership: GroupMembership, user: User) -> GroupMembership:
    membership = _fresh(membership)
    if membership.user_id != user.pk:
        raise PermissionDenied("Cette invitation ne vous est pas adressée.")
    if membership.status != Status.INVITED:
        raise ValidationError("Cette invitation a déjà reçu une réponse.", code="answered")
    return membership


def accept_invitation(
    *, membership: GroupMembership, user: User, organisation: Organisation | None
) -> GroupMembership:
    """The invited person joins, for one of their organisations."""
    with transaction.atomic():
        _locked(membership.group)
        membership = _own_invitation(membership, user)
        _check_agent_of(user, organisation)
        membership.status = Status.ACTIVE
        membership.organisation = organisation
        membership.joined_at = timezone.now()
        membership.save(update_fields=["status", "organisation", "joined_at"])
    logger.info("group %s: invitation accepted by user %s", membership.group_id, user.pk)
    return membership


def decline_invitation(*, membership: GroupMembership, user: User) -> None:
    with transaction.atomic():
        _locked(membership.group)
        membership = _own_invitation(membership, user)
        membership.delete()
    logger.info("group %s: invitation declined by user %s", membership.group_id, user.pk)


# ---------- Leaving, and the leads' management ----------


def leave(*, membership: GroupMembership, user: User) -> None:
    """The person leaves the group, or withdraws their request; the last lead cannot
    leave (they name another lead first)."""
    with transaction.atomic():
        _locked(membership.group)
        membership = _fresh(membership)
        if membership.user_id != user.pk:
            raise PermissionDenied("Vous ne pouvez quitter un groupe que pour vous-même.")
        if membership.status == Status.INVITED:
            raise ValidationError("Répondez plutôt à l'invitation.", code="invited")
        if membership.is_lead:
            _check_a_lead_remains(membership)
        membership.delete()
    logger.info("group %s: user %s left", membership.group_id, user.pk)


def no_longer_for(*, user_id: int, organisation_id: int) -> int:
    """A person who no longer belongs to an organisation stays in their groups (and
    their requests and invitations stand), but no longer for it: the group's page
    stops naming it among the organisations taking part. The leads still decide who
    stays. Returns the rows changed."""
    changed = GroupMembership.objects.filter(
        user_id=user_id, organisation_id=organisation_id
    ).update(organisation=None)
    if changed:
        logger.info(
            "user %s no longer in organisation %s: %d group place(s) detached",
            user_id,
            organisation_id,
            changed,
        )
    return changed


def _membership_ended(sender, instance: Membership, **kwargs) -> None:
    no_longer_for(user_id=instance.user_id, organisation_id=instance.organisation_id)


def follow_organisation_memberships() -> None:
    """Connect ``no_longer_for`` to the end of every organisation membership (an
    admin's removal, the admin site, an account deleted), once, from the groups'
    ``register()``."""
    post_delete.connect(_membership_ended, sender=Membership, dispatch_uid="groups-no-longer-for")


def remove_member(*, membership: GroupMembership, by: User) -> None:
    """A lead removes a member, or withdraws an invitation (requests are declined)."""
    with transaction.atomic():
        _locked(membership.group)
        membership = _fresh(membership)
        _check_lead(membership.group, by)
        if membership.status == Status.REQUESTED:
            raise ValidationError("Acceptez ou refusez plutôt cette demande.", code="requested")
        _check_a_lead_remains(membership)
        membership.delete()
    logger.info(
        "group %s: membership of user %s removed by user %s",
        membership.group_id,
        membership.user_id,
        by.pk,
    )


def _set_role(membership: GroupMembership, by: User, role: str) -> GroupMembership:
    with transaction.atomic():
        _locked(membership.group)
        membership = _fresh(membership)
        _check_lead(membership.group, by)
        if not membership.is_active:
            raise ValidationError(
                "Seul un membre du groupe peut devenir animateur.", code="not_member"
            )
        if role == Role.MEMBER:
            _check_a_lead_remains(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    logger.info(
        "group %s: user %s made %s by user %s", membership.group_id, membership.user_id, role, by.pk
    )
    return membership


def make_lead(*, membership: GroupMembership, by: User) -> GroupMembership:
    return _set_role(membership, by, Role.LEAD)


def remove_lead(*, membership: GroupMembership, by: User) -> GroupMembership:
    """A lead becomes a plain member again (themselves included), if another remains."""
    return _set_role(membership, by, Role.MEMBER)


def set_notify(*, membership: GroupMembership, user: User, notify: bool) -> GroupMembership:
    """A member keeps or turns off the group's e-mails (meetings, documents)."""
    if membership.user_id != user.pk or not membership.is_active:
        raise PermissionDenied("Seul le membre choisit les courriels qu'il reçoit.")
    GroupMembership.objects.filter(pk=membership.pk).update(notify=notify)
    membership.notify = notify
    logger.info("group %s: user %s notify=%s", membership.group_id, user.pk, notify)
    return membership


# ---------- News ----------


def _checked(news: GroupNews) -> GroupNews:
    news.full_clean(exclude=["group", "author"])
    return news


def post_news(
    *, group: WorkingGroup, by: User, title: str, body: str, visibility: str
) -> GroupNews:
    """A lead publishes a news item (a meeting's report, a decision) at once."""
    with transaction.atomic():
        _check_lead(group, by)
        news = _checked(
            GroupNews(
                group=group,
                author=by,
                title=title.strip(),
                body=body,
                visibility=visibility,
                published_at=timezone.now(),
            )
        )
        news.save()
    logger.info("group %s: news %s posted by user %s", group.pk, news.pk, by.pk)
    return news


def edit_news(*, news: GroupNews, by: User, title: str, body: str, visibility: str) -> GroupNews:
    with transaction.atomic():
        _check_lead(news.group, by)
        news.title, news.body, news.visibility = title.strip(), body, visibility
        _checked(news).save()
    logger.info("group %s: news %s edited by user %s", news.group_id, news.pk, by.pk)
    return news


def delete_news(*, news: GroupNews, by: User) -> None:
    with transaction.atomic():
        _check_lead(news.group, by)
        pk = news.pk
        news.delete()
    logger.info("group %s: news %s deleted by user %s", news.group_id, pk, by.pk)
