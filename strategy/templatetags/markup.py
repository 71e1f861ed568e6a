"""``{{ text|markdown }}``: render curated Markdown; raw HTML in the text is escaped."""

from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# CommonMark with tables; "html": False escapes any HTML typed in the admin.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@register.filter(is_safe=True)
def markdown(text: str) -> str:
    return mark_safe(_renderer.render(text or ""))  # noqa: S308 - html disabled above
