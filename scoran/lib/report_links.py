"""The "Signaler une erreur" link of an item's page, for templates of every app
(``{% load reports %}`` then ``{% report_link "projets" project %}``): the address
comes from the reportable kinds' catalogue, so that no template names the URL of
the app that takes the reports. Nothing is shown for a kind that takes none."""

from django import template

from .catalogues import report_url

register = template.Library()


@register.inclusion_tag("includes/report_link.html")
def report_link(kind: str, obj) -> dict:
    return {"url": report_url(kind, obj)}
