"""The list helper: one text-box rule for every list, a wrong filter gives an empty
list (never an unfiltered one), pages of LIST_PAGE_SIZE, a query string without the
page and the export format."""

import string

import django_filters
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.test import RequestFactory

from scoran.lib.lists import (
    SEARCH_MAX_LENGTH,
    SEARCH_MAX_WORDS,
    SearchField,
    SearchFilter,
    filtered,
    list_page,
    search_words,
)


class GroupFilter(django_filters.FilterSet):
    """A list of a Django model (the library knows no app), searched word by word."""

    q = SearchFilter(method="search")

    class Meta:
        model = Group
        fields = []

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(name__icontains=word)
        return queryset


def get(query: str = "", **params):
    return RequestFactory().get("/liste/" + query, params)


# ---------- SearchField ----------


def test_a_search_of_the_maximum_length_is_kept_and_one_character_more_refused():
    field = SearchField(max_length=SEARCH_MAX_LENGTH, required=False)
    assert field.clean("x" * SEARCH_MAX_LENGTH) == "x" * SEARCH_MAX_LENGTH
    with pytest.raises(ValidationError, match="au plus 100 caractères") as refused:
        field.clean("x" * (SEARCH_MAX_LENGTH + 1))
    assert [error.code for error in refused.value.error_list] == ["max_length"]


def test_a_search_keeps_its_first_words_and_one_space_between_them():
    field = SearchField(max_length=SEARCH_MAX_LENGTH, required=False)
    words = list(string.ascii_lowercase)  # 26 words, 77 characters with two spaces
    assert field.clean("  ".join(words)) == " ".join(words[:SEARCH_MAX_WORDS])
    assert field.clean(" fibre \t optique ") == "fibre optique"
    assert field.clean("") == ""


def test_a_search_filter_has_the_maximum_length_unless_told_otherwise():
    assert SearchFilter().field.max_length == SEARCH_MAX_LENGTH
    assert SearchFilter(max_length=20).field.max_length == 20


# ---------- filtered, list_page ----------


@pytest.mark.django_db
def test_a_wrong_filter_gives_no_row_and_its_error_never_every_row():
    Group.objects.create(name="Curateurs de la fibre")
    found, rows = filtered(GroupFilter, get(q="x" * 101), Group.objects.all())
    assert not found.is_valid()
    assert "au plus 100 caractères" in str(found.errors["q"])
    assert list(rows) == []


@pytest.mark.django_db
def test_a_valid_filter_gives_its_rows():
    fibre = Group.objects.create(name="Curateurs de la fibre")
    Group.objects.create(name="Agents")
    _, rows = filtered(GroupFilter, get(q="FIBRE curateurs"), Group.objects.all())
    assert list(rows) == [fibre]


@pytest.mark.django_db
def test_a_list_page_pages_by_the_setting_and_keeps_its_query_without_page_and_format(
    settings,
):
    settings.LIST_PAGE_SIZE = 2
    for number in range(5):
        Group.objects.create(name=f"Groupe {number}")
    listing = list_page(
        get(q="groupe", page="2", format="csv", departement="21"),
        GroupFilter,
        Group.objects.order_by("name"),
        shown=lambda rows: rows.only("name"),
    )
    assert [group.name for group in listing.page] == ["Groupe 2", "Groupe 3"]
    assert listing.page.paginator.num_pages == 3
    assert listing.rows.count() == 5  # every filtered row, for the exports
    assert listing.query == "q=groupe&departement=21"
    context = listing.context(title="Groupes")
    assert (context["filter"], context["page"], context["title"]) == (
        listing.filter,
        listing.page,
        "Groupes",
    )


@pytest.mark.django_db
def test_a_page_number_out_of_range_gives_the_last_page(settings):
    settings.LIST_PAGE_SIZE = 2
    for number in range(3):
        Group.objects.create(name=f"Groupe {number}")
    listing = list_page(get(q="groupe", page="99"), GroupFilter, Group.objects.order_by("name"))
    assert [group.name for group in listing.page] == ["Groupe 2"]


@pytest.mark.django_db
def test_a_word_searched_across_a_foreign_key_reads_a_subquery_and_finds_the_same_rows():
    """« commune__name__icontains »: the related rows filtered once, not joined to
    every row (PostgreSQL then joined every commune and sorted every match)."""
    lookups = ("name__icontains", "content_type__model__icontains")
    found = search_words(Permission.objects.order_by("pk"), "group", lookups)
    sql = str(found.query)
    assert "JOIN" not in sql and '"django_content_type"' in sql
    joined = Permission.objects.filter(
        Q(name__icontains="group") | Q(content_type__model__icontains="group")
    )
    assert set(found) == set(joined) and found.count() > 4  # the group model's and « groups »
