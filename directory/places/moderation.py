"""Publication of places, through ``scoran.lib.moderation``: curators unpublish a
place (it leaves the site and the indicators) and publish it again, each decision
kept in its history. An imported place is published; the import never changes
its state."""

from scoran.lib.moderation import State, Transition, Workflow

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
    transitions=[
        Transition(
            action="publish",
            sources={State.DRAFT},
            target=State.PUBLISHED,
            history=PlaceEvent.Action.PUBLISHED,
            refusal="« %(title)s » est déjà publié.",
            permission=CURATORS,
            slug="publier",
            label="Publier",
            done="publié(s)",
            bulk="Publier les lieux sélectionnés",
        ),
        Transition(
            action="unpublish",
            sources={State.PUBLISHED},
            target=State.DRAFT,
            history=PlaceEvent.Action.UNPUBLISHED,
            refusal="« %(title)s » n'est pas publié : il ne peut pas être dépublié.",
            permission=CURATORS,
            slug="depublier",
            label="Dépublier",
            done="dépublié(s)",
            bulk="Dépublier les lieux sélectionnés",
            message_label="Raison (facultative)",
        ),
    ],
)
