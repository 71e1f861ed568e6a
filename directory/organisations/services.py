"""Writes of the directory: each service checks, saves in one transaction and
sends its e-mails once the transaction is committed.

Errors meant for people are ``ValidationError`` in French, keyed by the form field
they concern when there is one, so that a form shows them next to that field.
"""

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from scoran.lib.freshness import mark_reviewed
from scoran.lib.mail import send_after_commit, staff_emails

from ..models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationChange,
    User,
)
from ..models.organisations import INVITATION_VALIDITY, hash_token

logger = logging.getLogger(__name__)


# ---------- Invitations ----------


def invite(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    """Invite an address to join the organisation; an earlier open invitation of the
    same address is replaced (its link stops working)."""
    email = get_user_model().objects.normalize_email(email).lower()
    with transaction.atomic():
        if organisation.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError({"email": "Cette personne fait déjà partie de la structure."})
        organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=by,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        )
        send_after_commit(
            template="directory/emails/invitation.txt",
            to=[email],
            context={
                "invitation": invitation,
                "url": settings.SITE_URL + reverse("accounts:invitation", args=[token]),
            },
        )
    logger.info(
        "invitation %s to organisation %s by user %s", invitation.pk, organisation.pk, by.pk
    )
    return invitation


def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """The invited person, signed in with the invited address, joins the organisation
    (an existing member keeps their membership, with the invitation's role)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if refusal := invitation.refusal():
            raise ValidationError(refusal, code="closed")
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                "Cette invitation a été envoyée à une autre adresse que celle de votre compte.",
                code="other_address",
            )
        membership, _ = Membership.objects.update_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    logger.info("invitation %s accepted by user %s", invitation.pk, user.pk)
    return membership


def accept_invitation_with_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """An invited address without an account: the account is created with the given
    password (already validated) and joins the organisation, or nothing is saved."""
    with transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                "Un compte existe déjà pour cette adresse : connectez-vous pour accepter.",
                code="account_exists",
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
        accept_invitation(invitation=invitation, user=user)
    return user


def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    logger.info("invitation %s revoked by user %s", invitation.pk, by.pk)
    invitation.delete()


# ---------- Members ----------


def _check_an_admin_remains(membership: Membership) -> None:
    if (
        membership.role == Membership.Role.ADMIN
        and not Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(
            "La structure doit garder au moins un administrateur : nommez-en un autre d'abord.",
            code="last_admin",
        )


def change_member_role(*, membership: Membership, role: str, by: User) -> Membership:
    with transaction.atomic():
        if role != Membership.Role.ADMIN:
            _check_an_admin_remains(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    logger.info("membership %s role %s by user %s", membership.pk, role, by.pk)
    return membership


def remove_member(*, membership: Membership, by: User) -> None:
    with transaction.atomic():
        _check_an_admin_remains(membership)
        membership.delete()
    logger.info("membership %s removed by user %s", membership.pk, by.pk)


# ---------- Join requests ----------

# Who decides join requests, and so hears of them.
JOIN_REQUESTS_PERMISSION = "directory.change_joinrequest"


def request_to_join(*, organisation: Organisation, user: User, message: str = "") -> JoinRequest:
    """Ask to join; curators are told by e-mail."""
    with transaction.atomic():
        if organisation.memberships.filter(user=user).exists():
            raise ValidationError("Vous faites déjà partie de cette structure.", code="member")
        if organisation.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).exists():
            raise ValidationError(
                "Votre demande précédente est en cours d'examen.", code="pending_request"
            )
        join_request = JoinRequest.objects.create(
            organisation=organisation, user=user, message=message
        )
        send_after_commit(
            template="directory/emails/join_request_to_curators.txt",
            to=staff_emails(permission=JOIN_REQUESTS_PERMISSION),
            context={
                "join_request": join_request,
                "url": settings.SITE_URL
                + reverse("admin:directory_joinrequest_change", args=[join_request.pk]),
            },
        )
    logger.info("join request %s for organisation %s", join_request.pk, organisation.pk)
    return join_request


def _decide(join_request: JoinRequest, status: str, by: User) -> JoinRequest:
    with transaction.atomic():
        join_request = (
            JoinRequest.objects.select_for_update()
            .select_related("organisation", "user")
            .get(pk=join_request.pk)
        )
        if join_request.status != JoinRequest.Status.PENDING:
            raise ValidationError("Cette demande a déjà été traitée.", code="decided")
        join_request.status = status
        join_request.decided_by = by
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "decided_by", "decided_at"])
        if status == JoinRequest.Status.APPROVED:
            Membership.objects.get_or_create(
                user=join_request.user, organisation=join_request.organisation
            )
        send_after_commit(
            template="directory/emails/join_request_decided.txt",
            to=[join_request.user.email],
            context={"join_request": join_request},
        )
    logger.info("join request %s %s by user %s", join_request.pk, status, by.pk)
    return join_request


def approve_join_request(*, join_request: JoinRequest, by: User) -> JoinRequest:
    return _decide(join_request, JoinRequest.Status.APPROVED, by)


def refuse_join_request(*, join_request: JoinRequest, by: User) -> JoinRequest:
    return _decide(join_request, JoinRequest.Status.REFUSED, by)


# ---------- Organisation profile ----------


def _logged_value(organisation: Organisation, field: str) -> Any:
    """A field's value as recorded in the change log (JSON)."""
    if field == "themes":
        return sorted(organisation.themes.values_list("number", flat=True))
    value = getattr(organisation, field)
    if isinstance(value, Model):
        return str(value)
    if field == "logo":
        return value.name or ""
    return value


def confirm_organisation(*, organisation: Organisation, by: User) -> Organisation:
    """One of its agents confirms the profile is still right ("à jour"): its review
    date only, nothing else changes."""
    if not Membership.objects.filter(organisation=organisation, user=by).exists():
        raise PermissionDenied("Seuls les membres de la structure peuvent confirmer sa fiche.")
    mark_reviewed(obj=organisation)
    logger.info("organisation %s confirmed up to date by user %s", organisation.pk, by.pk)
    return organisation


def update_organisation_profile(
    *, organisation: Organisation, by: User, values: Mapping[str, Any]
) -> OrganisationChange | None:
    """Apply new values of profile fields (``Organisation.PROFILE_FIELDS``): visible at
    once, and logged with who, when, and each changed field's old and new value.

    ``values["logo"]``: a new file, ``False`` to remove the logo, or the current one.
    Returns the log entry, or None when nothing changed.
    """
    unknown = set(values) - set(Organisation.PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    new_logo = values.get("logo")
    written = None  # a new logo file, written before the row: removed if the row is not
    try:
        with transaction.atomic():
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
            before = {field: _logged_value(organisation, field) for field in values}
            old_logo = organisation.logo.name
            for field, value in values.items():
                if field not in {"themes", "logo"}:
                    setattr(organisation, field, value)
            if new_logo is False:
                organisation.logo = ""
            # Saving the profile, changed or not, confirms it is up to date.
            organisation.reviewed_at = timezone.now()
            organisation.full_clean(exclude=["logo"])
            if new_logo and not isinstance(new_logo, FieldFile):
                organisation.logo.save("logo.png", new_logo, save=False)
                written = organisation.logo.name
            organisation.save()
            if "themes" in values:
                organisation.themes.set(values["themes"])
            after = {field: _logged_value(organisation, field) for field in values}
            changed = {
                field: [before[field], after[field]]
                for field in values
                if before[field] != after[field]
            }
            if not changed:
                return None
            change = OrganisationChange.objects.create(
                organisation=organisation, user=by, changes=changed
            )
            if "logo" in changed and old_logo:
                storage = organisation.logo.storage
                transaction.on_commit(lambda: storage.delete(old_logo))
    except BaseException:
        if written:
            organisation.logo.storage.delete(written)
        raise
    logger.info(
        "organisation %s profile changed by user %s: %s", organisation.pk, by.pk, list(changed)
    )
    return change
