"""The one HTML sanitiser (scoran.lib.html) against hostile markup."""

import pytest

from scoran.lib.html import ALLOWED_TAGS, clean_html

HOSTILE = {
    "script": ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    "event handler": ('<p onclick="x()" onmouseover="y()">a</p>', "<p>a</p>"),
    "onerror image": ('<img src="x" onerror="alert(1)">a', "a"),
    "style attribute": ('<p style="position:fixed;top:0">a</p>', "<p>a</p>"),
    "style element": ("<style>body{display:none}</style><p>a</p>", "<p>a</p>"),
    "javascript link": ('<a href="javascript:alert(1)">a</a>', '<a rel="noopener nofollow">a</a>'),
    "javascript link, obfuscated": (
        '<a href="jav&#x09;ascript:alert(1)">a</a>',
        '<a rel="noopener nofollow">a</a>',
    ),
    "data link": (
        '<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>',
        '<a rel="noopener nofollow">a</a>',
    ),
    "relative link": ('<a href="/admin/">a</a>', '<a rel="noopener nofollow">a</a>'),
    "iframe": ('<iframe src="https://evil.example/">x</iframe><p>a</p>', "<p>a</p>"),
    "svg": ('<svg onload="alert(1)"><script>alert(2)</script><text>x</text></svg>a', "a"),
    "form": ('<form action="https://evil.example"><input name="x">a</form>', "a"),
    "comment": ("<!-- <script>alert(1)</script> -->a", "a"),
    "target and rel": (
        '<a href="https://example.fr/" target="_blank" rel="opener">a</a>',
        '<a href="https://example.fr/" rel="noopener nofollow">a</a>',
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_markup_is_made_safe(case):
    markup, expected = HOSTILE[case]
    assert clean_html(markup) == expected


def test_what_is_allowed_stays():
    markup = (
        '<h2>Titre</h2><p><strong>Gras</strong> <em>it</em> <a href="mailto:a@example.fr" '
        'title="écrire">a</a></p><ul><li>un</li></ul><table><tr><td colspan="2">c</td></tr></table>'
    )
    cleaned = clean_html(markup)
    for kept in ("<h2>", "<strong>", "<em>", 'href="mailto:a@example.fr"', "<li>", 'colspan="2"'):
        assert kept in cleaned
    assert {"script", "style", "iframe", "img", "svg"}.isdisjoint(ALLOWED_TAGS)


def test_nothing_gives_nothing():
    assert clean_html(None) == clean_html("") == ""
