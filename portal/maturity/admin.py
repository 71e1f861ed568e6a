"""Curators' side of the maturity self-assessment: the answers, read only (what the
respondent chose, question by question, and the scores), and the contacts left,
read only too; both may be deleted (a script's answers, a contact to erase on
request)."""

from django.contrib import admin
from django.utils.html import format_html_join

from ..models import MaturityAnswer, MaturityContact
from ..models.maturity import SCORE_FIELDS
from .questionnaire import QUESTIONS


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seen, never written, from the admin."""

    def has_add_permission(self, request, obj=None):
        return False  # answered on /maturite/questionnaire/

    def has_change_permission(self, request, obj=None):
        return False


class ContactInline(admin.StackedInline):
    model = MaturityContact
    extra = 0
    max_num = 0
    fields = ["email", "consent", "consented_at"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MaturityAnswer)
class MaturityAnswerAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "department",
        "sector",
        "size",
        "kind",
        *SCORE_FIELDS.values(),
        "is_demo",
    ]
    list_filter = ["department", "sector", "size", "kind", "version", "is_demo"]
    list_select_related = ["department"]
    date_hierarchy = "answered_on"
    fieldsets = [
        (None, {"fields": ["answered_on", "version", "is_demo"]}),
        ("Profil", {"fields": ["department", "sector", "size", "kind"]}),
        ("Scores (sur 100)", {"fields": list(SCORE_FIELDS.values())}),
        ("Réponses", {"fields": ["choices"]}),
    ]
    readonly_fields = [field for _, options in fieldsets for field in options["fields"]]
    inlines = [ContactInline]

    @admin.display(description="réponses choisies")
    def choices(self, obj):
        rows = []
        for key, value in sorted(obj.answers.items()):
            question = QUESTIONS.get(key)
            if question is None or value not in question.choice_keys():
                rows.append((key, value))  # an older version's question
                continue
            rows.append((question.text, question.choices[int(value)]))
        return format_html_join("", "<p><strong>{}</strong><br>{}</p>", rows)


@admin.register(MaturityContact)
class MaturityContactAdmin(ReadOnlyAdmin):
    list_display = ["email", "answer", "consented_at"]
    list_select_related = ["answer"]
    search_fields = ["email"]
    fields = ["answer", "email", "consent", "consented_at"]
    readonly_fields = fields
