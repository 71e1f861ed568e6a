"""Text shared by imports and pages: names compared whatever their accents and case,
and how quarters are named."""

import datetime
import re
import unicodedata


def normalise(name: str) -> str:
    """``Zones très denses `` → ``zones_tres_denses``: headers and names drift between
    editions (accents, case, spaces, punctuation)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def quarter_label(day: datetime.date) -> str:
    """« T4 2025 » for any day of the fourth quarter of 2025: how editions and
    quarters are named."""
    return f"T{(day.month - 1) // 3 + 1} {day.year}"
