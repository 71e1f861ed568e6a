"""Reads of the site's search: the ranked entries of some words, their facets (by
kind, department and orientation, with counts) and their highlighted excerpts.

``ts_headline`` returns raw text with markers around the words found: the excerpt
is built here, the text escaped and only the markers (characters of Unicode's
private use area, removed from every indexed text) turned into ``<mark>``.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Func, QuerySet, TextField, Value
from django.db.models.functions import Concat, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from observatories.models import Department
from scoran.lib.catalogues import SEARCHABLE_KINDS
from strategy.models import Orientation

from ..models import SearchEntry
from ..models.search import CONFIG, Normalised

START, STOP = "\ue000", "\ue001"
EXCERPT_LENGTH = 2_000  # characters of the summary and text read for the excerpt
FACET_LIMIT = 30


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


def matching(words: str, choices: Choices, *, ignore: str = "") -> QuerySet:
    """The entries holding the words, narrowed by every choice but ``ignore``."""
    rows = SearchEntry.objects.filter(vector=words_query(words))
    if choices.kind and ignore != "kind":
        rows = rows.filter(kind=choices.kind)
    if choices.department and ignore != "department":
        rows = rows.filter(departments__contains=[choices.department])
    if choices.orientation and ignore != "orientation":
        rows = rows.filter(orientations__contains=[choices.orientation])
    return rows


def ranked(words: str, choices: Choices) -> QuerySet:
    """The results, best first: words in the title weigh most (``ts_rank_cd`` with
    the weights of the stored vector), then the newest."""
    query = words_query(words)
    document = Concat(F("summary"), Value(" "), F("body"), output_field=TextField())
    excerpt_source = Func(
        Normalised(Substr(document, 1, EXCERPT_LENGTH)),
        Value("<>&"),
        Value("   "),
        function="translate",
        output_field=TextField(),
    )  # tags and entities would be dropped by ts_headline, and its text no longer ours
    return (
        matching(words, choices)
        .annotate(
            rank=SearchRank(F("vector"), query, cover_density=True),
            excerpt_text=Substr(document, 1, EXCERPT_LENGTH),
            excerpt_normalised=excerpt_source,
            headline=SearchHeadline(
                excerpt_source,
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=0,
            ),
        )
        .only("kind", "title", "summary", "url", "date")
        .order_by("-rank", F("date").desc(nulls_last=True), "pk")
    )


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


def with_excerpts(rows) -> list:
    for row in rows:
        row.excerpt = excerpt(row.excerpt_text, row.excerpt_normalised, row.headline, row.summary)
        row.kind_label = SEARCHABLE_KINDS[row.kind].label if row.kind in SEARCHABLE_KINDS else ""
    return rows


# ---------- Facets ----------


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


def kind_facet(words: str, choices: Choices) -> list[Facet]:
    counts = dict(
        matching(words, choices, ignore="kind")
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    return [
        Facet(kind.key, kind.label, counts[kind.key])
        for kind in SEARCHABLE_KINDS
        if kind.key in counts
    ]


def _array_counts(words: str, choices: Choices, field: str) -> list[tuple[str, int]]:
    """(value, entries) of an array column over the matching entries, most first:
    one grouped query, bounded."""
    assert field in ("departments", "orientations")  # a column name, never a reader's text
    sql, params = matching(words, choices, ignore=field[:-1]).values("pk").query.sql_with_params()
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT value, count(*) FROM {table} e, unnest(e.{field}) AS value "  # noqa: S608
            f"WHERE e.id IN ({sql}) GROUP BY value ORDER BY count(*) DESC, value LIMIT %s",
            [*params, FACET_LIMIT],
        )
        return cursor.fetchall()


def department_facet(words: str, choices: Choices) -> list[Facet]:
    counts = _array_counts(words, choices, "departments")
    names = dict(Department.objects.values_list("code", "name"))  # a dozen: always one query
    return [Facet(code, names[code], n) for code, n in counts if code in names]


def orientation_facet(words: str, choices: Choices) -> list[Facet]:
    counts = _array_counts(words, choices, "orientations")
    titles = dict(Orientation.objects.values_list("number", "title"))  # 15: always one query
    return sorted(
        (
            Facet(number, f"{number}. {titles[int(number)]}", n)
            for number, n in counts
            if number.isdigit() and int(number) in titles
        ),
        key=lambda facet: int(facet.value),
    )
