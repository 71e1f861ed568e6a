"""The fields « groupe de travail » and « visibilité » of the agents' forms of a
meeting (event) and a document (resource)."""

from django import forms

from directory.models import Visibility

from .access import MEMBERS_ONLY_WITHOUT_GROUP, NOT_A_MEMBER, groups_of


def set_group_fields(form: forms.ModelForm, user) -> None:
    """Offer the groups the person may choose (a forged choice is a French error)."""
    field = form.fields["working_group"]
    field.queryset = groups_of(user, current_id=form.instance.working_group_id)
    field.empty_label = "Aucun groupe"
    field.error_messages["invalid_choice"] = NOT_A_MEMBER
    field.help_text = (
        "Les groupes dont vous êtes membre ; ses membres sont prévenus par courriel de "
        "la publication."
    )
    visibility = form.fields["visibility"]
    visibility.widget = forms.RadioSelect(choices=Visibility.choices)
    visibility.required = False  # none chosen: public
    visibility.help_text = "« Réservé aux membres » : un contenu d'un groupe de travail seulement."


def clean_group_fields(form: forms.ModelForm, cleaned: dict) -> None:
    """Public unless said otherwise; members-only needs a group (said next to
    « visibilité », unless the group chosen was already refused)."""
    if "visibility" in cleaned and not cleaned["visibility"]:
        cleaned["visibility"] = Visibility.PUBLIC
    members_only = cleaned.get("visibility") == Visibility.MEMBERS
    if members_only and not cleaned.get("working_group") and "working_group" not in form.errors:
        form.add_error("visibility", MEMBERS_ONLY_WITHOUT_GROUP)
