"""Demo answers to the maturity self-assessment (``manage.py setup_demo``, DEBUG
only): 30 invented answers marked as demonstration (``is_demo``), spread so that the
public results show some groups and hide others (fewer than 10 answers, or hidden so
that the total does not give a small group away), and one with a demo contact. A
later run puts them back as they were (same identifiers, same choices)."""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from observatories.models import Department

from ..models import MaturityAnswer, MaturityContact
from ..models.maturity import SCORE_FIELDS
from .forms import CONSENT
from .questionnaire import QUESTIONS, VERSION, scores

NAMESPACE = uuid.UUID("5b1f0c2e-13aa-4d1e-9a0c-7e6d2f1b3c49")
A = MaturityAnswer
# Shown: Côte-d'Or and Doubs (10 each), commerce (11), no employee and 1 to 9 (10
# each); the rest below 10, services (10) hidden too so that « commerce » and the
# total do not give away the 9 answers of the small sectors.
DEPARTMENTS = ["21"] * 10 + ["25"] * 10 + ["71"] * 6 + ["89"] * 4
SECTORS = (
    [A.Sector.TRADE] * 11
    + [A.Sector.SERVICES] * 10
    + [A.Sector.TOURISM] * 4
    + [A.Sector.CULTURE] * 3
    + [A.Sector.SOCIAL] * 2
)
SIZES = [A.Size.MICRO] * 10 + [A.Size.NONE] * 10 + [A.Size.SMALL] * 6 + [A.Size.MEDIUM] * 4
CONTACT_EMAIL = "contact.maturite@demo.scoran.invalid"


def _answers(draw: random.Random, bias: int) -> dict[str, str]:
    """Choices leaning to ``bias`` (0 to 3), the same at every run."""
    return {key: str(min(3, max(0, bias + draw.choice((-1, 0, 0, 1))))) for key in QUESTIONS}


@transaction.atomic
def create_demo_answers() -> list[MaturityAnswer]:
    """The demo answers, made or put back (the territories come first)."""
    draw = random.Random(13)  # noqa: S311 - invented figures, not a secret
    sectors, sizes = SECTORS[:], SIZES[:]
    draw.shuffle(sectors)
    draw.shuffle(sizes)
    departments = Department.objects.in_bulk(set(DEPARTMENTS))
    MaturityAnswer.objects.demo().delete()
    today = timezone.localdate()
    made = []
    for number, (code, sector, size) in enumerate(zip(DEPARTMENTS, sectors, sizes, strict=True)):
        answers = _answers(draw, bias=draw.choice((0, 1, 1, 2, 2, 3)))
        answer = MaturityAnswer.objects.create(
            uuid=uuid.uuid5(NAMESPACE, f"reponse-{number}"),
            version=VERSION,
            department=departments[code],
            sector=sector,
            size=size,
            kind=A.Kind.ASSOCIATION if number % 3 == 0 else A.Kind.COMPANY,
            answers=answers,
            is_demo=True,
            **{SCORE_FIELDS[key]: score for key, score in scores(answers).items()},
        )
        made.append(answer)
    # Spread over the last two months (auto_now_add sets today).
    for number, answer in enumerate(made):
        answer.answered_on = today - datetime.timedelta(days=2 * number)
    MaturityAnswer.objects.bulk_update(made, ["answered_on"])
    MaturityContact.objects.create(answer=made[0], email=CONTACT_EMAIL, consent=CONSENT)
    return made
