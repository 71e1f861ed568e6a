"""``{% webcal path %}``: the ``webcal:`` address of a calendar on this site, for
calendar apps to subscribe to (``{% load calendars %}``)."""

from django import template

from portal.agenda.ical import webcal_url

register = template.Library()


@register.simple_tag(takes_context=True)
def webcal(context, path: str) -> str:
    return webcal_url(context["request"], path)
