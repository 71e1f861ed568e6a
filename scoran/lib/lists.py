"""Filtered list pages: one way for every list (organisations, places, projects,
communes…) and for what shares its filters (map, feed, exports).

    listing = list_page(request, ProjectFilter, Project.objects.published(),
                        shown=lambda rows: rows.for_list())
    return render(request, "…/list.html", listing.context(breadcrumbs=…))

The steps: the filter set reads the query string; a wrong filter (an unknown
department, a text too long) gives an empty list with the form's error, never an
unfiltered one; the rows are paged by ``settings.LIST_PAGE_SIZE``; the query string
without ``page`` (and ``format``) serves the pager and the export links.

Text boxes use ``SearchFilter``: one rule for every list, so that no request makes
the database work without bound (at most ``SEARCH_MAX_LENGTH`` characters, else the
filter is invalid; at most ``SEARCH_MAX_WORDS`` words searched, the rest ignored).
Query parameters are French (``q``, ``departement``, ``orientation``…).
"""

from collections.abc import Callable
from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from .exports import query_without

SEARCH_MAX_LENGTH = 100
SEARCH_MAX_WORDS = 10


class SearchField(forms.CharField):
    """A search text: refused beyond ``max_length``, cut to its first words."""

    def clean(self, value):
        value = super().clean(value)
        return " ".join(value.split()[:SEARCH_MAX_WORDS])


def _search(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.search(value)


class SearchFilter(django_filters.CharFilter):
    """The text box of a list: the queryset's own ``search()`` (one rule per kind,
    shared with the site's search), unless given another ``method`` or a lookup as
    any filter."""

    field_class = SearchField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        if "lookup_expr" not in kwargs:
            kwargs.setdefault("method", _search)
        super().__init__(*args, **kwargs)


def search_words(queryset: QuerySet, text: str, lookups: tuple[str, ...]) -> QuerySet:
    """The rows holding every word of ``text`` in one of ``lookups``
    (``"name__icontains"``, ``"postcode__startswith"``…): one rule for every list's
    text box and for the site's search. The text is bounded as ``SearchFilter``
    bounds it (length, number of words), whoever calls."""
    for word in text[:SEARCH_MAX_LENGTH].split()[:SEARCH_MAX_WORDS]:
        condition = Q()
        for lookup in lookups:
            condition |= _word_condition(queryset.model, lookup, word)
        queryset = queryset.filter(condition)
    return queryset


def _word_condition(model, lookup: str, word: str) -> Q:
    """``lookup`` for ``word``; across a foreign key (``commune__name__icontains``),
    as a subquery on the related table (``commune__in``: the communes are filtered
    once, a hashed subplan) rather than a join of the related table to every row,
    which made PostgreSQL join every commune and sort every match. Same rows: a
    null key matches neither."""
    relation, _, rest = lookup.partition("__")
    try:
        field = model._meta.get_field(relation)
    except FieldDoesNotExist:
        return Q(**{lookup: word})
    if not field.many_to_one or "__" not in rest:
        return Q(**{lookup: word})
    related = field.related_model._base_manager.filter(**{rest: word})
    return Q(**{f"{relation}__in": related.values(field.target_field.attname)})


def filtered(filterset_class, request, queryset: QuerySet):
    """(the filter set, its rows): none when a filter is wrong."""
    found = filterset_class(request.GET, queryset=queryset)
    return found, (found.qs if found.is_valid() else queryset.none())


class ListPage:
    """The filter set, its rows and, read only when asked for, the page and its
    query string (an export of the same rows pages nothing)."""

    def __init__(self, request, found, rows: QuerySet, shown):
        self.request = request
        self.filter = found
        self.rows = rows  # every filtered row (exports), not only the page's
        self._shown = shown

    @cached_property
    def page(self) -> Page:
        rows = self._shown(self.rows) if self._shown else self.rows
        return Paginator(rows, settings.LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))

    @cached_property
    def query(self) -> str:
        """The query string without ``page`` and ``format``, for the pager and exports."""
        return query_without(self.request, "page", "format")

    def context(self, **extra) -> dict:
        return {"filter": self.filter, "page": self.page, "query": self.query, **extra}


def list_page(
    request,
    filterset_class,
    queryset: QuerySet,
    *,
    shown: Callable[[QuerySet], QuerySet] | None = None,
) -> ListPage:
    """The filtered rows of a list page; ``shown`` preloads what the page shows
    (``rows.for_list()``)."""
    found, rows = filtered(filterset_class, request, queryset)
    return ListPage(request, found, rows, shown)
