"""``{{ text|markdown }}``: render Markdown written by curators and agents.

Raw HTML in the text is escaped, and images are kept only when they are served by
the portal itself (a path starting with ``/``): an external image would make every
reader's browser call a third party (the CSP would block it, but the page should
not ask). An external image is rendered as its description, in a link to it.

Registered as the template library ``markup`` in ``settings.TEMPLATES``.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# CommonMark with tables; "html": False escapes any HTML typed in a text.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_default_image = _renderer.renderer.rules["image"]


def _is_own(src: str) -> bool:
    return src.startswith("/") and not src.startswith("//")


def _image(renderer, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if _is_own(src):
        return _default_image(tokens, idx, options, env)
    description = escape(renderer.renderInlineAsText(token.children or [], options, env))
    if not src.startswith(("https://", "http://")):
        return description
    return f'<a href="{escape(src)}">{description or escape(src)}</a>'


_renderer.add_render_rule("image", _image)


def render(text: str) -> str:
    """The HTML of a Markdown text, safe to insert in a page."""
    return _renderer.render(text or "")


@register.filter(is_safe=True)
def markdown(text: str) -> str:
    return mark_safe(render(text))  # noqa: S308 - html disabled, images filtered above
