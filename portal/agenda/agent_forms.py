"""The agents' form of an event: its organiser among the person's organisations,
Paris times typed in the browser's date-time fields, its working group among the
person's groups (and whether it is for the group's members only)."""

from django import forms

from ..groups.forms import clean_group_fields, set_group_fields
from ..models import Event

FIELDS = [
    "organisation",
    "title",
    "kind",
    "status",
    "description",
    "start",
    "end",
    "all_day",
    "address",
    "commune",
    "online_url",
    "registration_url",
    "capacity",
    "audiences",
    "orientations",
    "working_group",
    "visibility",
]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _url_field(field, **kwargs):
    if field.name in ("online_url", "registration_url"):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    class Meta:
        formfield_callback = _url_field
        model = Event
        fields = FIELDS
        widgets = {
            "start": DATETIME,
            "end": DATETIME,
            "commune": forms.TextInput,
            "orientations": forms.CheckboxSelectMultiple,
        }
        help_texts = {"commune": "Code INSEE de la commune, par exemple 21231 pour Dijon."}

    def __init__(self, *args, organisations, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        set_group_fields(self, user)
        self.fields["commune"].error_messages["invalid_choice"] = (
            "Aucune commune de la région n'a ce code INSEE."
        )

    def clean(self):
        cleaned = super().clean()
        clean_group_fields(self, cleaned)
        return cleaned

    def _post_clean(self):
        # The model's checks run in the services (``full_clean``), once, as a whole.
        pass

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation")
        data.pop("orientations")
        return data
