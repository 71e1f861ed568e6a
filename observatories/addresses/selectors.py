"""Address search over the buildings ("Mon adresse"): what the suggestions and the
search page read. One query whatever the number of results."""

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from ..models.buildings import address_label, search_text

# Too frequent to narrow a search; a search made only of them finds nothing.
STOPWORDS = frozenset(
    ["a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sous", "sur"]
)
MIN_CHARACTERS = 3
STREETS_SCANNED = 50  # matching streets looked at, before ranking them by size


@dataclass(frozen=True)
class Suggestion:
    imb_id: str
    label: str  # "12 bis Rue de la Liberté, Dijon"

    @property
    def url(self) -> str:
        return reverse("observatories:building", kwargs={"imb_id": self.imb_id})


def _search_terms(query: str) -> tuple[int | None, str]:
    """A leading house number, and the rest as a full-text query whose last word may
    be unfinished (``rue liberte dij`` → ``rue & liberte & dij:*``)."""
    tokens = search_text(query).split()
    number = None
    if len(tokens) > 1 and tokens[0].isdigit() and len(tokens[0]) <= 5:
        number = int(tokens.pop(0))
    words = [t for t in tokens if t not in STOPWORDS]
    if not words or sum(len(w) for w in words) < MIN_CHARACTERS:
        return number, ""
    return number, " & ".join([*words[:-1], f"{words[-1]}:*"])


def suggest_addresses(query: str, *, limit: int = 10) -> list[Suggestion]:
    """Buildings whose street (or lieu-dit), commune or postcode match ``query``:
    with a house number, the buildings at that number; else the first of each street."""
    number, terms = _search_terms(query)
    if not terms:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT b.imb_id, b.number, b.suffix, s.street, s.locality, c.name
            FROM (
                SELECT id, department_id, commune_id, street, locality, buildings
                FROM observatories_street
                WHERE search_vector @@ to_tsquery('simple'::regconfig, %(terms)s)
                LIMIT %(scanned)s
            ) s
            JOIN observatories_commune c ON c.code = s.commune_id
            CROSS JOIN LATERAL (
                SELECT imb_id, number, suffix
                FROM observatories_building b
                -- the department prunes the other partitions
                WHERE b.department_id = s.department_id AND b.street_id = s.id
                  AND (%(number)s::integer IS NULL OR b.number = %(number)s::integer)
                ORDER BY b.number, b.suffix  -- the index order: no sort of a long street
                LIMIT %(per_street)s
            ) b
            ORDER BY s.buildings DESC, c.name, s.street, s.locality, b.number, b.suffix
            LIMIT %(limit)s
            """,
            {
                "terms": terms,
                "scanned": STREETS_SCANNED,
                "number": number,
                "per_street": 3 if number is not None else 1,
                "limit": limit,
            },
        )
        rows = cursor.fetchall()
    suggestions = []
    for imb_id, number_found, suffix, street_name, locality, commune in rows:
        address = address_label(number_found, suffix, street_name, locality)
        suggestions.append(Suggestion(imb_id, f"{address}, {commune}"))
    return suggestions
