from django import forms
from django.core.files.uploadedfile import UploadedFile

from observatories.models import Commune
from strategy.models import Orientation

from ..images import reencode_logo
from ..models import Membership, Organisation
from ..validators import normalise_identifier

# ---------- Organisations ----------


class LogoFormMixin:
    """Uploaded logos are checked by content and re-encoded (see ``images``)."""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return reencode_logo(logo)
        return logo


class OrganisationAdminForm(LogoFormMixin, forms.ModelForm):
    """The curators' form. « Publiée » is not a column: the admin turns its change
    into a move of the moderation (``transition()``), kept in the history."""

    is_published = forms.BooleanField(
        label="publiée", required=False, help_text="Visible de tous dans l'annuaire."
    )

    class Meta:
        model = Organisation
        fields = ("slug", "is_published", *Organisation.PROFILE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_published"].initial = self.instance.is_published


def _identifier_field(model_field: str) -> forms.CharField:
    """SIREN / SIRET as people type them (with spaces): the model checks the digits."""
    field = Organisation._meta.get_field(model_field)
    return forms.CharField(
        label=field.verbose_name,
        help_text=field.help_text,
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class OrganisationProfileForm(LogoFormMixin, forms.ModelForm):
    siren = _identifier_field("siren")
    siret = _identifier_field("siret")
    remove_logo = forms.BooleanField(label="Retirer le logo actuel", required=False)

    class Meta:
        model = Organisation
        fields = Organisation.PROFILE_FIELDS
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 8}),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        }
        help_texts = {
            "logo": "Image PNG, JPEG, WebP ou GIF de 2 Mo au plus ; elle est réduite à "
            "400 pixels de côté.",
            "description": "Une ligne vide entre deux paragraphes ; « - » en début de ligne "
            "pour une liste.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.only("code", "name").order_by(
            "name", "code"
        )
        self.fields["commune"].empty_label = "Choisir une commune"
        self.fields["themes"].queryset = Orientation.objects.only("number", "title")
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_siren(self):
        return normalise_identifier(self.cleaned_data["siren"])

    def clean_siret(self):
        return normalise_identifier(self.cleaned_data["siret"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_logo") and not isinstance(cleaned.get("logo"), UploadedFile):
            cleaned["logo"] = False
        return cleaned

    def profile_values(self) -> dict:
        return {field: self.cleaned_data[field] for field in Organisation.PROFILE_FIELDS}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Rôle", choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Votre message à l'équipe d'animation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Votre fonction dans la structure, par exemple : cela aide à vérifier "
        "votre demande.",
    )
