"""The catalogues through which each feature says what it offers the site as a whole,
filled from its app's ``AppConfig.ready()`` and read by the pages that gather them:

- ``SITE_SECTIONS``: the header menu, ``/plan-du-site/``, ``sitemap.xml`` and
  ``robots.txt`` are all derived from it (no second list of the site's pages);
- ``FOLLOWABLE_LISTS``: a public list that can be followed (its Atom feed today,
  iCal and e-mail digests later), with the list's own filter set;
- ``SEARCHABLE_KINDS``: what a search across the site looks into;
- ``PERSONAL_DATA``: each feature's part of the personal-data download, and what
  deleting an account does to the rows that hold a person's data;
- ``REPORTABLE_KINDS``: what visitors may report an error on ("Signaler une erreur");
- ``CURATED_KINDS`` and ``CHECKED_LINKS``: the items whose owners are reminded to
  review them, and the external links checked weekly (``scoran.lib.freshness``).

A test (``tests/test_catalogues.py``) checks that each entry shows where it must and
that every model field holding a person's data is declared here. This module knows
no app: entries bring their querysets and functions.
"""

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from .registry import Registry

# ---------- Site sections ----------


@dataclass(frozen=True)
class SiteSection:
    """A page of the site that heads a part of it (a list, an overview, a legal page).

    ``sitemap`` gives the pages below it for ``sitemap.xml``: a Django ``Sitemap``
    class, or a callable returning addresses (strings) or objects with
    ``get_absolute_url``. ``pages`` gives the links shown under it on the site map
    page, as (label, address) pairs (one query at most). A section that is not
    ``indexed`` is left out of ``sitemap.xml`` and kept from crawlers in ``robots.txt``.
    """

    key: str
    title: str  # on the site map (and in the menu unless ``menu_title`` is given)
    url_name: str
    description: str = ""
    order: int = 100
    in_menu: bool = False
    menu_title: str = ""
    parent: str = ""  # the key of the section it is shown under on the site map
    sitemap: Any = None
    pages: Callable[[], Iterable[tuple[str, str]]] | None = None
    indexed: bool = True

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def menu_label(self) -> str:
        return self.menu_title or self.title


SITE_SECTIONS: Registry[SiteSection] = Registry("site sections")


def site_sections() -> list[SiteSection]:
    """Every section, in their order."""
    return sorted(SITE_SECTIONS, key=lambda section: section.order)


def menu_sections() -> list[SiteSection]:
    return [section for section in site_sections() if section.in_menu]


def sections_under(key: str) -> list[SiteSection]:
    """The sections shown under ``key`` on the site map, in their order (a home page
    links to its part of the site without naming the apps that fill it)."""
    return [section for section in site_sections() if section.parent == key]


def site_map() -> list[dict]:
    """The site map page's tree: each top section with its address, its sub-sections
    and its pages (a section whose parent is unknown shows at the top)."""
    sections = site_sections()
    keys = {section.key for section in sections}

    def node(section: SiteSection) -> dict:
        return {"title": section.title, "url": section.url, "description": section.description}

    return [
        {
            **node(section),
            "children": [node(child) for child in sections if child.parent == section.key],
            "pages": list(section.pages()) if section.pages else [],
        }
        for section in sections
        if section.parent not in keys
    ]


# ---------- Followable lists ----------


def _absolute_url(obj) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class FollowableList:
    """A public list one can follow: the rows it publishes, filtered as the list
    page is (same filter set, same query parameters), newest first.

    ``item_summary`` returns plain text: outputs escape it (an Atom summary is HTML).
    """

    key: str
    title: str
    description: str
    filterset: type  # the list page's django-filter FilterSet
    queryset: Callable[[], QuerySet]  # the published rows
    list_url_name: str
    feed_url_name: str
    item_title: Callable[[Any], str]
    item_date: Callable[[Any], Any]  # when the item was published
    item_summary: Callable[[Any], str]
    item_link: Callable[[Any], str] = _absolute_url
    item_updated: Callable[[Any], Any] | None = None
    item_author: Callable[[Any], str] | None = None
    newest_first: tuple[str, ...] = ("-pk",)
    preload: Callable[[QuerySet], QuerySet] | None = None  # what the items show
    size: int = 20
    # For the e-mail digests, when the list dates its items otherwise (the watch, by
    # its sources' dates): when an item came on the portal, and the newest first by
    # that, so that an item published here today is new whatever its source's date.
    item_arrived: Callable[[Any], Any] | None = None
    arrived_first: tuple[str, ...] = ()

    def arrived(self, item):
        """When ``item`` came on the portal (``item_date`` unless told)."""
        return (self.item_arrived or self.item_date)(item)

    def latest(self, rows: QuerySet) -> list:
        """The ``size`` newest of these (filtered) rows."""
        if self.preload:
            rows = self.preload(rows)
        return list(rows.order_by(*self.newest_first)[: self.size])


FOLLOWABLE_LISTS: Registry[FollowableList] = Registry("followable lists")


# ---------- Searchable kinds ----------


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    link: str
    summary: str


def _nothing(obj) -> list:
    return []


def _no_date(obj) -> None:
    return None


@dataclass(frozen=True)
class SearchableKind:
    """One kind of thing a search across the site finds: its published rows, whose
    queryset's ``search(text)`` is the one its list's text box uses.

    The site's search (``portal/search/``) indexes the rows of ``queryset()`` (and
    only those: published and public) with what the other callables give, all plain
    text: ``title`` (weighs most), ``summary`` (shown under the title), ``body`` (the
    rest of the text), the ``departments`` (INSEE codes) and ``orientations``
    (numbers, as strings) the item is about, for the facets, and its ``date``.
    ``preload`` adds what those read (``prefetch_related("orientations")``) when a
    whole kind is indexed at once. ``model`` is the table whose saves and deletions
    re-index an item (the queryset's own unless told).
    """

    key: str
    label: str  # plural, for a results heading ("Projets")
    queryset: Callable[[], QuerySet]
    title: Callable[[Any], str] = str
    link: Callable[[Any], str] = _absolute_url
    summary: Callable[[Any], str] = lambda obj: ""
    body: Callable[[Any], str] = lambda obj: ""
    departments: Callable[[Any], Iterable[str]] = _nothing
    orientations: Callable[[Any], Iterable[Any]] = _nothing
    date: Callable[[Any], Any] = _no_date
    preload: Callable[[QuerySet], QuerySet] | None = None

    @property
    def model(self):
        return self.queryset().model

    def indexed(self) -> QuerySet:
        """The rows the site's search indexes, with what they read preloaded."""
        rows = self.queryset()
        return self.preload(rows) if self.preload else rows

    def search(self, words: str) -> QuerySet:
        """The published rows matching the words, as the list finds them (the text
        bounded as every list's text box is: ``scoran.lib.lists.search_words``)."""
        return self.queryset().search(words)

    def result(self, obj) -> SearchResult:
        return SearchResult(self.key, self.title(obj), self.link(obj), self.summary(obj))


SEARCHABLE_KINDS: Registry[SearchableKind] = Registry("searchable kinds")


def search(kind: str, words: str) -> list[SearchResult]:
    """The results of one kind for these words."""
    entry = SEARCHABLE_KINDS[kind]
    return [entry.result(obj) for obj in entry.search(words)]


# ---------- Personal data ----------


class OnDelete(enum.Enum):
    """What deleting an account does to a field holding a person's data."""

    ERASE = "erase"  # the row goes with the account
    DETACH = "detach"  # the row stays, without the person (set to NULL or blanked)
    KEEP = "keep"  # kept as it is: a public function address, published on purpose


@dataclass(frozen=True)
class PersonalData:
    """A feature's part of a person's data.

    ``fields`` declares every field of the feature holding a person's data
    (``"app_label.Model.field"``: a link to the account or an e-mail address) with
    what deleting the account does to it. A link to the account may rely on its
    ``on_delete`` (CASCADE erases, SET_NULL detaches); anything else is done by
    ``erase``, called with the account before it is deleted. ``export`` returns the
    part of the download under ``key`` (JSON-ready), or is None when the feature
    holds nothing worth giving back. ``order`` places the part in the download (the
    account first).
    """

    key: str
    fields: Mapping[str, OnDelete]
    export: Callable[[Any], Any] | None = None
    erase: Callable[[Any], None] | None = None
    order: int = 100


PERSONAL_DATA: Registry[PersonalData] = Registry("personal data")


def isoformat(moment) -> str | None:
    """A date or time of the download (None stays None)."""
    return moment.isoformat() if moment else None


def history_steps(
    history_model, *, of: str, label: str, related: tuple[str, ...] = ()
) -> Callable[[Any], list[dict]]:
    """The export of the steps a person took in the history of a moderated kind
    (``scoran.lib.moderation.HistoryEntry``): ``of`` names the row's object, ``label``
    its key in the download ("projet", "structure"…), ``related`` what the object's
    name reads besides (``"report__commune"``), fetched in the same query."""

    def export(user) -> list[dict]:
        return [
            {
                label: str(getattr(step, of)),
                "etape": step.get_action_display(),
                "le": isoformat(step.at),
                "message": step.message,
            }
            for step in history_model.objects.filter(by=user).select_related(of, *related)
        ]

    return export


def export_personal_data(user) -> dict:
    """Every feature's part of the download, in their order."""
    entries = sorted(PERSONAL_DATA, key=lambda entry: entry.order)
    return {entry.key: entry.export(user) for entry in entries if entry.export}


def erase_personal_data(user) -> None:
    """What each feature erases or detaches itself before the account is deleted
    (call it in the transaction that deletes the account)."""
    for entry in PERSONAL_DATA:
        if entry.erase:
            entry.erase(user)


def declared_personal_fields() -> dict[str, tuple[OnDelete, PersonalData]]:
    """``"app_label.Model.field"`` → (what deletion does, the entry declaring it)."""
    return {
        name: (policy, entry) for entry in PERSONAL_DATA for name, policy in entry.fields.items()
    }


# ---------- Reportable kinds ----------


def lookup_by_pk(queryset: Callable[[], QuerySet]) -> Callable[[str], Any]:
    """A ``ReportableKind.lookup`` for items keyed by their primary key: the row of
    ``queryset()`` (the public rows) with this key, None for anything else (a key
    that is not a number, an unknown or unpublished row)."""

    def lookup(key: str):
        # ASCII only: int() would read fullwidth digits too.
        if not (key.isascii() and key.isdigit()) or len(key) > 18:
            return None
        return queryset().filter(pk=int(key)).first()

    return lookup


@dataclass(frozen=True)
class ReportableKind:
    """Something visitors may report an error on ("Signaler une erreur"): a place, a
    project, a commune's figures…

    ``lookup(key)`` returns the public item of that key, or None (unknown, hidden,
    unpublished or malformed key: the form answers 404). ``key_of`` gives an item's
    key (its primary key unless told: a commune's figures are keyed by INSEE code).
    ``page(key)`` is where a curator sees the item from the queue, computed from
    the key alone (no query: one per row of the admin's list otherwise).
    """

    key: str
    label: str  # with its article, after "sur" ("le lieu", "la structure")
    lookup: Callable[[str], Any]
    page: Callable[[str], str]
    key_of: Callable[[Any], str] = lambda obj: str(obj.pk)
    title: Callable[[Any], str] = str
    link: Callable[[Any], str] = _absolute_url


REPORTABLE_KINDS: Registry[ReportableKind] = Registry("reportable kinds")

# The form reporting an error (directory/reports/urls.py, under the root URLconf's
# "reports" namespace); pages of every app link to it through ``report_url``.
REPORT_URL_NAME = "reports:report"


def report_url(kind: str, obj) -> str:
    """The address of the form reporting an error on ``obj``, an item of ``kind``
    ("" when the kind takes no reports)."""
    entry = REPORTABLE_KINDS.get(kind)
    if entry is None:
        return ""
    return reverse(REPORT_URL_NAME, kwargs={"kind": kind, "key": entry.key_of(obj)})


# ---------- Curated kinds (freshness) ----------


@dataclass(frozen=True)
class CuratedKind:
    """A kind of item whose owners are reminded, once a week, of those "à vérifier"
    (``scoran.lib.freshness``).

    ``queryset()`` gives the items owners keep (a ``CuratedQuerySet``);
    ``owners(items)`` the (item, e-mail address) pairs of the people who keep them
    (the agents of each item's organisation: ``directory.freshness.agents_of``);
    ``link(item)`` where an owner confirms or edits the item.
    """

    key: str
    label: str  # plural, for a heading of the reminder ("Projets")
    queryset: Callable[[], QuerySet]
    owners: Callable[[QuerySet], Iterable[tuple[Any, str]]]
    link: Callable[[Any], str] = _absolute_url
    title: Callable[[Any], str] = str


CURATED_KINDS: Registry[CuratedKind] = Registry("curated kinds")


def no_owners(items) -> list:
    """``CuratedKind.owners`` of a kind only curators keep, in the admin (no
    organisation owns its items): nobody is reminded; the admin's « à vérifier »
    filter lists those due."""
    return []


# ---------- Checked links (freshness) ----------


@dataclass(frozen=True)
class CheckedLinks:
    """External links of one kind checked weekly: the URL fields (single URLs or
    arrays of them) of its published items. Broken ones are shown to curators,
    never deleted."""

    key: str
    label: str  # singular ("projet")
    queryset: Callable[[], QuerySet]  # the published items
    fields: tuple[str, ...]
    title: Callable[[Any], str] = str
    link: Callable[[Any], str] = _absolute_url


CHECKED_LINKS: Registry[CheckedLinks] = Registry("checked links")


# ---------- Agents' spaces ----------


@dataclass(frozen=True)
class AgentSpace:
    """What an organisation's agents keep from their account page: a list of their
    organisations' items (drafts, reviews, messages) and the form proposing one, for
    each kind agents propose (projects, resources, aides…)."""

    key: str
    title: str  # the heading on the account page ("Mes projets")
    list_label: str  # the link to the list ("Les projets de mes structures")
    description: str  # after the link
    list_url_name: str
    create_label: str  # "Proposer un projet"
    create_url_name: str
    order: int = 100

    @property
    def list_url(self) -> str:
        return reverse(self.list_url_name)

    @property
    def create_url(self) -> str:
        return reverse(self.create_url_name)


AGENT_SPACES: Registry[AgentSpace] = Registry("agents' spaces")


def agent_spaces() -> list[AgentSpace]:
    """Every agents' space, in their order."""
    return sorted(AGENT_SPACES, key=lambda space: (space.order, space.key))
