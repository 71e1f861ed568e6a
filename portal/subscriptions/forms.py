from django import forms

from ..models.subscriptions import QUERY_MAX_LENGTH, Frequency


class SubscribeForm(forms.Form):
    """An address and a frequency; the list's filters ride along, hidden, as the
    list page's query string (checked by the list's filter set in the service)."""

    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Un courriel vous demandera de confirmer avant tout envoi.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label="Fréquence",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    filtres = forms.CharField(required=False, max_length=QUERY_MAX_LENGTH, widget=forms.HiddenInput)

    def clean_email(self):
        email = self.cleaned_data["email"]
        # EmailField refuses line breaks already; an address that would end in a
        # header as two lines never reaches a message.
        if any(char in email for char in "\r\n\0,;<>"):
            raise forms.ValidationError("Saisissez une adresse électronique valide.")
        return email


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label="Fréquence", choices=Frequency.choices)
