"""Text shared by imports and pages: names compared whatever their accents and case,
how quarters are named, and the slugs of addresses."""

import datetime
import re
import secrets
import unicodedata
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.text import slugify


def normalise(name: str) -> str:
    """``Zones très denses `` → ``zones_tres_denses``: headers and names drift between
    editions (accents, case, spaces, punctuation)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def quarter_label(day: datetime.date) -> str:
    """« T4 2025 » for any day of the fourth quarter of 2025: how editions and
    quarters are named."""
    return f"T{(day.month - 1) // 3 + 1} {day.year}"


def free_slug(title: str, *, taken: QuerySet, reserved: Iterable[str] = (), fallback: str) -> str:
    """A slug for ``title`` (``fallback`` when it has no letter) that no row of
    ``taken`` holds and that no page of the feature's URLs uses (``reserved``:
    « nouveau », « flux »…); a random suffix when the plain one is held."""
    base = slugify(title)[:100].strip("-") or fallback
    slug = base
    while slug in reserved or taken.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug
