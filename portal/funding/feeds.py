"""The list of aides as a followable list: its Atom feed (``/aides/flux/``) shows
the latest published aides, filtered as the list (not closed, by default)."""

from scoran.lib.catalogues import FollowableList

from ..models import Funding
from ..models.funding import public_funders
from .filters import FundingFilter


def _summary(funding: Funding) -> str:
    funders = ", ".join(funding.all_funder_names)
    return f"{funding.summary} (financée par {funders})" if funders else funding.summary


FUNDINGS = FollowableList(
    key="aides",
    title="Aides et financements – Espace de ressources SCORAN BFC",
    description="Les dernières aides publiées dans le guide des financements.",
    filterset=FundingFilter,
    queryset=Funding.objects.published,
    list_url_name="funding:list",
    feed_url_name="funding:feed",
    item_title=lambda funding: funding.name,
    item_date=lambda funding: funding.published_at,
    item_updated=lambda funding: funding.updated_at,
    item_summary=_summary,
    newest_first=("-published_at", "-pk"),
    preload=lambda rows: rows.prefetch_related(public_funders("name")),
)
