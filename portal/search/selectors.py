"""Reads of the site's search: the ranked entries of some words, their facets (by
kind, department and orientation, with counts) and their highlighted excerpts.

``ts_headline`` returns raw text with markers around the words found: the excerpt
is built here, the text escaped and only the markers (characters of Unicode's
private use area, removed from every indexed text) turned into ``<mark>``.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.functions import Concat, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from observatories.models import Department
from scoran.lib.catalogues import SEARCHABLE_KINDS
from strategy.models import Orientation

from ..models import SearchEntry
from ..models.search import CONFIG, NORMALISE, Normalised

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


def matching(words: str, choices: Choices, *, ignore: str = "", field: str = "vector"):
    """The entries holding the words (in their title only for ``field="title_vector"``),
    narrowed by every choice but ``ignore``."""
    # No ordering: a bounded read must stop early, not walk an index in (kind, key) order.
    rows = SearchEntry.objects.filter(**{field: words_query(words)}).order_by()
    if choices.kind and ignore != "kind":
        rows = rows.filter(kind=choices.kind)
    if choices.department and ignore != "department":
        rows = rows.filter(departments__contains=[choices.department])
    if choices.orientation and ignore != "orientation":
        rows = rows.filter(orientations__contains=[choices.orientation])
    return rows


def ranked(words: str, choices: Choices) -> QuerySet:
    """The results, best first: words in the title weigh most (``ts_rank_cd`` with
    the weights of the stored vector), then the newest.

    Ranking reads every candidate's vector: for words found in tens of thousands of
    entries ("numérique") that alone would take a second. So the candidates are at
    most ``CANDIDATES`` entries holding the words in their title (which rank first)
    and as many holding them anywhere, each set read from its GIN index and stopped
    at the bound; below the bound, every match is ranked."""
    title = matching(words, choices, field="title_vector").values("pk")[:CANDIDATES]
    anywhere = matching(words, choices).values("pk")[:CANDIDATES]
    return (
        SearchEntry.objects.filter(pk__in=title.union(anywhere))
        .annotate(rank=SearchRank(F("vector"), words_query(words), cover_density=True))
        .only("kind", "title", "url", "date")
        .order_by("-rank", F("date").desc(nulls_last=True), "pk")
    )


def headlines(words: str, pks) -> dict[int, SafeString]:
    """The excerpts of these entries (one query, for the page's rows only: the
    normalised text and ``ts_headline`` cost too much to compute on every match)."""
    document = Concat(F("summary"), Value(" "), F("body"), output_field=TextField())
    text = Substr(document, 1, EXCERPT_LENGTH)
    # Tags and entities would be dropped by ts_headline: spaces instead, same length.
    normalised = Func(
        Normalised(text),
        Value("<>&"),
        Value("   "),
        function="translate",
        output_field=TextField(),
    )
    rows = SearchEntry.objects.filter(pk__in=pks).values_list(
        "pk",
        "summary",
        text,
        normalised,
        SearchHeadline(
            normalised,
            words_query(words),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=0,
        ),
    )
    return {
        pk: excerpt(original, normalised, headline, summary)
        for pk, summary, original, normalised, headline in rows
    }


def excerpt(original: str, normalised: str, headline: str, fallback: str) -> SafeString:
    """The excerpt of ``original`` that ``headline`` (a piece of ``normalised``, the
    same text normalised, with markers) shows, escaped, the found words in ``<mark>``.
    The normalisation keeps the length of most texts; when it did not, or the piece
    is not found, the summary, escaped, without marks."""
    plain = headline.replace(START, "").replace(STOP, "")
    start = normalised.find(plain) if plain.strip() else -1
    if len(original) != len(normalised) or start < 0:
        return escape(Truncator(fallback).chars(300))
    parts, position, marked = [], start, False
    for piece in headline.replace(STOP, START).split(START):
        text = escape(original[position : position + len(piece)])
        parts.append(f"<mark>{text}</mark>" if marked and text else text)
        position += len(piece)
        marked = not marked
    prefix = "… " if start > 0 else ""
    suffix = " …" if position < len(original.rstrip()) else ""
    return mark_safe(prefix + "".join(parts).strip() + suffix)  # noqa: S308 - every piece escaped


def with_excerpts(words: str, rows) -> list:
    """The page's rows with their excerpt and their kind's label."""
    rows = list(rows)
    found = headlines(words, [row.pk for row in rows])
    for row in rows:
        row.excerpt = found.get(row.pk, "")
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


_COUNTS = """
WITH found AS MATERIALIZED (
    SELECT kind, departments, orientations FROM {table}
    WHERE vector @@ websearch_to_tsquery('{config}', {normalise}(%(words)s))
    LIMIT %(bound)s
)
SELECT 'sample', '', count(*) FROM found
UNION ALL
SELECT 'kind', kind, count(*) FROM found WHERE {department} AND {orientation} GROUP BY kind
UNION ALL
(SELECT 'department', value, count(*) FROM found, unnest(departments) AS value
 WHERE {kind} AND {orientation} GROUP BY value ORDER BY 3 DESC, 2 LIMIT %(limit)s)
UNION ALL
(SELECT 'orientation', value, count(*) FROM found, unnest(orientations) AS value
 WHERE {kind} AND {department} GROUP BY value ORDER BY 3 DESC, 2 LIMIT %(limit)s)
""".format(  # noqa: S608 - names from the code; the reader's values are parameters
    table=SearchEntry._meta.db_table,
    config=CONFIG,
    normalise=NORMALISE,
    kind="(%(kind)s = '' OR kind = %(kind)s)",
    department="(%(department)s = '' OR departments @> ARRAY[%(department)s]::varchar[])",
    orientation="(%(orientation)s = '' OR orientations @> ARRAY[%(orientation)s]::varchar[])",
)


def counts(words: str, choices: Choices) -> Counts:
    """The count of the results (bounded: one query), the facets (one query: the
    matches read once, grouped three ways, each bounded), then the names of the
    departments and orientations (a dozen rows each: one query each, always)."""
    bound = CANDIDATES + 1
    total = matching(words, choices).values("pk")[:bound].count()
    with connection.cursor() as cursor:
        cursor.execute(
            _COUNTS,
            {
                "words": words,
                "kind": choices.kind,
                "department": choices.department,
                "orientation": choices.orientation,
                "limit": FACET_LIMIT,
                "bound": bound,
            },
        )
        rows = cursor.fetchall()
    found = {"sample": {}, "kind": {}, "department": {}, "orientation": {}}
    for facet, value, count in rows:
        found[facet][value] = count
    names = dict(Department.objects.values_list("code", "name"))
    titles = {str(n): title for n, title in Orientation.objects.values_list("number", "title")}
    orientations = [
        Facet(number, f"{number}. {titles[number]}", count)
        for number, count in found["orientation"].items()
        if number in titles
    ]
    return Counts(
        total=min(total, CANDIDATES),
        more=total > CANDIDATES,
        approximate=found["sample"].get("", 0) > CANDIDATES,
        kinds=[
            Facet(kind.key, kind.label, found["kind"][kind.key])
            for kind in SEARCHABLE_KINDS
            if kind.key in found["kind"]
        ],
        departments=[
            Facet(code, names[code], count)
            for code, count in found["department"].items()
            if code in names
        ],
        orientations=sorted(orientations, key=lambda facet: int(facet.value)),
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
