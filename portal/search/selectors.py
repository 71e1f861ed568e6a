"""Reads of the site's search: the ranked entries of some words, their facets (by
kind, department and orientation, with counts) and their highlighted excerpts.

``ts_headline`` returns raw text with markers around the words found: the excerpt
is built here, the text escaped and only the markers (characters of Unicode's
private use area, removed from every indexed text) turned into ``<mark>``.
"""

from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from observatories.models import Department
from scoran.lib.catalogues import SEARCHABLE_KINDS
from strategy.models import Orientation

from ..models import SearchEntry
from ..models.search import CONFIG, NORMALISE, Normalised, normalise_with_origins

START, STOP = "\ue000", "\ue001"
EXCERPT_LENGTH = 1_000  # characters of the summary and text read for the excerpt
FACET_LIMIT = 30
CANDIDATES = 500  # entries ranked at most, and counted exactly (see ranked())


@dataclass(frozen=True)
class Choices:
    """What the reader narrowed the search to (each empty when not chosen)."""

    kind: str = ""
    department: str = ""
    orientation: str = ""


def words_query(words: str) -> SearchQuery:
    """The searched words, normalised as the index is (web search syntax:
    quotes for a phrase, "or", a leading minus)."""
    return SearchQuery(Normalised(Value(words)), config=CONFIG, search_type="websearch")


_CHOSEN = (
    "(%(kind)s = '' OR kind = %(kind)s)"
    " AND (%(department)s = '' OR departments @> ARRAY[%(department)s]::varchar[])"
    " AND (%(orientation)s = '' OR orientations @> ARRAY[%(orientation)s]::varchar[])"
)
_MATCH = "{field} @@ websearch_to_tsquery('{config}', {normalise}(%(words)s))"
# Each part a bounded read of the matches (no ordering: it stops at the bound):
# ``sample`` the first entries holding the words (the facets are counted over them,
# and without a choice they are the candidates and the count), ``title`` those
# holding them in their title (they rank first), ``chosen`` those holding them and
# matching every choice (only when one is made). Each is a materialised CTE read
# up to the bound: it is planned for all the matches, so the planner weighs the
# GIN index against a scan of the table by the number of matches (with the bound
# in the plan, it scans the table for words in a tenth of the entries, reading and
# decompressing thousands of vectors to find 500); the CTE is still read lazily.
_PART = "{part} AS MATERIALIZED (SELECT id{columns} FROM {table} WHERE {match} AND {chosen})"
_READ = "(SELECT '{part}' AS part, id, {columns} FROM {part} LIMIT %(bound)s)"
_FACETS = ", kind, departments, orientations"


def _read(parts: list[tuple[str, str, str]]) -> str:
    """The query of these parts (name, searched vector, condition on the choices)."""
    table = SearchEntry._meta.db_table
    ctes, reads = [], []
    for part, field, chosen in parts:
        facets = _FACETS if part == "sample" else ""
        match = _MATCH.format(field=field, config=CONFIG, normalise=NORMALISE)
        cte = _PART.format(part=part, columns=facets, table=table, match=match, chosen=chosen)
        ctes.append(cte)
        reads.append(_READ.format(part=part, columns=facets[2:] or "NULL, NULL, NULL"))
    return "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(reads)


@dataclass(frozen=True)
class Found:
    """What one query reads of the matches, each part bounded at ``CANDIDATES + 1``:
    the sample (``(pk, kind, departments, orientations)`` rows), the pks of the
    entries holding the words in their title and of those matching every choice."""

    sample: list[tuple]
    title: list[int]
    chosen: list[int]


def found(words: str, choices: Choices) -> Found:
    """The bounded reads of the count, the facets and the candidates, in one query:
    each scans the matches once (the count, the facets and the candidates read the
    same first entries; three reads of them cost three times as much)."""
    parts = [("sample", "vector", "TRUE"), ("title", "title_vector", _CHOSEN)]
    if choices != Choices():
        parts.append(("chosen", "vector", _CHOSEN))
    rows = {"sample": [], "title": [], "chosen": []}
    with connection.cursor() as cursor:
        cursor.execute(
            _read(parts),
            {
                "words": words,
                "kind": choices.kind,
                "department": choices.department,
                "orientation": choices.orientation,
                "bound": CANDIDATES + 1,
            },
        )
        for part, pk, *columns in cursor.fetchall():
            rows[part].append((pk, *columns))
    sample = rows["sample"]
    chosen = [row[0] for row in rows["chosen"]] if len(parts) > 2 else [row[0] for row in sample]
    return Found(sample=sample, title=[row[0] for row in rows["title"]], chosen=chosen)


def ranked(words: str, choices: Choices, read: Found | None = None) -> QuerySet:
    """The results, best first: words in the title weigh most (``ts_rank_cd`` with
    the weights of the stored vector), then the newest.

    Ranking reads every candidate's vector: for words found in tens of thousands of
    entries ("numérique") that alone would take a second. So the candidates are at
    most ``CANDIDATES`` entries: those holding the words in their title (which rank
    first), then, to reach the bound, those holding them anywhere (``found()``: each
    set read from its GIN index and stopped at the bound). As many as the count
    shown (``CANDIDATES`` at most), so that every page is full; below the bound,
    every match is ranked."""
    read = read or found(words, choices)
    pks = set(read.title[:CANDIDATES])
    for pk in read.chosen:
        if len(pks) >= CANDIDATES:
            break
        pks.add(pk)
    # One array, not 500 placeholders: Django and psycopg build and send them slowly.
    table = SearchEntry._meta.db_table
    candidates = RawSQL(f"{table}.id = ANY(%s)", (sorted(pks),), BooleanField())  # noqa: S611
    return (
        SearchEntry.objects.filter(candidates)
        .annotate(rank=SearchRank(F("vector"), words_query(words), cover_density=True))
        # The text, for the excerpts of the page's rows: the sort of the candidates
        # carries it as stored (compressed or out of line), read for those rows only.
        .only("kind", "title", "url", "date", "summary", "body")
        .order_by("-rank", F("date").desc(nulls_last=True), "pk")
    )


# The excerpts of texts normalised in Python (``normalise``), in their order.
_HEADLINES = f"""
SELECT ts_headline('{CONFIG}', text, websearch_to_tsquery('{CONFIG}', {NORMALISE}(%(words)s)),
                   %(options)s)
FROM unnest(%(texts)s::text[]) WITH ORDINALITY AS texts(text, number)
ORDER BY number
"""  # noqa: S608 - names from the code; the reader's values are parameters
_HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=0"
# Tags and entities would be dropped by ts_headline: spaces instead, same length.
_MARKUP = str.maketrans("<>&", "   ")


def headlines(words: str, texts: list[str]) -> list[str]:
    """``ts_headline`` of each of these normalised texts (one query, for the page's
    rows only: it costs too much to compute on every match)."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_HEADLINES, {"words": words, "options": _HEADLINE_OPTIONS, "texts": texts})
        return [headline for (headline,) in cursor.fetchall()]


def excerpt(
    original: str, normalised: str, origins: list[int], headline: str, fallback: str
) -> SafeString:
    """The excerpt of ``original`` that ``headline`` (a piece of ``normalised``, the
    same text normalised, with markers) shows, escaped, the found words in ``<mark>``;
    ``origins`` maps each position of ``normalised`` back onto ``original``
    (``normalise_with_origins``). When the piece is not found, the summary, escaped,
    without marks."""
    plain = headline.replace(START, "").replace(STOP, "")
    start = normalised.find(plain) if plain.strip() else -1
    if start < 0:
        return escape(Truncator(fallback).chars(300))
    parts, position, marked = [], start, False
    for piece in headline.replace(STOP, START).split(START):
        end = position + len(piece)
        text = escape(original[origins[position] : origins[end]])
        parts.append(f"<mark>{text}</mark>" if marked and text else text)
        position = end
        marked = not marked
    prefix = "… " if start > 0 else ""
    suffix = " …" if origins[position] < len(original.rstrip()) else ""
    return mark_safe(prefix + "".join(parts).strip() + suffix)  # noqa: S308 - every piece escaped


def with_excerpts(words: str, rows) -> list:
    """The page's rows with their excerpt and their kind's label."""
    rows = list(rows)
    originals = [f"{row.summary} {row.body}"[:EXCERPT_LENGTH] for row in rows]
    mapped = [normalise_with_origins(original) for original in originals]
    normalised = [text.translate(_MARKUP) for text, _ in mapped]
    found = headlines(words, normalised)
    for row, original, text, (_, origins), headline in zip(
        rows, originals, normalised, mapped, found, strict=True
    ):
        row.excerpt = excerpt(original, text, origins, headline, row.summary)
        row.kind_label = SEARCHABLE_KINDS[row.kind].label if row.kind in SEARCHABLE_KINDS else ""
    return rows


# ---------- The count and the facets, in one scan of the matches ----------


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Counts:
    """How many entries match every choice, and each facet's counts: those of the
    kinds ignore the kind chosen, and so on (one may switch from one to another).

    Counting stops at ``CANDIDATES``: beyond, ``total`` is ``CANDIDATES`` and
    ``more`` is True (« plus de 1 000 résultats »), and the facets count the first
    ``CANDIDATES`` entries holding the words (``approximate``)."""

    total: int
    more: bool
    approximate: bool
    kinds: list[Facet]
    departments: list[Facet]
    orientations: list[Facet]


def _tally(values, limit: int | None = None) -> dict[str, int]:
    """Counts of the values, most frequent first (then by value), at most ``limit``."""
    tally = Counter(values)
    ordered = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    return dict(ordered[:limit])


def counts(words: str, choices: Choices, read: Found | None = None) -> Counts:
    """The count of the results and the facets, from the bounded reads of
    ``found()`` (one query, unless given), then the names of the departments and
    orientations (a dozen rows each: one query each, always)."""
    read = read or found(words, choices)
    kind, department, orientation = choices.kind, choices.department, choices.orientation
    kinds, departments, orientations = [], [], []
    for _pk, row_kind, row_departments, row_orientations in read.sample:
        in_kind = not kind or row_kind == kind
        in_department = not department or department in row_departments
        in_orientation = not orientation or orientation in row_orientations
        if in_department and in_orientation:
            kinds.append(row_kind)
        if in_kind and in_orientation:
            departments.extend(row_departments)
        if in_kind and in_department:
            orientations.extend(row_orientations)
    found_kinds = _tally(kinds)
    names = dict(Department.objects.values_list("code", "name"))
    titles = {str(n): title for n, title in Orientation.objects.values_list("number", "title")}
    total = len(read.chosen)
    return Counts(
        total=min(total, CANDIDATES),
        more=total > CANDIDATES,
        approximate=len(read.sample) > CANDIDATES,
        kinds=[
            Facet(kind.key, kind.label, found_kinds[kind.key])
            for kind in SEARCHABLE_KINDS
            if kind.key in found_kinds
        ],
        departments=[
            Facet(code, names[code], count)
            for code, count in _tally(departments, FACET_LIMIT).items()
            if code in names
        ],
        orientations=sorted(
            (
                Facet(number, f"{number}. {titles[number]}", count)
                for number, count in _tally(orientations, FACET_LIMIT).items()
                if number in titles
            ),
            key=lambda facet: int(facet.value),
        ),
    )


class Counted:
    """The ranked rows with their count already known, for the paginator."""

    def __init__(self, rows: QuerySet, total: int):
        self.rows, self.total = rows, total
        self.ordered = True

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return self.rows[index]
