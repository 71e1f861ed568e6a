"""What every list with a text box must hold (``scoran.lib.lists.SearchFilter``): a
search too long is refused (an empty list with the French error, no query per
word), and a long search is cut to its first words, so that no request makes the
database work without bound."""

import string

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoran.lib.lists import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS

TOO_LONG_ERROR = f"au plus {SEARCH_MAX_LENGTH} caractères"
MANY_WORDS = " ".join(string.ascii_lowercase + string.digits)  # 36 words, 71 characters


def likes(client, url: str, q: str, **params) -> tuple[int, str]:
    """(the number of ``LIKE`` tests in the SQL of the page, its HTML)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": q, **params})
    assert response.status_code == 200
    return sum(query["sql"].count(" LIKE ") for query in queries), response.content.decode()


def assert_a_too_long_search_gives_an_empty_list(client, url: str, shown: list[str]) -> None:
    """``shown``: names that the list shows without a search; none is shown."""
    _, html = likes(client, url, "")
    assert all(name in html for name in shown)
    for q in ("x" * (SEARCH_MAX_LENGTH + 1), " ".join(["fibre"] * 2000)):
        count, html = likes(client, url, q)
        assert count == 0  # not one query per word: no word searched at all
        assert TOO_LONG_ERROR in html
        assert not any(name in html for name in shown)


def assert_a_search_is_cut_to_its_first_words(client, url: str) -> None:
    one, _ = likes(client, url, "z")  # no row matches: the same queries run
    assert one > 0
    many, _ = likes(client, url, MANY_WORDS)
    assert many == SEARCH_MAX_WORDS * one
