"""HTML written elsewhere (an imported aide's description, contact…), made safe to
show: the one list of what may stay, applied by a maintained sanitiser (nh3,
html5ever's parser). What is not listed goes: scripts and styles with their
content, event handlers, ``style`` attributes, iframes, SVG, forms, images (no
third-party request from our pages); links keep only http(s) and mailto targets
and open without giving the portal away (``rel="noopener nofollow"``); relative
links, which would point into the portal, lose their target.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Removed with everything inside them (not only the tags).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "svg", "math", "template"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"


# Built once: the same options for every call.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",  # a relative link would point into the portal
    link_rel=LINK_REL,
    strip_comments=True,
)


def clean_html(text: str | None) -> str:
    """``text`` with only the allowed tags, attributes and link targets."""
    if not text:
        return ""
    return _CLEANER.clean(text).strip()
