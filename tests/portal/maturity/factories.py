"""Answers and questionnaire states for the maturity self-assessment's tests."""

import re
import time

from portal.maturity.questionnaire import DIMENSIONS, QUESTIONS, VERSION, scores
from portal.maturity.state import STEPS, State, dumps
from portal.models import MaturityAnswer
from portal.models.maturity import SCORE_FIELDS

PROFILE = {"departement": "21", "secteur": "commerce", "effectif": "1-9", "nature": "entreprise"}


def token_of(html) -> str:
    """The state token of a page (its HTML, or its response's bytes)."""
    html = html.decode() if isinstance(html, bytes) else html
    return re.search(r'name="etat" value="([^"]+)"', html).group(1)


def all_answers(points: int = 2) -> dict[str, str]:
    return {key: str(points) for key in QUESTIONS}


def dimension_answers(number: int, points: int = 2) -> dict[str, str]:
    """The answers of the page of dimension ``number`` (0 to 4)."""
    return {question.key: str(points) for question in DIMENSIONS[number].questions}


def last_page_token(**profile) -> str:
    """A token the pages would have signed on the last page, everything but that page
    answered, started a minute ago."""
    answers = {**PROFILE, **profile, **all_answers()}
    for question in DIMENSIONS[-1].questions:
        del answers[question.key]
    return dumps(State(step=STEPS, answers=answers, started=int(time.time()) - 60))


def make_answer(department="21", sector="commerce", size="1-9", kind="entreprise", points=2):
    answers = all_answers(points)
    return MaturityAnswer.objects.create(
        version=VERSION,
        department_id=department,
        sector=sector,
        size=size,
        kind=kind,
        answers=answers,
        **{SCORE_FIELDS[key]: score for key, score in scores(answers).items()},
    )
