"""The standard moderation tables: the five review moves (or the two of publication),
their French words agreed with the kind's gender, each e-mail on its move."""

import pytest

from scoran.lib.moderation import (
    Mail,
    State,
    agreed,
    direct_draft,
    direct_publication,
    publication_transitions,
    review_transitions,
)


def _to(obj) -> list[str]:
    return ["agent@example.org"]


def _table(**kwargs) -> dict:
    moves = review_transitions(permission="app.change_thing", **kwargs)
    return {move.action: move for move in moves}


def test_participles_agree_on_their_first_word_only():
    assert agreed("publié", feminine=False) == "publié"
    assert agreed("publié", feminine=True, plural=True) == "publiée(s)"
    assert agreed("renvoyé pour modifications", feminine=True) == "renvoyée pour modifications"
    assert (
        agreed("renvoyé pour modifications", feminine=False, plural=True)
        == "renvoyé(s) pour modifications"
    )


def test_the_review_table_has_the_five_moves_in_order_with_the_curators_permission():
    moves = review_transitions(
        permission="app.change_thing", feminine=False, selected="les projets sélectionnés", mails={}
    )
    assert [move.action for move in moves] == [
        "submit",
        "publish",
        "request_changes",
        "refuse",
        "unpublish",
    ]
    submit, *decisions = moves
    assert submit.permission is None  # the workflow's may() says which agents submit
    assert {move.permission for move in decisions} == {"app.change_thing"}
    assert submit.sources == {State.DRAFT, State.CHANGES_REQUESTED}
    assert submit.target == State.SUBMITTED
    assert [move.sources for move in decisions[:3]] == [{State.SUBMITTED}] * 3
    assert [move.target for move in decisions] == [
        State.PUBLISHED,
        State.CHANGES_REQUESTED,
        State.REFUSED,
        State.DRAFT,
    ]
    assert [move.history for move in moves] == [
        "submitted",
        "published",
        "changes_requested",
        "refused",
        "unpublished",
    ]


def test_masculine_words():
    table = _table(feminine=False, selected="les projets sélectionnés", mails={})
    assert table["publish"].refusal == (
        "« %(title)s » n'est pas en attente de relecture : il ne peut pas être publié."
    )
    assert table["request_changes"].done == "renvoyé(s) pour modifications"
    assert table["refuse"].done == "refusé(s)"
    assert table["refuse"].bulk == "Refuser les projets sélectionnés"
    assert table["unpublish"].refusal == (
        "« %(title)s » n'est pas publié : il ne peut pas être dépublié."
    )
    assert table["unpublish"].done == "dépublié(s)"
    assert table["unpublish"].bulk == ""
    assert table["submit"].refusal == "« %(title)s » ne peut pas être soumis dans son état."


def test_feminine_words():
    table = _table(feminine=True, selected="les aides sélectionnées", mails={}, bulk_unpublish=True)
    assert table["publish"].done == "publiée(s)"
    assert table["publish"].bulk == "Publier les aides sélectionnées"
    assert table["request_changes"].refusal == (
        "« %(title)s » n'est pas en attente de relecture : elle ne peut pas être renvoyée "
        "pour modifications."
    )
    assert table["request_changes"].bulk == (
        "Demander des modifications pour les aides sélectionnées"
    )
    assert table["request_changes"].message_required
    assert table["refuse"].refusal.endswith("elle ne peut pas être refusée.")
    assert table["unpublish"].refusal == (
        "« %(title)s » n'est pas publiée : elle ne peut pas être dépubliée."
    )
    assert table["unpublish"].done == "dépubliée(s)"
    assert table["unpublish"].bulk == "Dépublier les aides sélectionnées"
    assert table["submit"].refusal == "« %(title)s » ne peut pas être soumise dans son état."


def test_each_mail_goes_on_its_move_and_a_move_without_one_sends_none():
    submitted, refused = Mail("a/submitted.txt", to=_to), Mail("a/refused.txt", to=_to)
    table = _table(
        feminine=True,
        selected="les ressources sélectionnées",
        mails={"submit": submitted, "refuse": refused},
    )
    assert table["submit"].mail is submitted
    assert table["refuse"].mail is refused
    assert table["publish"].mail is None and table["unpublish"].mail is None


def test_a_mail_for_no_move_is_an_error():
    with pytest.raises(ValueError, match="publish_directly"):
        _table(
            feminine=True,
            selected="les ressources sélectionnées",
            mails={"publish_directly": Mail("a/x.txt", to=_to)},
        )


def test_a_kind_may_publish_from_other_states_with_its_own_refusal():
    table = _table(
        feminine=True,
        selected="les aides sélectionnées",
        mails={},
        publish_sources={State.DRAFT, State.SUBMITTED},
        publish_refusal="« %(title)s » n'est ni un brouillon ni en attente.",
        submit_refusal="Déjà soumise.",
    )
    assert table["publish"].sources == {State.DRAFT, State.SUBMITTED}
    assert table["publish"].refusal == "« %(title)s » n'est ni un brouillon ni en attente."
    assert table["submit"].refusal == "Déjà soumise."
    assert table["request_changes"].sources == {State.SUBMITTED}


def test_the_publication_table_publishes_drafts_and_unpublishes_in_bulk():
    mail = Mail("a/published.txt", to=_to)
    publish, unpublish = publication_transitions(
        permission="app.change_place",
        feminine=False,
        selected="les lieux sélectionnés",
        mails={"publish": mail},
    )
    assert (publish.action, publish.sources, publish.mail) == ("publish", {State.DRAFT}, mail)
    assert publish.refusal == "« %(title)s » est déjà publié."
    assert publish.bulk == "Publier les lieux sélectionnés"
    assert unpublish.bulk == "Dépublier les lieux sélectionnés"
    assert unpublish.mail is None
    assert unpublish.message_label == "Raison (facultative)"
    with pytest.raises(ValueError):
        publication_transitions(permission="p", feminine=True, selected="s", mails={"refuse": mail})


def test_direct_moves_leave_any_other_state_without_review():
    publish = direct_publication("publish_by_import", permission="p", feminine=True)
    draft = direct_draft("draft_by_import", permission="p")
    assert publish.sources == set(State) - {State.PUBLISHED}
    assert publish.refusal == "« %(title)s » est déjà publiée."
    assert (publish.mail, publish.slug, publish.bulk) == (None, "", "")
    assert draft.sources == set(State) - {State.DRAFT}
    assert (draft.target, draft.history) == (State.DRAFT, "unpublished")
