"""Forms of the agents' resource pages: the resource's description and a version
with its files. The services save and check the files; the forms say in French,
next to the field, what is wrong. Everything works without JavaScript."""

from django import forms
from django.core.exceptions import ValidationError

from directory.projects.agent_forms import GroupedCheckboxes, TerritoryField
from observatories.models import EPCI, Department
from scoran.lib.fields import WebAddressFormField
from strategy.models import ActionTrack, Orientation

from ..groups.forms import clean_group_fields, set_group_fields
from ..models import Resource, ResourceVersion
from .services import CONTENT_FIELDS, CONTENT_RELATIONS, FILES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResourceForm(forms.ModelForm):
    epcis = TerritoryField(
        model=EPCI,
        code_field="siren",
        noun="intercommunalités",
        code_name="SIREN",
        label="Intercommunalités (EPCI) concernées",
        help_text="Noms ou SIREN, séparés par des points-virgules ; aucune : tout le département.",
    )

    class Meta:
        model = Resource
        fields = [*CONTENT_FIELDS, "orientations", "action_tracks", "departments"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "date": DATE,
            "orientations": forms.CheckboxSelectMultiple,
            "action_tracks": GroupedCheckboxes,
            "departments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_group_fields(self, user)
        if organisations is not None and len(organisations) > 1:
            self.fields = {
                "organisation": forms.ModelChoiceField(
                    label="Structure autrice",
                    queryset=type(organisations[0]).objects.filter(
                        pk__in=[o.pk for o in organisations]
                    ),
                    empty_label="Choisir une de vos structures",
                ),
                **self.fields,
            }
        self.fields["orientations"].queryset = Orientation.objects.only("number", "title")
        self.fields["departments"].queryset = Department.objects.only("code", "name")
        tracks = self.fields["action_tracks"]
        groups: dict[str, list] = {}
        for track in ActionTrack.objects.select_related("orientation").only(
            "position", "title", "orientation__number", "orientation__title"
        ):
            groups.setdefault(str(track.orientation), []).append(
                (track.pk, f"{track.code} – {track.title}")
            )
        tracks.choices = list(groups.items())
        if self.instance.pk:
            self.initial["epcis"] = list(self.instance.epcis.all())

    def clean(self):
        cleaned = super().clean()
        clean_group_fields(self, cleaned)
        return cleaned

    def values(self) -> dict:
        return {
            field: self.cleaned_data[field]
            for field in (*CONTENT_FIELDS, *CONTENT_RELATIONS)
            if field in self.cleaned_data
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; each checked by extension and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": FILES.accept_attribute}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(FILES.check(super().clean(upload, initial)))
            except ValidationError as error:
                errors += [f"« {upload.name} » : {message}" for message in error.messages]
        if errors:
            raise ValidationError(errors)
        return checked


class VersionForm(forms.ModelForm):
    external_url = WebAddressFormField(
        label="Lien externe",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=ResourceVersion._meta.get_field("external_url").help_text,
    )
    files = MultipleFileField(
        label="Fichiers",
        required=False,
        help_text=f"{FILES.accepted} ; le premier est celui du lien permanent.",
    )

    class Meta:
        model = ResourceVersion
        fields = ["label", "date", "notes", "external_url", "files"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, resource=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        if resource is not None:
            self.instance.resource = resource
        else:  # the first version, proposed with the resource
            self.fields["label"].initial = "1.0"

    def _post_clean(self):
        # The resource is not saved yet when the first version is proposed: its
        # uniqueness is checked by the service.
        if self.resource is not None:
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("external_url") and not self.errors:
            raise ValidationError("Déposez au moins un fichier ou donnez un lien externe.")
        return cleaned

    def version(self) -> dict:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "day": data["date"],
            "notes": data["notes"],
            "external_url": data["external_url"],
            "files": data["files"],
        }
