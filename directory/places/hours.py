"""Opening hours as the standard publishes them (OpenStreetMap ``opening_hours``),
read in French.

Only the common subset is understood: rules separated by ``;``, each made of
days (ranges and lists: ``Mo-Fr``, ``Mo,We``, ``PH`` for public holidays, or none
for every day) and times (``09:00-12:00,14:00-18:30``) or ``off``; and ``24/7``.
Anything else (months, weeks, sunrise, comments…) is not guessed at: the caller
shows the text as published, with a note. Parsing never raises.
"""

import re
from dataclasses import dataclass

DAYS = {
    "Mo": "lundi",
    "Tu": "mardi",
    "We": "mercredi",
    "Th": "jeudi",
    "Fr": "vendredi",
    "Sa": "samedi",
    "Su": "dimanche",
}
HOLIDAYS = "PH"
DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
DAY_ITEM = rf"{DAY}(?:-{DAY})?"
DAYS_SELECTOR = re.compile(rf"^{DAY_ITEM}(?:\s*,\s*{DAY_ITEM})*$")
TIME = r"(?:[01]?\d|2[0-4]):[0-5]\d"
TIME_RANGE = re.compile(rf"^({TIME})\s*-\s*({TIME})$")
CLOSED = {"off", "closed"}


class NotUnderstood(ValueError):
    """Outside the subset this module reads."""


@dataclass(frozen=True)
class Rule:
    days: str  # "du lundi au vendredi", "" for every day
    hours: str  # "9 h - 12 h et 14 h - 18 h 30" (en dashes), "fermé"

    def text(self, first: bool = False) -> str:
        days = self.days or "tous les jours"
        if first:
            days = days[0].upper() + days[1:]
        return f"{days} : {self.hours}"


@dataclass(frozen=True)
class OpeningHours:
    raw: str
    rules: tuple[Rule, ...]  # empty when not understood

    @property
    def understood(self) -> bool:
        return bool(self.rules)

    @property
    def lines(self) -> list[str]:
        """One line per rule, each capitalised (for a list)."""
        return [rule.text(first=True) for rule in self.rules]

    def __str__(self) -> str:
        """One sentence, the rules after the first in lower case (see the tests)."""
        if not self.rules:
            return self.raw
        return " ; ".join(rule.text(first=n == 0) for n, rule in enumerate(self.rules))


def enumerate_fr(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``a, b et c``."""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} et {items[-1]}"


def _day(code: str) -> str:
    return "les jours fériés" if code == HOLIDAYS else DAYS[code]


def _days(selector: str) -> str:
    if not DAYS_SELECTOR.match(selector):
        raise NotUnderstood(selector)
    parts = []
    for item in re.split(r"\s*,\s*", selector):
        if "-" in item:
            start, end = item.split("-")
            if HOLIDAYS in (start, end):
                raise NotUnderstood(item)
            if (start, end) == ("Mo", "Su"):
                parts.append("tous les jours")
            else:
                parts.append(f"du {DAYS[start]} au {DAYS[end]}")
        else:
            parts.append(_day(item))
    return enumerate_fr(parts)


def _time(value: str) -> str:
    """``09:00`` → ``9 h``, ``18:30`` → ``18 h 30``."""
    hours, minutes = value.split(":")
    return f"{int(hours)} h" if minutes == "00" else f"{int(hours)} h {minutes}"


def _hours(selector: str) -> str:
    if selector.lower() in CLOSED:
        return "fermé"
    ranges = []
    for item in re.split(r"\s*,\s*", selector):
        match = TIME_RANGE.match(item)
        if match is None:
            raise NotUnderstood(item)
        ranges.append(f"{_time(match[1])} – {_time(match[2])}")
    return enumerate_fr(ranges)


def _rule(text: str) -> Rule:
    if text == "24/7":
        return Rule("", "24 h sur 24")
    # "Mo, We 10:00-12:00": the days may hold spaces after their commas.
    match = re.match(rf"^({DAY_ITEM}(?:\s*,\s*{DAY_ITEM})*)\s+(.+)$", text)
    if match is None:  # times alone: every day
        return Rule("", _hours(text))
    return Rule(_days(match[1]), _hours(match[2].strip()))


def parse(raw: str) -> OpeningHours | None:
    """The hours in French, or with no rules when not understood; None when empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        rules = tuple(_rule(part.strip()) for part in text.split(";") if part.strip())
    except NotUnderstood:
        rules = ()
    return OpeningHours(raw=text, rules=rules)
