"""Forms of the agents' project pages. Plain forms whose fields come from the model
(labels, limits, help texts): the services save, the forms only check and say in
French, next to the field, what is wrong. Everything works without JavaScript."""

import re

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from observatories.models import EPCI, Commune, Department
from strategy.models import ActionTrack, Orientation

from ..images import reencode_project_image
from ..models import Organisation, Project, ProjectImage
from .documents import ACCEPT_ATTRIBUTE, check_document
from .services import FOLLOW_UP_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})


def _model_rules(form: forms.Form) -> None:
    """The model fields' own validators (a percentage up to 100, amounts from 0),
    which form fields made from them do not all carry."""
    for name, value in list(form.cleaned_data.items()):
        if name in form.errors or value in (None, "", []):
            continue
        try:
            model_field = Project._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.concrete and not model_field.many_to_many:
            try:
                model_field.run_validators(value)
            except ValidationError as error:
                form.add_error(name, error)


def _date_errors(form: forms.Form, fields) -> None:
    """The model's rules on the order of dates, on the form's fields."""
    values = {field: form.cleaned_data.get(field) for field in fields}
    try:
        Project(**values).clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, messages)


def _https_urls(model_field, **kwargs):
    """A web address typed without its scheme ("example.fr") becomes https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group (the pistes of each orientation)."""

    template_name = "directory/project_agents/widgets/grouped_checkboxes.html"


class TerritoryField(forms.CharField):
    """Communes, EPCI or departments typed by code or by name, separated by « ; »,
    commas or new lines; « Dijon (21231) », as the page shows them, works too.
    Cleans to the list of objects, or says which entries were not understood."""

    CODE = re.compile(r"[0-9][0-9AB][0-9]*")
    NAMED = re.compile(r"(?P<name>.*?)\s*\((?P<code>[0-9][0-9AB][0-9]*)\)")

    def __init__(self, *, model, code_field: str, noun: str, code_name: str, **kwargs):
        self.model, self.code_field, self.noun, self.code_name = model, code_field, noun, code_name
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def label_of(self, obj) -> str:
        return f"{obj.name} ({getattr(obj, self.code_field)})"

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return " ; ".join(self.label_of(obj) for obj in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        entries = [entry.strip() for entry in re.split(r"[;,\n]", text or "") if entry.strip()]
        if not entries:
            return []
        wanted = []
        for entry in entries:
            if named := self.NAMED.fullmatch(entry):
                wanted.append((entry, named["code"], None))
            elif self.CODE.fullmatch(entry.upper()):
                wanted.append((entry, entry.upper(), None))
            else:
                wanted.append((entry, None, entry.lower()))
        codes = {code for _, code, _ in wanted if code}
        names = {name for _, _, name in wanted if name}
        found = list(
            self.model.objects.annotate(lower_name=Lower("name"))
            .filter(Q(**{f"{self.code_field}__in": codes}) | Q(lower_name__in=names))
            .order_by(self.code_field)
        )
        by_code = {getattr(obj, self.code_field): obj for obj in found}
        by_name: dict[str, list] = {}
        for obj in found:
            by_name.setdefault(obj.lower_name, []).append(obj)
        result, errors = [], []
        for entry, code, name in wanted:
            matches = [by_code[code]] if code in by_code else by_name.get(name, [])
            if len(matches) == 1:
                if matches[0] not in result:
                    result.append(matches[0])
            elif matches:
                errors.append(
                    ValidationError(
                        "« %(entry)s » : plusieurs %(noun)s portent ce nom (%(choices)s) ; "
                        "indiquez le %(code_name)s.",
                        params={
                            "entry": entry,
                            "noun": self.noun,
                            "choices": ", ".join(self.label_of(obj) for obj in matches),
                            "code_name": self.code_name,
                        },
                    )
                )
            else:
                errors.append(
                    ValidationError(
                        "« %(entry)s » n'est pas reconnu : indiquez le nom exact ou le "
                        "%(code_name)s.",
                        params={"entry": entry, "code_name": self.code_name},
                    )
                )
        if errors:
            raise ValidationError(errors)
        return result


class ProjectForm(forms.Form):
    """What an agent writes about a project; the carrier is chosen among the person's
    organisations when there are several (creation only)."""

    partners = forms.ModelMultipleChoiceField(
        label="Partenaires présents dans l'annuaire",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communes = TerritoryField(
        model=Commune,
        code_field="code",
        noun="communes",
        code_name="code INSEE",
        label="Communes concernées",
        help_text="Noms ou codes INSEE, séparés par des points-virgules, par exemple : "
        "Dijon ; 25056.",
    )
    epcis = TerritoryField(
        model=EPCI,
        code_field="siren",
        noun="intercommunalités",
        code_name="SIREN",
        label="Intercommunalités (EPCI) concernées",
        help_text="Noms ou SIREN, séparés par des points-virgules.",
    )
    departments = TerritoryField(
        model=Department,
        code_field="code",
        noun="départements",
        code_name="numéro",
        label="Départements concernés",
        help_text="Noms ou numéros, séparés par des points-virgules, par exemple : 21 ; Doubs.",
    )
    orientations = forms.ModelMultipleChoiceField(
        label="Orientations de la stratégie servies",
        queryset=Orientation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action_tracks = forms.ModelMultipleChoiceField(
        label="Pistes d'action servies",
        queryset=ActionTrack.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text="Regroupées par orientation.",
    )

    def __init__(self, *args, organisations=None, carrier=None, **kwargs):
        super().__init__(*args, **kwargs)
        content = forms.fields_for_model(
            Project,
            fields=Project.CONTENT_FIELDS,
            formfield_callback=_https_urls,
            widgets={
                "description": forms.Textarea(attrs={"rows": 10}),
                "results": forms.Textarea(attrs={"rows": 5}),
                "partner_names": forms.Textarea(attrs={"rows": 3}),
                "start_date": DATE,
                "end_date": DATE,
                "budget": MONEY,
            },
        )
        leading = {}
        if organisations is not None and len(organisations) > 1:
            leading["organisation"] = forms.ModelChoiceField(
                label="Structure porteuse",
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
                empty_label="Choisir une de vos structures",
            )
            leading["organisation"].choices = [("", "Choisir une de vos structures")] + [
                (o.pk, o.name) for o in organisations
            ]
        self.fields = {**leading, **content, **self.fields}
        partners = Organisation.objects.published().only("name").order_by("name")
        if carrier is not None:
            partners = partners.exclude(pk=carrier.pk)
        self.fields["partners"].queryset = partners
        self.fields["orientations"].queryset = Orientation.objects.only("number", "title")
        tracks = self.fields["action_tracks"]
        tracks.queryset = ActionTrack.objects.all()
        groups: dict[str, list] = {}
        for track in ActionTrack.objects.select_related("orientation").only(
            "position", "title", "orientation__number", "orientation__title"
        ):
            groups.setdefault(str(track.orientation), []).append(
                (track.pk, f"{track.code} – {track.title}")
            )
        tracks.choices = list(groups.items())

    @classmethod
    def initial_of(cls, project: Project) -> dict:
        """The form's values for a project (or its revision)."""
        initial = {field: getattr(project, field) for field in Project.CONTENT_FIELDS}
        for field in Project.CONTENT_RELATIONS:
            related = getattr(project, field).all()
            if field in {"partners", "orientations", "action_tracks"}:
                related = related.values_list("pk", flat=True)
            initial[field] = list(related)
        return initial

    def clean(self):
        cleaned = super().clean()
        _model_rules(self)
        _date_errors(self, ["start_date", "end_date"])
        return cleaned

    def values(self) -> dict:
        fields = (*Project.CONTENT_FIELDS, *Project.CONTENT_RELATIONS)
        return {field: self.cleaned_data[field] for field in fields}


class FundingForm(forms.Form):
    funder = forms.CharField(
        label="Financeur", max_length=200, required=False, help_text="Par exemple : Région, FEDER."
    )
    amount = forms.DecimalField(
        label="Montant (€)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=MONEY,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None and not cleaned.get("funder"):
            self.add_error("funder", "Indiquez le financeur de ce montant.")
        return cleaned


class _FileRowForm(forms.Form):
    """A file of the project: an existing one (id, text, removal) or a new upload."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text_field = ""
    file_field = ""
    missing_file = ""
    missing_text = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove"):
            return cleaned
        has_file = bool(cleaned.get(self.file_field)) or self.file_field in self.errors
        if cleaned.get("id") is None and not has_file and cleaned.get(self.text_field):
            self.add_error(self.file_field, self.missing_file)
        needs_text = cleaned.get("id") is not None or has_file
        if needs_text and not cleaned.get(self.text_field) and self.text_field not in self.errors:
            self.add_error(self.text_field, self.missing_text)
        return cleaned

    def item(self) -> dict | None:
        """What the service takes, or None for an empty row or a removed file."""
        data = self.cleaned_data
        if not data or data.get("remove"):
            return None
        if data.get("id") is not None:
            return {"id": data["id"], self.text_field: data[self.text_field]}
        if data.get(self.file_field):
            return {"file": data[self.file_field], self.text_field: data[self.text_field]}
        return None


class ImageForm(_FileRowForm):
    image = forms.FileField(
        label="Image",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        help_text="PNG, JPEG, WebP ou GIF ; elle est réduite à 1600 pixels de côté.",
    )
    alt_text = forms.CharField(
        label=ProjectImage._meta.get_field("alt_text").verbose_name.capitalize(),
        max_length=250,
        required=False,
        help_text=ProjectImage._meta.get_field("alt_text").help_text,
    )
    remove = forms.BooleanField(label="Retirer cette image", required=False)
    text_field, file_field = "alt_text", "image"
    missing_file = "Choisissez l'image à déposer."
    missing_text = "Décrivez l'image : le texte alternatif est obligatoire."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("id") is not None:
            del self.fields["image"]
        else:
            del self.fields["remove"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return reencode_project_image(image)
        return None


class DocumentForm(_FileRowForm):
    file = forms.FileField(
        label="Document",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text="PDF, ODT, ODS, DOCX, XLSX ou CSV.",
    )
    title = forms.CharField(label="Titre du document", max_length=200, required=False)
    remove = forms.BooleanField(label="Retirer ce document", required=False)
    text_field, file_field = "title", "file"
    missing_file = "Choisissez le document à déposer."
    missing_text = "Donnez un titre au document."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("id") is not None:
            del self.fields["file"]
        else:
            del self.fields["remove"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            return check_document(upload)
        return None


FundingFormSet = forms.formset_factory(FundingForm, extra=2, can_delete=False, max_num=50)
ImageFormSet = forms.formset_factory(ImageForm, extra=1, max_num=20, validate_max=True)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, max_num=20, validate_max=True)


def funding_items(formset) -> list[dict]:
    return [
        {"funder": form.cleaned_data["funder"], "amount": form.cleaned_data.get("amount")}
        for form in formset.forms
        if form.cleaned_data.get("funder")
    ]


def file_items(formset) -> list[dict]:
    return [item for form in formset.forms if (item := form.item()) is not None]


class FollowUpForm(forms.Form):
    """The follow-up of a SCORAN action (section 9.4)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = forms.fields_for_model(
            Project,
            fields=FOLLOW_UP_FIELDS,
            widgets={
                "planned_start": DATE,
                "planned_end": DATE,
                "actual_start": DATE,
                "actual_end": DATE,
                "evaluated_on": DATE,
                "budget_planned": MONEY,
                "budget_spent": MONEY,
                "progress": forms.NumberInput(attrs={"min": "0", "max": "100"}),
                "evaluation_comment": forms.Textarea(attrs={"rows": 4}),
            },
        )

    @classmethod
    def initial_of(cls, project: Project) -> dict:
        return {field: getattr(project, field) for field in FOLLOW_UP_FIELDS}

    def clean(self):
        cleaned = super().clean()
        _model_rules(self)
        _date_errors(self, ["planned_start", "planned_end", "actual_start", "actual_end"])
        return cleaned
