from django.contrib import admin
from django.db import models

from ..models import DataSource
from .tasks import schedule_source


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "publisher", "format", "is_active", "last_checked_at", "consecutive_failures",
    ]  # fmt: skip
    list_filter = ["is_active", "publisher"]
    search_fields = ["name", "slug", "publisher"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["etag", "last_modified", "last_checked_at", "consecutive_failures"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if obj.is_active:
            obj.disabled_reason = ""
            obj.consecutive_failures = (
                0 if "is_active" in form.changed_data else obj.consecutive_failures
            )
        super().save_model(request, obj, form, change)
        schedule_source(obj)  # the nightly job follows the source (URL, active)
