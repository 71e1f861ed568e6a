"""Writes of the maturity self-assessment, keyword-only: an answer recorded from the
questionnaire's last page, and the optional contact left or withdrawn. Nothing of
the person is stored but what they chose to leave: no IP address (the client's
address only throttles, in the cache), no account."""

import logging
import time
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from observatories.models import Department
from scoran.lib import throttling

from ..models import MaturityAnswer, MaturityContact
from ..models.maturity import SCORE_FIELDS
from .questionnaire import VERSION, is_complete, scores
from .state import PROFILE_FIELDS, State

logger = logging.getLogger(__name__)

# Questionnaires one client may complete in an hour: a few people of one office,
# not a script filling the form in a loop.
ANSWERS_PER_HOUR = 5
CONTACTS_PER_HOUR = 5
# Twenty questions over six pages cannot be read in less.
MIN_SECONDS = 30
TOO_FAST = (
    "Vos réponses sont arrivées trop vite pour avoir été lues : prenez le temps de "
    "relire les questions, puis envoyez à nouveau la page."
)
INCOMPLETE = "Des réponses manquent : le questionnaire reprend à la page concernée."


def answer_allowed(client: str) -> bool:
    """Counts one completed questionnaire from ``client`` (``throttling.client_key``);
    False beyond ``ANSWERS_PER_HOUR``. Raises ``throttling.ThrottleUnavailable``."""
    return throttling.allow("maturity-answer", client, limit=ANSWERS_PER_HOUR, window=3600)


def contact_allowed(client: str) -> bool:
    return throttling.allow("maturity-contact", client, limit=CONTACTS_PER_HOUR, window=3600)


@transaction.atomic
def record_answer(*, state: State, now: float | None = None) -> MaturityAnswer:
    """The answer of a completed questionnaire, scored; a questionnaire sent again
    (the same state) gives the answer already stored. French ``ValidationError``
    when answers are missing or invalid, or when it was filled too fast."""
    existing = MaturityAnswer.objects.filter(uuid=state.id).first()
    if existing is not None:
        return existing
    answers = {key: value for key, value in state.answers.items() if key not in PROFILE_FIELDS}
    profile = {key: state.answers.get(key, "") for key in PROFILE_FIELDS}
    if state.version != VERSION or not is_complete(answers):
        raise ValidationError(INCOMPLETE)
    if (now or time.time()) - state.started < MIN_SECONDS:
        raise ValidationError(TOO_FAST)
    department = Department.objects.filter(code=profile["departement"]).first()
    if department is None:
        raise ValidationError(INCOMPLETE)
    answer = MaturityAnswer(
        uuid=uuid.UUID(hex=state.id),
        version=VERSION,
        department=department,
        sector=profile["secteur"],
        size=profile["effectif"],
        kind=profile["nature"],
        answers=answers,
        **{SCORE_FIELDS[key]: score for key, score in scores(answers).items()},
    )
    answer.full_clean(exclude=["uuid"])
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:  # the same questionnaire sent twice at once
        return MaturityAnswer.objects.get(uuid=state.id)
    logger.info("maturity answer %s recorded", answer.pk)
    return answer


@transaction.atomic
def leave_contact(*, answer: MaturityAnswer, email: str, consent: str) -> MaturityContact:
    """The respondent's contact, with the consent text they agreed to and when (a
    second one replaces the first, its date too)."""
    contact, _ = MaturityContact.objects.update_or_create(
        answer=answer,
        defaults={"email": email, "consent": consent, "consented_at": timezone.now()},
    )
    logger.info("maturity answer %s: contact left", answer.pk)
    return contact


@transaction.atomic
def withdraw_contact(*, answer: MaturityAnswer) -> bool:
    """The respondent's contact erased; False when there was none."""
    deleted, _ = MaturityContact.objects.filter(answer=answer).delete()
    if deleted:
        logger.info("maturity answer %s: contact withdrawn", answer.pk)
    return bool(deleted)
