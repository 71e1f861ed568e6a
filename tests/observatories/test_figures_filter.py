"""The ``share`` filter writes a percentage exactly as ``floatformat:1`` does."""

import random
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from observatories.templatetags.figures import share

EDGES = [
    0, 0.0, -0.0, -0.04, -0.05, 0.05, 0.15, 0.25, 2.675, 12.345, 99.95, 100, 100.0,
    999.94, 999.96, 1000, 1234.56, 33.333333333333336, 1e-20, Decimal("12.25"),
    Decimal("-0.04"), None, "", "abc", "12.34", "=cmd|' /C calc'!A0", "<script>", True,
    float("nan"), float("inf"), float("-inf"),
]  # fmt: skip


@pytest.mark.parametrize("language", ["fr", "en"])
def test_share_writes_what_floatformat_1_writes(language):
    rng = random.Random(13)  # noqa: S311 - test values, not a secret
    values = [*EDGES, *(rng.uniform(-200, 1500) for _ in range(5000))]
    values += [round(rng.uniform(0, 100), 2) for _ in range(5000)]
    values += [Decimal(rng.randint(-10_000, 200_000)) / 100 for _ in range(2000)]
    with translation.override(language):
        assert [share(value) for value in values] == [floatformat(value, 1) for value in values]


def test_share_in_a_template_uses_the_french_decimal_comma_and_escapes():
    template = Template("{% load figures %}{{ a|share }} % {{ b|share }} {{ c|share }}")
    html = template.render(Context({"a": 12.25, "b": Decimal("7"), "c": "<b>"}))
    assert html == "12,3 % 7,0 "
