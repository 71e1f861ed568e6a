"""Filters for the observatory's figures.

``share``: a percentage with one decimal, as ``floatformat:1`` writes it (« 12,5 »,
half rounded up, « 0,0 » for a negative share that rounds to zero), at a fraction of
its cost: a territory's page writes some two hundred shares, and ``floatformat``
goes through the locale's number formatting for each. Anything but a number under
a thousand (no grouping to decide) is left to ``floatformat``.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format

register = template.Library()

TENTH = Decimal("0.1")


@register.filter(is_safe=True)
def share(value):
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        return floatformat(value, 1)
    try:
        if not number.is_finite() or abs(number) >= 1000:
            return floatformat(value, 1)
        rounded = number.quantize(TENTH, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return floatformat(value, 1)
    if not rounded:
        rounded = abs(rounded)
    return str(rounded).replace(".", get_format("DECIMAL_SEPARATOR"))
