"""The agents' form of a watch item: the proposing organisation among the person's
organisations, a summary in plain text or Markdown, a link out in http(s), the date
of the news (not in the future)."""

from django import forms
from django.utils import timezone

from strategy.models import Orientation

from ..models import WatchItem

FIELDS = [
    "organisation",
    "title",
    "link",
    "source_name",
    "published_on",
    "summary_text",
    "orientations",
]
SUMMARY_MAX_CHARS = 2000


def _url_field(field, **kwargs):
    if field.name == "link":
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class WatchItemForm(forms.ModelForm):
    summary_text = forms.CharField(
        label="Résumé",
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Quelques lignes ({SUMMARY_MAX_CHARS} caractères au plus), en texte simple "
        "ou en Markdown ; le HTML est affiché tel quel, jamais interprété.",
    )

    class Meta:
        formfield_callback = _url_field
        model = WatchItem
        fields = FIELDS
        labels = {
            "published_on": "Date de l'information",
            "link": "Lien vers l'information",
        }
        help_texts = {
            "title": "Le titre de l'article ou de l'annonce.",
            "link": "L'adresse de la page qui publie l'information (https://…).",
            "source_name": "Le site, le journal ou l'organisme qui la publie.",
        }
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "orientations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self.fields["organisation"].empty_label = "Choisir une de vos structures"
        self.fields["published_on"].required = True
        self.fields["orientations"].queryset = Orientation.objects.only("number", "title")

    def clean_published_on(self):
        moment = self.cleaned_data["published_on"]
        if moment and timezone.localdate(moment) > timezone.localdate():
            raise forms.ValidationError("La date de l'information ne peut pas être à venir.")
        return moment

    def _post_clean(self):
        # The model's checks run in the services (``full_clean``), once, as a whole.
        pass

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation")
        data.pop("orientations")
        return data
