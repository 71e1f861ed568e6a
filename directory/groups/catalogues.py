"""What the working groups offer the site: their section (menu, site map, sitemap),
the followable list of their public news, groups and public news to search, the
agents' space « Mes groupes de travail », the sections of orientation and
organisation pages, and a person's part of their data (their places in groups, the
news they wrote). Members-only news reach none of these. Also: a person's places
in groups stop naming an organisation they left (``services.no_longer_for``)."""

from django.conf import settings

from scoran.lib.catalogues import (
    AGENT_SPACES,
    FOLLOWABLE_LISTS,
    PERSONAL_DATA,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    AgentSpace,
    OnDelete,
    PersonalData,
    SearchableKind,
    SiteSection,
    isoformat,
)
from strategy.sections import ORIENTATION_SECTIONS, Section

from ..models import GroupMembership, GroupNews, WorkingGroup
from ..organisations.sections import register_section
from .feeds import NEWS
from .selectors import organisation_groups, orientation_groups
from .services import follow_organisation_memberships
from .sitemaps import GroupSitemap

SECTION = SiteSection(
    key="groupes",
    title="Groupes de travail",
    menu_title="Groupes",
    url_name="groups:list",
    description="Les groupes de travail thématiques et collaboratifs : ouverture des "
    "données, couverture mobile, inclusion numérique…",
    order=69,  # after the agenda (67) and the watch (68)
    in_menu=True,
    sitemap=GroupSitemap,
)

SEARCH_GROUPS = SearchableKind(
    key="groupes",
    label="Groupes de travail",
    queryset=lambda: WorkingGroup.objects.all(),
    title=lambda group: group.name,
    summary=lambda group: group.theme,
    body=lambda group: group.description,
    orientations=lambda group: [o.number for o in group.orientations.all()],
    date=lambda group: group.updated_at,
    preload=lambda rows: rows.prefetch_related("orientations"),
)

SEARCH_NEWS = SearchableKind(
    key="groupes-nouvelles",
    label="Nouvelles des groupes de travail",
    queryset=lambda: GroupNews.objects.public().select_related("group"),
    title=lambda news: news.title,
    summary=lambda news: f"{news.group.name} – {news.body[:300]}",
    body=lambda news: news.body,
    orientations=lambda news: [o.number for o in news.group.orientations.all()],
    date=lambda news: news.published_at,
    preload=lambda rows: rows.prefetch_related("group__orientations"),
)


def _memberships(user) -> list[dict]:
    return [
        {
            "groupe": m.group.name,
            "adresse": settings.SITE_URL + m.group.get_absolute_url(),
            "etape": m.get_status_display(),
            "role": m.get_role_display(),
            "structure_representee": m.organisation.name if m.organisation else None,
            "message": m.message,
            "courriels_du_groupe": m.notify,
            "demande_ou_invitation_le": isoformat(m.created_at),
            "membre_depuis_le": isoformat(m.joined_at),
        }
        for m in GroupMembership.objects.filter(user=user).select_related("group", "organisation")
    ]


def _news(user) -> list[dict]:
    return [
        {
            "groupe": news.group.name,
            "titre": news.title,
            "texte": news.body,
            "visibilite": news.get_visibility_display(),
            "publiee_le": isoformat(news.published_at),
        }
        for news in GroupNews.objects.filter(author=user).select_related("group")
    ]


PERSONAL = [
    # One's places in groups go with the account; the decisions and invitations of a
    # lead stay on the others' rows, without the lead.
    PersonalData(
        key="groupes_de_travail",
        fields={
            "directory.GroupMembership.user": OnDelete.ERASE,
            "directory.GroupMembership.invited_by": OnDelete.DETACH,
            "directory.GroupMembership.decided_by": OnDelete.DETACH,
        },
        export=_memberships,
    ),
    # The news stay in their group, without their author.
    PersonalData(
        key="nouvelles_de_groupes",
        fields={"directory.GroupNews.author": OnDelete.DETACH},
        export=_news,
    ),
]

AGENT_SPACE = AgentSpace(
    key="groupes",
    title="Mes groupes de travail",
    list_label="Mes groupes, invitations et demandes",
    description="les groupes dont vous êtes membre et leurs courriels.",
    list_url_name="groups:mine",
    create_label="Trouver un groupe à rejoindre",
    create_url_name="groups:list",
    order=45,
)

ORIENTATION = Section(
    key="groupes",
    title="Groupes de travail",
    template="directory/groups/includes/rows.html",
    rows=orientation_groups,
)
ORGANISATION = Section(
    key="groupes",
    title="Groupes de travail",
    template="directory/groups/includes/rows.html",
    rows=organisation_groups,
)


def register() -> None:
    follow_organisation_memberships()
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(NEWS.key, NEWS)
    for kind in (SEARCH_GROUPS, SEARCH_NEWS):
        SEARCHABLE_KINDS.register(kind.key, kind)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
    ORIENTATION_SECTIONS.register(ORIENTATION)
    register_section(ORGANISATION)
