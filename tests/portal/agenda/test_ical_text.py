"""The calendars' lines, written by the portal rather than by ``icalendar``: any
text an organiser types (commas, semicolons, backslashes, line breaks, control
characters, any script) reads back exactly; lines are folded as ``icalendar`` folds
them and never exceed 75 octets; the whole calendar parses with ``icalendar``."""

import datetime
import re
import uuid

from django.conf import settings
from hypothesis import given
from hypothesis import settings as fuzzing
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import Contentline

from directory.models import Organisation
from portal.agenda.ical import calendar, fold
from portal.models import Event

ESCAPED = re.compile(r"\\([\\;,nN])")
# What an organiser may type: any character but the NUL that forms refuse, with
# many of those the format escapes.
TYPED = st.text(
    st.one_of(
        st.sampled_from(list("\\;,:\"'\r\n\t^ éà€𝄞\x0b\x1f\x7f")),
        st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    ),
    max_size=300,
)


def unescape(value: str) -> str:
    """A TEXT value read back as the RFC says (one pass: ``\\\\n`` is a backslash
    then « n », which ``icalendar``'s own reader gets wrong)."""
    return ESCAPED.sub(lambda match: "\n" if match[1] in "nN" else match[1], value)


def properties(document: bytes) -> list[tuple[str, str]]:
    lines = document.decode().replace("\r\n ", "").split("\r\n")
    assert lines[-1] == ""
    return [tuple(line.split(":", 1)) for line in lines[:-1]]


def event(title: str, description: str, address: str) -> Event:
    start = datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC)
    return Event(
        uid=uuid.uuid4(),
        slug="atelier",
        title=title,
        description=description,
        address=address,
        kind=Event.Kind.WORKSHOP,
        start=start,
        end=start + datetime.timedelta(hours=2),
        organisation=Organisation(name="Syndicat ; du numérique, « test »"),
        updated_at=start,
    )


def without_controls(value: str) -> str:
    return "".join(c for c in value if c in "\t\n\r" or not (c < " " or c == "\x7f"))


def one_line(value: str) -> str:
    """As SUMMARY and LOCATION are written: on one line (any white space, control
    characters included, a single space), then without control characters."""
    return without_controls(" ".join(value.split()))


@fuzzing(max_examples=300, deadline=None)
@given(title=TYPED, description=TYPED, address=TYPED)
def test_any_typed_text_reads_back_as_typed(title, description, address):
    document = calendar([event(title, description, address)], name="Agenda ; test, \\ ok")
    assert all(len(line) <= 75 for line in document.split(b"\r\n"))
    found = {name: value for name, value in properties(document) if not name.startswith("DT")}
    assert unescape(found["SUMMARY"]) == one_line(title)
    url = settings.SITE_URL + "/agenda/atelier/"
    written = f"{description}\n\nOrganisé par Syndicat ; du numérique, « test »".strip()
    written = without_controls(f"{written}\n\n{url}".strip())
    assert unescape(found["DESCRIPTION"]) == re.sub("\r\n?", "\n", written)
    if one_line(address):
        assert unescape(found["LOCATION"]) == one_line(address)
    else:
        assert "LOCATION" not in found
    assert unescape(found["X-WR-CALNAME"]) == "Agenda ; test, \\ ok"
    (vevent,) = Calendar.from_ical(document).walk("VEVENT")
    assert vevent.decoded("dtstart") == event(title, description, address).start


@fuzzing(max_examples=500, deadline=None)
@given(line=TYPED.map(lambda value: value.replace("\r", "").replace("\n", "")))
def test_lines_are_folded_as_icalendar_folds_them(line):
    assert fold(line) == Contentline(line).to_ical()
