"""``/recherche/?q=…``: the site's search (``selectors.py``), a page for everyone,
kept from search engines."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .forms import SearchForm

FACETS = [
    ("type", "kind", "Type", "kinds"),
    ("departement", "department", "Département", "departments"),
    ("orientation", "orientation", "Orientation de la stratégie", "orientations"),
]


def _linker(request):
    """The page's query string with some parameters set (None: removed), page 1: a
    function of the changes (a facet has dozens of links: the query string is read
    once, not copied for each)."""
    pairs = [
        (name, value) for name, values in request.GET.lists() if name != "page" for value in values
    ]

    def link(**changes) -> str:
        kept = [(name, value) for name, value in pairs if name not in changes]
        added = [(name, value) for name, value in changes.items() if value is not None]
        return "?" + urlencode(kept + added)

    return link


def _facets(request, counts: selectors.Counts, choices: selectors.Choices) -> list[dict]:
    link = _linker(request)
    facets = []
    for parameter, attribute, label, name in FACETS:
        chosen = getattr(choices, attribute)
        facets.append(
            {
                "label": label,
                "parameter": parameter,
                "chosen": chosen,
                "clear": link(**{parameter: None}),
                "options": [
                    {
                        "label": facet.label,
                        "count": facet.count,
                        "url": link(**{parameter: facet.value}),
                        "chosen": facet.value == chosen,
                    }
                    for facet in getattr(counts, name)
                ],
            }
        )
    return facets


@require_GET
def results(request):
    form = SearchForm(request.GET)
    words = form.words()
    context = {
        "form": form,
        "words": words,
        "search_words": words,  # the header's box keeps them
        "breadcrumbs": [("Recherche", None)],
    }
    if words:
        choices = form.choices()
        read = selectors.found(words, choices)  # one query: the count, facets, candidates
        counts = selectors.counts(words, choices, read)
        rows = selectors.Counted(selectors.ranked(words, choices, read), counts.total)
        page = Paginator(rows, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_excerpts(words, page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "page": page,
            "query": query.urlencode(),
            "facets": _facets(request, counts, choices),
            "counts": counts,
        }
    return render(request, "portal/search/results.html", context)
