"""``/recherche/?q=…``: the site's search (``selectors.py``), a page for everyone,
kept from search engines."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .forms import SearchForm

FACETS = [
    ("type", "kind", "Type", selectors.kind_facet),
    ("departement", "department", "Département", selectors.department_facet),
    ("orientation", "orientation", "Orientation de la stratégie", selectors.orientation_facet),
]


def _link(request, **changes) -> str:
    """The page's query string with these parameters set (None: removed), page 1."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return "?" + query.urlencode()


def _facets(request, words: str, choices: selectors.Choices) -> list[dict]:
    facets = []
    for parameter, attribute, label, counts in FACETS:
        chosen = getattr(choices, attribute)
        facets.append(
            {
                "label": label,
                "parameter": parameter,
                "chosen": chosen,
                "clear": _link(request, **{parameter: None}),
                "options": [
                    {
                        "label": facet.label,
                        "count": facet.count,
                        "url": _link(request, **{parameter: facet.value}),
                        "chosen": facet.value == chosen,
                    }
                    for facet in counts(words, choices)
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
        rows = selectors.ranked(words, choices)
        page = Paginator(rows, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.with_excerpts(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "page": page,
            "query": query.urlencode(),
            "facets": _facets(request, words, choices),
        }
    return render(request, "portal/search/results.html", context)
