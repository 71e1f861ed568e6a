"""Publication of places, through ``scoran.lib.moderation``: curators unpublish a
place (it leaves the site and the indicators) and publish it again, each decision
kept in its history. An imported place is published; the import never changes
its state."""

from scoran.lib.moderation import Workflow, publication_transitions

from ..models import Place, PlaceEvent
from .indicators import refresh_place_indicators

CURATORS = "directory.change_place"


class PlaceWorkflow(Workflow):
    def finish(self, rows: list) -> None:
        # Every change of the places changes the indicators: recomputed in the same
        # transaction, so that pages never show figures of another state of the places.
        refresh_place_indicators()


WORKFLOW = PlaceWorkflow(
    model=Place,
    history=PlaceEvent,
    history_object="place",
    transitions=publication_transitions(
        permission=CURATORS, feminine=False, selected="les lieux sélectionnés", mails={}
    ),
)
