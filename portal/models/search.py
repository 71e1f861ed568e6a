"""The site's search index (``/recherche/``, ``portal/search/``): one row per public
item of every searchable kind (``scoran.lib.catalogues.SEARCHABLE_KINDS``), written
by ``portal.search.services`` and never by hand.

French full text without extensions (the embedded PostgreSQL has no ``unaccent``):
the SQL function ``search_normalise`` (created by migration 0013) lowers the text,
takes accents off, turns hyphens and slashes into spaces ("4G/5G" is then two words,
"tiers-lieux" two as well) and drops the plural ``x`` of words in -aux/-eux, which
the French stemmer keeps ("lieux" → "lieu"). The same function is applied to the
indexed text (the stored vector) and to the searched words. It keeps the text's
length but for œ and æ (and a few capitals of other alphabets), so that a highlighted
excerpt of the normalised text maps back onto the original text; where the length
changed, ``normalise_with_origins`` says where each character comes from.
"""

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

NORMALISE = "search_normalise"
CONFIG = "french"

_FOLDED = str.maketrans(
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ’‘‐‑–—-/", "aaaaaaceeeeiiiinooooouuuuyy''      "
)
_PLURAL_X = re.compile(r"([ae]u)x(?!\w)")


def normalise(text: str) -> str:
    """``search_normalise`` in Python, for the excerpts only (PostgreSQL's
    ``translate`` is slow on text of many bytes per character: 0.2 ms a thousand
    characters). A test keeps the two equal; where they would differ (some letters
    of other alphabets lowered otherwise), a word is only left unmarked."""
    return _PLURAL_X.sub(r"\1 ", _fold(text))


def _fold(text: str) -> str:
    return text.lower().translate(_FOLDED).replace("œ", "oe").replace("æ", "ae")


def normalise_with_origins(text: str) -> tuple[str, list[int]]:
    """``normalise(text)``, and for each of its characters the position in ``text`` of
    the character it comes from, then ``len(text)``: a piece of the normalised text
    maps back onto the original where the normalisation changed the length (« œuvre »
    normalised is « oeuvre »). Character by character only then (the fast path keeps
    the text's length)."""
    normalised = normalise(text)
    if len(normalised) == len(text):
        return normalised, list(range(len(text) + 1))
    folded = [_fold(character) for character in text]
    origins = [position for position, piece in enumerate(folded) for _ in piece]
    return _PLURAL_X.sub(r"\1 ", "".join(folded)), [*origins, len(text)]


class Normalised(models.Func):
    """``search_normalise(text)``: what the index and the searched words go through."""

    function = NORMALISE
    output_field = models.TextField()


class SearchDocument(models.Func):
    """The stored vector: the title weighs A, the summary B, the rest of the text C."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression, weight in zip(self.get_source_expressions(), "ABC", strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(
                f"setweight(to_tsvector('{CONFIG}'::regconfig, "
                f"{NORMALISE}(COALESCE({sql}, ''))), '{weight}')"
            )
            params.extend(expression_params)
        return "(" + " || ".join(parts) + ")", params


class TitleDocument(models.Func):
    """The title's own vector: the candidates of a search of very common words are
    taken among the entries holding them in their title first."""

    output_field = SearchVectorField()
    template = f"to_tsvector('{CONFIG}'::regconfig, {NORMALISE}(COALESCE(%(expressions)s, '')))"


class SearchEntry(models.Model):
    """One public item as the search finds it (``kind`` is a searchable kind's key,
    ``key`` the item's primary key as text)."""

    kind = models.CharField("type", max_length=40)
    key = models.CharField("clé", max_length=40)
    title = models.TextField("titre")
    summary = models.TextField("résumé", blank=True)
    body = models.TextField("texte", blank=True)
    url = models.CharField("adresse", max_length=500)
    departments = ArrayField(models.CharField(max_length=3), default=list, blank=True)
    orientations = ArrayField(models.CharField(max_length=3), default=list, blank=True)
    date = models.DateField("date", null=True, blank=True)
    vector = models.GeneratedField(
        expression=SearchDocument("title", "summary", "body"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    title_vector = models.GeneratedField(
        expression=TitleDocument("title"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = "entrée de l'index de recherche"
        verbose_name_plural = "entrées de l'index de recherche"
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="searchentry_kind_key_unique")
        ]
        indexes = [
            GinIndex(fields=["vector"], name="searchentry_vector_gin"),
            GinIndex(fields=["title_vector"], name="searchentry_title_gin"),
            # The facets chosen, combined with the words in one bitmap scan.
            models.Index(fields=["kind"], name="searchentry_kind"),
            GinIndex(fields=["departments"], name="searchentry_departments_gin"),
            GinIndex(fields=["orientations"], name="searchentry_orientations_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} – {self.title}"
