from django import forms

from ..models import GroupMembership, GroupNews, Organisation, Visibility

MESSAGE_MAX_LENGTH = 2000
NEWS_MAX_LENGTH = 20_000


class OrganisationChoiceMixin:
    """The organisation the person represents in the group: one of theirs, chosen
    when they have several (the only one otherwise, without asking)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(memberships__user=user).order_by("name")
        self.fields["organisation"].queryset = organisations
        self.organisations = list(organisations)
        if len(self.organisations) == 1:
            self.fields["organisation"].initial = self.organisations[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()


def _organisation_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Structure que vous représentez",
        queryset=Organisation.objects.none(),
        empty_label="Choisir une de vos structures",
        error_messages={
            "required": "Choisissez la structure que vous représentez.",
            "invalid_choice": "Choisissez une structure dont vous êtes membre.",
        },
    )


class JoinRequestForm(OrganisationChoiceMixin, forms.Form):
    organisation = _organisation_field()
    message = forms.CharField(
        label="Votre message aux animateurs (facultatif)",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce que vous attendez du groupe, ce que vous pouvez y apporter.",
    )


class AcceptInvitationForm(OrganisationChoiceMixin, forms.Form):
    organisation = _organisation_field()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique du compte de la personne",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="La personne doit avoir un compte sur l'espace et faire partie d'une "
        "structure de l'annuaire.",
    )
    message = forms.CharField(
        label="Message joint à l'invitation (facultatif)",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=GroupMembership.Role.choices)


class NotifyForm(forms.Form):
    notify = forms.TypedChoiceField(
        label="Courriels du groupe",
        choices=[("1", "Recevoir"), ("0", "Ne plus recevoir")],
        coerce=lambda value: value == "1",
    )


class NewsForm(forms.Form):
    """A news item, as its leads write it (the service checks it as the model does)."""

    title = forms.CharField(label="Titre", max_length=GroupNews._meta.get_field("title").max_length)
    body = forms.CharField(
        label="Texte",
        max_length=NEWS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown : une ligne vide entre deux paragraphes, « - » en début de "
        "ligne pour une liste, [texte](https://…) pour un lien.",
    )
    visibility = forms.ChoiceField(
        label="Visibilité",
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text="Une nouvelle réservée aux membres n'apparaît nulle part ailleurs : ni "
        "dans la liste des groupes, ni dans les flux, ni dans la recherche.",
    )

    @classmethod
    def of(cls, news: GroupNews, data=None) -> "NewsForm":
        """The form of an existing item, filled with it."""
        initial = {"title": news.title, "body": news.body, "visibility": news.visibility}
        return cls(data, initial=initial)
