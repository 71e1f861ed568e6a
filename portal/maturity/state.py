"""The questionnaire's state between its pages: a signed token carried in a hidden
field of each page's form (``django.core.signing``), so that it works without
JavaScript, without an account and without a cookie of its own, and so that
nothing is stored before the last page is sent.

The token holds the questionnaire's identifier (the future answer's ``uuid``: a
token sent twice is stored once), the page shown, the answers given so far and
when the questionnaire was started. A token that was altered, that is older than
``MAX_AGE`` or whose content is not one the pages could have produced is refused
(``loads`` returns None): the questionnaire starts again."""

import time
import uuid
from dataclasses import dataclass, field

from django.core import signing

from .questionnaire import DIMENSIONS, QUESTIONS, VERSION

SALT = "portal.maturity.state"
MAX_AGE = 3 * 3600  # seconds: an afternoon, interrupted
PROFILE_FIELDS = ("departement", "secteur", "effectif", "nature")
# Page 1: the profile; then one page per dimension.
STEPS = 1 + len(DIMENSIONS)
MAX_TEXT = 20  # no answer value is longer (a department code, a sector key)


@dataclass
class State:
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    step: int = 1
    answers: dict[str, str] = field(default_factory=dict)
    started: int = field(default_factory=lambda: int(time.time()))
    version: str = VERSION

    def dimension(self):
        """The dimension of the page shown (None on the profile's page)."""
        return DIMENSIONS[self.step - 2] if self.step > 1 else None


def dumps(state: State) -> str:
    return signing.dumps(
        {
            "i": state.id,
            "s": state.step,
            "a": state.answers,
            "t": state.started,
            "v": state.version,
        },
        salt=SALT,
        compress=True,
    )


def _well_formed(data) -> bool:
    if not isinstance(data, dict) or set(data) != {"i", "s", "a", "t", "v"}:
        return False
    answers = data["a"]
    known = set(QUESTIONS) | set(PROFILE_FIELDS)
    return (
        isinstance(data["i"], str)
        and isinstance(data["s"], int)
        and 1 <= data["s"] <= STEPS
        and isinstance(data["t"], int)
        and data["v"] == VERSION
        and isinstance(answers, dict)
        and set(answers) <= known
        and all(isinstance(value, str) and len(value) <= MAX_TEXT for value in answers.values())
    )


def loads(token: str) -> State | None:
    """The state of a token the pages signed, not older than ``MAX_AGE``; None for
    anything else (altered, expired, of another version, malformed)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not _well_formed(data):
        return None
    try:
        identifier = uuid.UUID(hex=data["i"]).hex
    except ValueError:
        return None
    return State(
        id=identifier, step=data["s"], answers=data["a"], started=data["t"], version=data["v"]
    )
