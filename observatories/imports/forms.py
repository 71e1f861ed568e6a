from django import forms

from ..importing.uploads import check_upload
from ..models import ImportUpload


class ImportUploadForm(forms.ModelForm):
    class Meta:
        model = ImportUpload
        fields = ["file", "source"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload
